//! Replying as the team, against the real Cyrus and its SMTP sink (the witness that a message
//! left, and how many times): a reply leaves once, from the team's address, joined to the
//! customer's thread; a lost answer and a retry still make one message; a held reply taken back
//! leaves nothing; a note never leaves. Needs the Cyrus that scripts/test.sh starts.

mod common;
#[path = "common/sync_helpers.rs"]
mod sync_helpers;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{block_on, deliver, state_dir};
use sync_helpers::{emails_with_message_id, faulty_client, unique, Client};
use tandem_core::conversation::build;
use tandem_core::date::format_utc;
use tandem_core::jmap::methods::{EmailGet, ThreadGet};
use tandem_core::jmap::objects::Email;
use tandem_core::jmap::Ids;
use tandem_core::model::status::Status;
use tandem_core::reply::upload::{human_size, upload_text, UploadLimits};
use tandem_core::reply::{reply_start, send, take_back, Address, Hold, Outgoing, ReplyKind, SendJob, TakenBack};
use tandem_core::sync::fault::Fault;
use tandem_core::sync::{Outbox, OutboxEntry, MAX_SERVER_FAILURES};
use tandem_core::team::notes::{add_note, Author};
use tandem_core::team::status::set_status;
use tandem_core::team::thread_state::read_thread_state;

const TEAM_ADDRESS: &str = "support@tandem.test";

/// A customer writes to the team; returns the thread's emails as the team account reads them.
fn customer_writes(client: &Client, team: &str, subject: &str) -> Vec<Email> {
    customer_writes_body(client, team, subject, "Content-Type: text/plain; charset=utf-8\r\n\r\nWhere is my refund?\r\n")
}

/// The same with `body`: its MIME headers, a blank line and the body.
fn customer_writes_body(client: &Client, team: &str, subject: &str, body: &str) -> Vec<Email> {
    let message_id = format!("{}@customer.example", unique("m").replace(' ', "."));
    deliver(
        "support",
        &format!(
            "From: Ahmed <ahmed@customer.example>\r\nTo: Support <{TEAM_ADDRESS}>\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n{body}"
        ),
    );
    let ids = emails_with_message_id(client, team, &message_id);
    assert_eq!(ids.len(), 1, "the customer's email arrived");
    thread_emails(client, team, &ids[0])
}

fn thread_emails(client: &Client, team: &str, email_id: &str) -> Vec<Email> {
    let properties = [
        "id",
        "threadId",
        "messageId",
        "references",
        "from",
        "to",
        "cc",
        "replyTo",
        "subject",
        "receivedAt",
        "keywords",
        "attachments",
        "header:X-Tandem-Kind:asText",
    ];
    let one = block_on(client.call(EmailGet::new(team, Ids::List(vec![email_id.into()])).properties(&["threadId"]))).unwrap();
    let thread = one.list[0].thread_id.clone();
    let ids = block_on(client.call(ThreadGet::new(team, Ids::List(vec![thread])))).unwrap().list.remove(0).email_ids;
    block_on(client.call(EmailGet::new(team, Ids::List(ids)).properties(&properties))).unwrap().list
}

/// A reply from alice to the thread of `emails`, with a Message-ID of its own.
fn reply_job(client: &Client, team: &str, emails: &[Email], text: &str, hold: Option<Hold>) -> SendJob {
    let messages = build(&emails[0].thread_id, emails.to_vec()).messages;
    let start = reply_start(&messages, &[TEAM_ADDRESS.into()], ReplyKind::Reply).expect("a message to answer");
    let message = Outgoing {
        from: Address::new("Support", TEAM_ADDRESS),
        to: start.to,
        cc: start.cc,
        bcc: vec![],
        subject: start.subject,
        in_reply_to: start.in_reply_to,
        references: start.references,
        text: text.into(),
        quoted: Some((format!("{} wrote:", start.quoted_from), start.quoted_text)),
        attachments: vec![],
        message_id: format!("{}@tandem.test", unique("reply").replace(' ', ".")),
        sent_at: "2026-12-04T10:05:00Z".into(),
    };
    let agent = client.session().primary_mail_account().expect("alice's own account").to_string();
    SendJob {
        agent_account: agent,
        team_account: team.into(),
        message,
        hold,
        answers: start.answers.into_iter().collect(),
        status_after: None,
        drafts_of: None,
        not_before_ms: None,
        sent_by: Some("alice".into()),
    }
}

/// Sends `job` as the outbox does: a server failure (Cyrus answers a create that carries an
/// uploaded blob with `serverFail`, "System I/O error", now and then on a loaded machine) is tried
/// again, up to `MAX_SERVER_FAILURES` times; `send` finds what an earlier attempt created.
fn send_as_the_outbox_does(client: &Client, job: &SendJob) -> tandem_core::reply::Submitted {
    let mut failures = 0;
    loop {
        match block_on(send(client, job)) {
            Ok(sent) => return sent,
            Err(e) if e.is_server_failure() && failures + 1 < MAX_SERVER_FAILURES => failures += 1,
            Err(e) => panic!("not sent: {e:?}"),
        }
    }
}

fn team_of(client: &Client) -> String {
    client.session().mail_accounts().into_iter().find(|a| a.is_team).expect("a team inbox account").id
}

fn sink() -> PathBuf {
    state_dir().join("sink")
}

/// The messages at the SMTP sink that carry `message_id`.
fn at_sink(message_id: &str) -> Vec<String> {
    let needle = format!("Message-Id: <{message_id}>").to_ascii_lowercase();
    std::fs::read_dir(sink())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter(|text| text.to_ascii_lowercase().contains(&needle))
        .collect()
}

/// Waits until `count` messages with `message_id` reached the sink (held mail is released by
/// Cyrus's calalarmd within seconds); panics after a minute.
fn wait_at_sink(message_id: &str, count: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let found = at_sink(message_id);
        if found.len() >= count || start.elapsed() > Duration::from_secs(60) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_reply_leaves_once_from_the_team_and_joins_the_customers_thread() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Refund"));
    let job = reply_job(&client, &team, &emails, "Your refund left today.\n\nمع التحية", None);
    let sent = block_on(send(&client, &job)).expect("sent");

    let found = wait_at_sink(&job.message.message_id, 1);
    assert_eq!(found.len(), 1, "exactly one message at the sink");
    let raw = &found[0];
    assert!(raw.contains(&format!("X-Sink-Envelope: from=<{TEAM_ADDRESS}>")), "{raw}");
    assert!(raw.contains(&format!("From: Support <{TEAM_ADDRESS}>")), "{raw}");
    let customer_id = emails[0].message_id.as_ref().unwrap()[0].clone();
    assert!(raw.contains(&format!("In-Reply-To: <{customer_id}>")), "{raw}");
    assert!(raw.contains("multipart/alternative"), "{raw}");

    let thread_now = thread_emails(&client, &team, &emails[0].id);
    let copy = thread_now.iter().find(|e| e.id == sent.team_copy_id).expect("the team's copy is in the customer's thread");
    assert_eq!(copy.thread_id, emails[0].thread_id);
    assert!(thread_now.iter().find(|e| e.id == emails[0].id).unwrap().has_keyword("$answered"));
    let shown = build(&emails[0].thread_id, thread_now.clone()).messages;
    let reply = shown.iter().find(|m| m.id == sent.team_copy_id).expect("the reply in the conversation");
    assert_eq!(reply.sent_by.as_deref(), Some("alice"), "the team sees who replied");
    assert!(shown.iter().filter(|m| m.id != sent.team_copy_id).all(|m| m.sent_by.is_none()), "the customer's mail names no agent");
}

#[test]
fn a_lost_answer_then_a_retry_still_sends_one_message() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Lost answer"));
    let job = reply_job(&client, &team, &emails, "Sent once, whatever the network does.", None);
    // The probe passes; the submission reaches the server but its answer is lost.
    client.transport().fail_next(&[Fault::Pass, Fault::AfterServer]);
    assert!(block_on(send(&client, &job)).is_err(), "the agent sees the failure");
    // The retry finds the message sent and only files it; then a third call changes nothing.
    let first = block_on(send(&client, &job)).expect("the retry settles");
    assert_eq!(first.submission_id, None, "no second submission");
    let again = block_on(send(&client, &job)).expect("a third call settles too");
    assert_eq!(again.team_copy_id, first.team_copy_id, "one copy in the team account");
    assert_eq!(wait_at_sink(&job.message.message_id, 1).len(), 1);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(at_sink(&job.message.message_id).len(), 1, "exactly one message, every time");
    assert_eq!(emails_with_message_id(&client, &team, &job.message.message_id).len(), 1);
}

#[test]
fn a_reply_lost_before_the_server_is_sent_by_the_retry() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Never reached"));
    let job = reply_job(&client, &team, &emails, "The first attempt never reached the server.", None);
    client.transport().fail_next(&[Fault::Pass, Fault::BeforeServer]);
    assert!(block_on(send(&client, &job)).is_err());
    assert!(block_on(send(&client, &job)).expect("the retry sends").submission_id.is_some());
    assert_eq!(wait_at_sink(&job.message.message_id, 1).len(), 1);
}

#[test]
fn a_held_reply_taken_back_leaves_nothing() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Undo"));
    let undone = reply_job(&client, &team, &emails, "Oops, wrong customer.", Some(Hold::For(3)));
    let kept = reply_job(&client, &team, &emails, "This one goes.", Some(Hold::For(3)));
    block_on(send(&client, &undone)).expect("held");
    block_on(send(&client, &kept)).expect("held");
    assert_eq!(block_on(take_back(&client, &undone)), Ok(TakenBack::Canceled), "taken back in time");
    // The one kept is released by the server; by then the one taken back would have been too.
    assert_eq!(wait_at_sink(&kept.message.message_id, 1).len(), 1, "the held reply left after its hold");
    assert!(at_sink(&undone.message.message_id).is_empty(), "the reply taken back never left");
    assert!(emails_with_message_id(&client, &team, &undone.message.message_id).is_empty(), "its team copy is gone");
    assert_eq!(block_on(take_back(&client, &kept)), Ok(TakenBack::AlreadyLeft), "too late for the one that left");
    let never_sent = reply_job(&client, &team, &emails, "Never queued.", Some(Hold::For(3)));
    assert_eq!(block_on(take_back(&client, &never_sent)), Ok(TakenBack::NotThere));
    let answered = thread_emails(&client, &team, &emails[0].id);
    assert!(answered.iter().find(|e| e.id == emails[0].id).unwrap().has_keyword("$answered"), "the reply kept still answers");
}

#[test]
fn a_note_never_leaves_with_a_reply() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("With a note"));
    let author = Author { login: "alice".into(), name: "Alice".into(), at_ms: 1_764_842_700_000 };
    let secret = format!("internal: refund approved by finance {}", unique("n"));
    block_on(add_note(&client, &team, &emails[0].thread_id, &author, &secret, &[])).expect("note");
    let with_note = thread_emails(&client, &team, &emails[0].id);
    let job = reply_job(&client, &team, &with_note, "Your refund is on its way.", None);
    assert_eq!(job.answers, vec![emails[0].id.clone()], "the reply answers the customer, not the note");
    block_on(send(&client, &job)).expect("sent");
    let raw = &wait_at_sink(&job.message.message_id, 1)[0];
    assert!(!raw.contains(&secret) && !raw.contains("X-Tandem-Kind"), "{raw}");
}

#[test]
fn a_reply_sent_later_leaves_at_its_time() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Later"));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let at = now + 4;
    let job = reply_job(&client, &team, &emails, "Sent while everyone was away.", Some(Hold::Until(format_utc(at))));
    block_on(send(&client, &job)).expect("scheduled");
    assert!(at_sink(&job.message.message_id).is_empty(), "not before its time");
    assert_eq!(wait_at_sink(&job.message.message_id, 1).len(), 1, "it left");
    let left = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    assert!(left >= at, "left at {left}, scheduled for {at}");
}

#[test]
fn a_reply_queued_while_offline_leaves_once_when_the_server_answers() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Offline"));
    let job = reply_job(&client, &team, &emails, "Written on the train.", None);
    let mut outbox = Outbox::new();
    outbox.push(OutboxEntry::Send { job: Box::new(job.clone()) });
    client.transport().set_offline(true);
    let report = block_on(outbox.flush(&client, 0));
    assert!(report.stopped.is_some() && outbox.len() == 1, "kept while offline");
    client.transport().set_offline(false);
    // Back online, the submission's answer is lost: the entry stays, and the next flush settles it.
    client.transport().fail_next(&[Fault::Pass, Fault::AfterServer]);
    assert!(block_on(outbox.flush(&client, 0)).stopped.is_some());
    let report = block_on(outbox.flush(&client, 0));
    assert!(outbox.is_empty(), "{report:?}");
    assert!(report.sent[0].submitted.is_some());
    assert_eq!(wait_at_sink(&job.message.message_id, 1).len(), 1);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(at_sink(&job.message.message_id).len(), 1, "one message, after three flushes");
}

/// On a server that cannot hold mail the client holds the reply for the undo window: the outbox
/// keeps it (and what follows) until its time, then sends it once, with no hold of the server's.
#[test]
fn a_reply_held_by_the_client_waits_in_the_outbox_for_its_time_and_leaves_once() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Held here"));
    let mut job = reply_job(&client, &team, &emails, "Held on this device.", None);
    let at = 1_800_000_000_000;
    job.not_before_ms = Some(at);
    let mut outbox = Outbox::new();
    outbox.push(OutboxEntry::Send { job: Box::new(job.clone()) });
    let report = block_on(outbox.flush(&client, at - 1));
    assert_eq!((report.waiting_until, report.requests, outbox.len()), (Some(at), 0, 1), "nothing sent before its time");
    let report = block_on(outbox.flush(&client, at));
    assert!(outbox.is_empty() && report.sent[0].submitted.is_some(), "{report:?}");
    assert_eq!(wait_at_sink(&job.message.message_id, 1).len(), 1);
    assert!(block_on(outbox.flush(&client, at + 1)).sent.is_empty());
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(at_sink(&job.message.message_id).len(), 1, "once");
}

#[test]
fn a_refused_reply_comes_back_with_a_sentence() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Refused"));
    let mut job = reply_job(&client, &team, &emails, "To nobody.", None);
    job.message.to[0].email = "not an address".into();
    let mut outbox = Outbox::new();
    outbox.push(OutboxEntry::Send { job: Box::new(job) });
    let report = block_on(outbox.flush(&client, 0));
    assert!(outbox.is_empty());
    assert!(report.rollbacks[0].message.contains("“not an address” is not an email address."), "{}", report.rollbacks[0].message);
}

#[test]
fn a_reply_keeps_a_closed_conversation_closed_and_send_and_pending_marks_it_pending() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let author = Author { login: "alice".into(), name: "Alice".into(), at_ms: 1_764_842_700_000 };
    let emails = customer_writes(&client, &team, &unique("Closed then answered"));
    let thread = emails[0].thread_id.clone();
    block_on(set_status(&client, &team, &thread, &author, Status::Closed)).expect("closed");
    let job = reply_job(&client, &team, &thread_emails(&client, &team, &emails[0].id), "One more thing.", None);
    block_on(send(&client, &job)).expect("sent");
    assert_eq!(block_on(read_thread_state(&client, &team, &thread)).unwrap().status, Status::Closed, "the reply did not reopen it");

    let mut pending = reply_job(&client, &team, &thread_emails(&client, &team, &emails[0].id), "Waiting on you.", None);
    pending.status_after = Some(Status::Pending);
    block_on(set_status(&client, &team, &thread, &author, Status::Pending)).expect("pending");
    block_on(send(&client, &pending)).expect("sent");
    assert_eq!(block_on(read_thread_state(&client, &team, &thread)).unwrap().status, Status::Pending);
}

#[test]
fn a_forward_carries_the_attachments_without_uploading_them_again() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let body = "Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nThe log is attached.\r\n--b1\r\nContent-Type: text/plain; name=import-log.txt\r\nContent-Disposition: attachment; filename=import-log.txt\r\n\r\nline 1: bad date 31/02\r\n--b1--\r\n";
    let emails = customer_writes_body(&client, &team, &unique("Import failed"), body);
    let messages = build(&emails[0].thread_id, emails.to_vec()).messages;
    let start = reply_start(&messages, &[TEAM_ADDRESS.into()], ReplyKind::Forward).expect("a message to forward");
    assert_eq!(start.attachments.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), vec!["import-log.txt"]);
    let mut job = reply_job(&client, &team, &emails, "Forwarding to the developers.", None);
    job.message.to = vec![Address::new("Dev team", "dev@example.org")];
    job.message.subject = start.subject.clone();
    job.message.in_reply_to.clear();
    job.message.references.clear();
    job.message.attachments = start.attachments;
    send_as_the_outbox_does(&client, &job);
    let raw = &wait_at_sink(&job.message.message_id, 1)[0];
    // "line 1: bad date 31/02", as the server encodes it.
    assert!(raw.contains("filename=\"import-log.txt\"") && raw.contains("bGluZSAxOiBiYWQgZGF0ZSAzMS8wMg=="), "{raw}");
}

#[test]
fn a_file_uploaded_to_the_team_account_leaves_with_the_reply() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let emails = customer_writes(&client, &team, &unique("Invoice"));
    let name = format!("{}.txt", unique("invoice").replace(' ', "-"));
    let attached = block_on(upload_text(&client, &team, &name, "text/plain", "Invoice 42: 10 EUR\r\n".into())).expect("uploaded");
    assert_eq!((attached.name.as_str(), attached.mime_type.as_str(), attached.size), (name.as_str(), "text/plain", 20));
    let mut job = reply_job(&client, &team, &emails, "Your invoice is attached.", None);
    job.message.attachments = vec![attached];
    send_as_the_outbox_does(&client, &job);
    let found = wait_at_sink(&job.message.message_id, 1);
    assert_eq!(found.len(), 1, "one message at the sink");
    // "Invoice 42: 10 EUR\r\n", as the server encodes it.
    assert!(found[0].contains(&format!("filename=\"{name}\"")) && found[0].contains("SW52b2ljZSA0MjogMTAgRVVSDQo="), "{}", found[0]);
}

#[test]
fn a_file_larger_than_the_server_takes_is_refused_before_it_is_sent() {
    let client = faulty_client("alice");
    let team = team_of(&client);
    let limits = UploadLimits::of(client.session(), &team);
    let limit = limits.max_attachments_per_email.unwrap_or(limits.max_size_upload).min(limits.max_size_upload);
    client.transport().reset_traffic();
    let refused = block_on(upload_text(&client, &team, "scan.tiff", "image/tiff", "x".repeat(limit as usize + 1))).unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!("scan.tiff is {}; this server takes files up to {}.", human_size(limit + 1), human_size(limit))
    );
    assert_eq!(client.transport().traffic().requests, 0, "nothing was sent");
}

/// Cyrus 3.6 offers no identity with an address: none on the shared team account
/// (`accountNotSupportedByMethod`), and its stub on the agent's own has an empty address. The
/// team's own setting is the From there.
#[test]
fn cyrus_offers_no_team_identity_so_the_team_sets_its_address() {
    let alice = faulty_client("alice");
    let team = team_of(&alice);
    let own = alice.session().primary_mail_account().unwrap().to_string();
    assert_eq!(block_on(tandem_core::reply::identity::team_identity(&alice, &team)), None);
    assert_eq!(block_on(tandem_core::reply::identity::team_identity(&alice, &own)), None);
}
