//! The team scheme (docs/scheme.md) against the real Cyrus: what each operation leaves on the
//! server, as another agent's client reads it. Each test works on its own demo thread, and looks
//! only at what it did: the tests run at once, and again on a server earlier runs left changed.

mod common;

use common::{block_on, connect, deliver, eventually, state_dir, team_account, thread_with_subject};
use tandem_core::conversation::load_conversation;
use tandem_core::error::ErrorKind;
use tandem_core::jmap::methods::{EmailGet, EmailQuery, EmailSet};
use tandem_core::jmap::{JmapClient, Request};
use tandem_core::native_transport::NativeTransport;
use tandem_core::team::activity::Activity;
use tandem_core::team::assignment::{assign, AssignOutcome};
use tandem_core::team::notes::{add_note, delete_note, edit_note, Author};
use tandem_core::team::status::{set_status, Status};
use tandem_core::team::thread_state::read_thread_state;
use tandem_core::{JmapError, Refusal};

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}

fn author(login: &str) -> Author {
    Author { login: login.into(), name: login.to_uppercase(), at_ms: now_ms() }
}

/// The activity records of `thread`, oldest first.
fn activity(client: &JmapClient<NativeTransport>, account: &str, thread: &str) -> Vec<String> {
    block_on(load_conversation(client, account, thread)).unwrap().messages.into_iter().filter(|m| m.activity).map(|m| m.body).collect()
}

/// The activity records of `thread`, oldest first, read from their headers as the app reads them.
fn activity_headers(client: &JmapClient<NativeTransport>, account: &str, thread: &str) -> Vec<Option<(String, Activity)>> {
    let messages = block_on(load_conversation(client, account, thread)).unwrap().messages;
    let records = messages.into_iter().filter(|m| m.activity);
    records
        .map(|m| m.activity_headers.and_then(|h| Activity::of_record(&h.activity, &h.author, h.snooze_until.as_deref(), &m.body)))
        .collect()
}

/// Where `email_id` went, beside the Message-IDs of the thread it was meant to join (what a
/// failure says: which reference the server did not thread it by).
fn placed(
    client: &JmapClient<NativeTransport>,
    account: &str,
    email_id: &str,
    meant: &tandem_core::model::thread_state::ThreadState,
) -> String {
    let properties = ["threadId", "subject", "messageId", "inReplyTo", "references", "mailboxIds"];
    let get = EmailGet::new(account, tandem_core::jmap::Ids::List(vec![email_id.into()])).properties(&properties);
    let found = block_on(client.call(get)).map(|r| r.list.into_iter().next());
    let ids: Vec<_> = meant.emails.iter().map(|e| (&e.id, &e.message_id, &e.subject)).collect();
    format!("the email: {found:?}; the thread's emails (id, Message-ID, subject): {ids:?}")
}

/// The threads with an email that matches `filter`, as a server query any client can make.
fn threads_matching(client: &JmapClient<NativeTransport>, account: &str, filter: serde_json::Value) -> Vec<String> {
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account).filter(filter).collapse_threads(true));
    let get = request.add(EmailGet::new(account, query.ids("/ids")).properties(&["threadId"]));
    block_on(client.send(request)).unwrap().get(&get).unwrap().list.into_iter().map(|e| e.thread_id).collect()
}

#[test]
fn assignment_is_seen_by_teammates_and_survives_new_mail() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let account = team_account(&alice);
    let thread = thread_with_subject(&alice, &account, "Cannot reset my password");
    let earlier = activity(&bob, &account, &thread).len();

    let outcome = block_on(assign(&alice, &account, &thread, &author("alice"), None, Some("alice"))).unwrap();
    assert!(matches!(outcome, AssignOutcome::Done(ref s) if s.assignee.as_deref() == Some("alice")), "{outcome:?}");
    let seen_by_bob = block_on(read_thread_state(&bob, &account, &thread)).unwrap();
    assert_eq!(seen_by_bob.assignee.as_deref(), Some("alice"));
    assert!(seen_by_bob.emails.iter().all(|e| e.has_keyword("$tandem_assigned") && e.has_keyword("$tandem_to_alice")));
    assert_eq!(
        activity(&bob, &account, &thread)[earlier..],
        ["ALICE took this conversation"],
        "the change is recorded with who (and when: receivedAt)"
    );
    assert_eq!(
        activity_headers(&bob, &account, &thread)[earlier..],
        [Some(("alice".to_string(), Activity::Assigned(Some("alice".into()))))],
        "and in its headers, by login"
    );

    // Mine, as a server query any client can make (other tests assign alice too: only this thread
    // is looked for).
    let alices = || threads_matching(&bob, &account, serde_json::json!({"hasKeyword": "$tandem_to_alice"}));
    assert!(alices().contains(&thread), "the thread is in alice's Mine");

    // A new customer message does not unassign.
    let anchor = seen_by_bob.emails.last().unwrap().message_id.clone().unwrap()[0].clone();
    deliver("support", &format!("From: Tom Becker <tom@example.net>\nTo: support@tandem.test\nSubject: Re: Cannot reset my password\nMessage-ID: <assign-followup-{}@example.net>\nIn-Reply-To: <{anchor}>\nReferences: <{anchor}>\nContent-Type: text/plain; charset=utf-8\n\nStill no reset email, sorry.\n", now_ms()));
    let after = block_on(read_thread_state(&bob, &account, &thread)).unwrap();
    assert_eq!(after.emails.len(), seen_by_bob.emails.len() + 1, "the follow-up joined the thread");
    assert_eq!(after.assignee.as_deref(), Some("alice"));

    // Reassign (alice → bob), then unassign.
    let outcome = block_on(assign(&bob, &account, &thread, &author("bob"), Some("alice"), Some("bob"))).unwrap();
    let AssignOutcome::Done(state) = outcome else { panic!("{outcome:?}") };
    assert_eq!(state.assignee.as_deref(), Some("bob"));
    assert!(state.emails.iter().all(|e| !e.has_keyword("$tandem_to_alice")));
    assert!(!alices().contains(&thread), "the thread left alice's Mine");
    let AssignOutcome::Done(state) = block_on(assign(&bob, &account, &thread, &author("bob"), Some("bob"), None)).unwrap() else {
        panic!()
    };
    assert_eq!(state.assignee, None);
    assert!(state.emails.iter().all(|e| !e.has_keyword("$tandem_assigned")));
}

#[test]
fn two_agents_taking_one_thread_at_once_end_with_one_assignee() {
    let account = team_account(&connect("alice"));
    let thread = thread_with_subject(&connect("alice"), &account, "Two-factor codes not arriving by SMS");
    for round in 0..4 {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let handles: Vec<_> = ["alice", "bob"]
            .into_iter()
            .map(|agent| {
                let (barrier, account, thread) = (barrier.clone(), account.clone(), thread.clone());
                std::thread::spawn(move || {
                    let client = connect(agent);
                    barrier.wait();
                    (agent, block_on(assign(&client, &account, &thread, &author(agent), None, Some(agent))).unwrap())
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<&str> = results.iter().filter(|(_, o)| matches!(o, AssignOutcome::Done(_))).map(|(a, _)| *a).collect();
        assert_eq!(winners.len(), 1, "round {round}: exactly one agent gets the thread: {results:?}");
        for (_, outcome) in &results {
            if let AssignOutcome::Conflict { current, .. } = outcome {
                assert_eq!(current.as_deref(), Some(winners[0]), "the loser is told who has it");
            }
        }
        let state = block_on(read_thread_state(&connect("carol"), &account, &thread)).unwrap();
        assert_eq!(state.assignee.as_deref(), Some(winners[0]));
        let assignee_keywords = state.emails[0].keywords.keys().filter(|k| k.starts_with("$tandem_to_")).count();
        assert_eq!(assignee_keywords, 1, "never two assignees on an email");
        let AssignOutcome::Done(_) =
            block_on(assign(&connect(winners[0]), &account, &thread, &author(winners[0]), Some(winners[0]), None)).unwrap()
        else {
            panic!()
        };
    }
}

#[test]
fn statuses_apply_to_the_whole_thread_and_new_mail_reopens() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let account = team_account(&alice);
    let thread = thread_with_subject(&alice, &account, "Charged twice this month");
    let earlier = activity(&bob, &account, &thread).len();
    for status in [Status::Pending, Status::Snoozed, Status::Closed] {
        let state = block_on(set_status(&alice, &account, &thread, &author("alice"), status)).unwrap();
        assert_eq!(state.status, status, "the activity record added to the thread does not change its status");
        assert_eq!(block_on(read_thread_state(&bob, &account, &thread)).unwrap().status, status, "bob sees {status:?}");
    }
    assert_eq!(
        activity(&bob, &account, &thread)[earlier..],
        ["ALICE marked this conversation pending", "ALICE marked this conversation snoozed", "ALICE marked this conversation closed"],
        "in the order they happened, even within one second"
    );
    let before = block_on(read_thread_state(&bob, &account, &thread)).unwrap();
    let anchor = before.emails.last().unwrap().message_id.clone().unwrap()[0].clone();
    deliver("support", &format!("From: María González <maria@example.net>\nTo: support@tandem.test\nSubject: Re: Charged twice this month\nMessage-ID: <reopen-{}@example.net>\nIn-Reply-To: <{anchor}>\nReferences: <{anchor}>\nContent-Type: text/plain; charset=utf-8\n\nIt happened again today.\n", now_ms()));
    let after = block_on(read_thread_state(&bob, &account, &thread)).unwrap();
    assert_eq!(after.emails.len(), before.emails.len() + 1);
    assert_eq!(after.status, Status::Open, "a new customer message reopens a closed thread");

    // The server can answer the Closed view itself (the keyword is in conversations_counted_flags).
    block_on(set_status(&alice, &account, &thread, &author("alice"), Status::Closed)).unwrap();
    // In the inbox: tests of the sync engine close threads of their own mailboxes.
    let inbox = before.emails.iter().find(|e| e.tandem_kind.is_none()).and_then(|e| e.mailbox_ids.keys().next().cloned()).unwrap();
    let closed = || threads_matching(&bob, &account, serde_json::json!({"allInThreadHaveKeyword": "$tandem_closed", "inMailbox": inbox}));
    assert!(closed().contains(&thread), "the server lists the thread as closed");
    block_on(set_status(&alice, &account, &thread, &author("alice"), Status::Open)).unwrap();
    assert!(!closed().contains(&thread), "and no longer once it is open again");
}

#[test]
fn notes_join_the_thread_keep_its_state_and_belong_to_their_author() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let account = team_account(&alice);
    let thread = thread_with_subject(&alice, &account, "How do I add a second admin?");
    block_on(set_status(&alice, &account, &thread, &author("alice"), Status::Pending)).unwrap();

    let text = "Checked: their plan allows 3 admins. @bob can you call them? مرحبا";
    let mentions = tandem_core::team::notes::mentioned(text, &["alice".to_string(), "bob".to_string(), "carol".to_string()]);
    assert_eq!(mentions, vec!["bob"]);
    let inbox =
        tandem_core::mailboxes::inbox_id(&block_on(tandem_core::mailboxes::load_mailboxes(&bob, &account)).unwrap()).unwrap().to_string();
    let count = |who: &str| {
        block_on(tandem_core::team::views::view_counts(&connect(who), &account, &inbox, who, &[tandem_core::team::views::View::Mentions]))
            .unwrap()[0]
    };
    let (bob_before, carol_before) = (count("bob"), count("carol"));
    let note = block_on(add_note(&alice, &account, &thread, &author("alice"), text, &mentions)).unwrap();
    assert_eq!((count("bob"), count("carol")), (bob_before + 1, carol_before), "the thread is in bob's Mentions, not carol's");
    let state = eventually(10, || block_on(read_thread_state(&bob, &account, &thread)).unwrap(), |s| s.emails.iter().any(|e| e.id == note));
    assert!(state.emails.iter().any(|e| e.id == note), "the note joined the customer thread: {}", placed(&bob, &account, &note, &state));
    assert_eq!(state.status, Status::Pending, "adding a note does not reopen the thread");
    assert!(state.emails.iter().filter(|e| e.tandem_kind.is_none()).all(|e| e.has_keyword("$hasmemo")));

    let conversation = block_on(load_conversation(&bob, &account, &thread)).unwrap();
    let shown = conversation.messages.iter().find(|m| m.id == note).unwrap();
    assert_eq!(shown.note_author.as_deref(), Some("alice"));
    assert!(shown.body.contains("مرحبا"));
    assert!(shown.unread, "bob has not read alice's note");
    assert!(conversation.messages.iter().filter(|m| m.id != note).all(|m| m.note_author.is_none()));

    // Only the author edits or deletes.
    match block_on(delete_note(&bob, &account, &note, &author("bob"))) {
        Err(JmapError::Invalid(why)) => assert_eq!(why, Refusal::NotNoteAuthor),
        other => panic!("bob deleted alice's note: {other:?}"),
    }
    let edited = block_on(edit_note(&alice, &account, &note, &author("alice"), "Plan allows 3 admins.", &[])).unwrap();
    assert_eq!(count("bob"), bob_before, "the edit no longer mentions bob");
    let conversation = block_on(load_conversation(&bob, &account, &thread)).unwrap();
    assert!(conversation.messages.iter().all(|m| m.id != note), "the old version is gone");
    assert_eq!(conversation.messages.iter().find(|m| m.id == edited).unwrap().body, "Plan allows 3 admins.");
    block_on(delete_note(&alice, &account, &edited, &author("alice"))).unwrap();
    let conversation = block_on(load_conversation(&bob, &account, &thread)).unwrap();
    assert!(conversation.messages.iter().all(|m| m.note_author.is_none()));
    block_on(set_status(&alice, &account, &thread, &author("alice"), Status::Open)).unwrap();

    // Nothing was ever submitted: the SMTP sink holds no note.
    let sink = state_dir().join("sink");
    for entry in std::fs::read_dir(&sink).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        assert!(!text.contains("X-Tandem-Kind"), "a note reached the SMTP sink: {}", entry.path().display());
    }
}

#[test]
fn the_keyword_budget_error_reaches_the_agent_as_a_clear_message() {
    // alice's own Inbox, so the team mailboxes keep their keyword budget.
    let alice = connect("alice");
    let account = alice.session().primary_mail_account().unwrap().to_string();
    let mut request = Request::new();
    let q = request.add(EmailQuery::new(&account).limit(1));
    let email = block_on(alice.send(request)).unwrap().get(&q).unwrap().ids[0].clone();
    let mut error = None;
    for batch in 0..10 {
        let patch: serde_json::Map<String, serde_json::Value> =
            (0..20).map(|i| (format!("keywords/budget_{batch}_{i}"), serde_json::json!(true))).collect();
        let mut request = Request::new();
        let set = request.add(EmailSet::new(&account).update(&email, serde_json::Value::Object(patch)));
        let result = block_on(alice.send(request)).unwrap().get(&set).map(|r| r.first_error());
        match result {
            Ok(None) => continue,
            Ok(Some(e)) | Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let error = error.expect("Cyrus refuses past 128 custom keywords in a mailbox");
    let kind = match &error {
        JmapError::NotSet { error: e, .. } | JmapError::Method(e) => e.kind.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(kind, ErrorKind::TooManyKeywords, "{error:?}");
    let message = error.to_string();
    assert!(message.contains("cannot store more labels"), "{message}");
}

#[test]
fn a_snoozed_thread_wakes_at_its_time_and_not_before() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let account = team_account(&alice);
    let inbox =
        tandem_core::mailboxes::inbox_id(&block_on(tandem_core::mailboxes::load_mailboxes(&alice, &account)).unwrap()).unwrap().to_string();
    let later = thread_with_subject(&alice, &account, "Bulk import stuck at 99%");
    let due = thread_with_subject(&alice, &account, "Calendar sync duplicates every event");
    let now = (now_ms() / 1000) as i64;
    let state = block_on(tandem_core::team::status::snooze(&alice, &account, &later, &author("alice"), "2099-01-01T09:00:00Z")).unwrap();
    assert_eq!(state.status, Status::Snoozed);
    block_on(tandem_core::team::status::snooze(&alice, &account, &due, &author("alice"), "2020-01-01T09:00:00Z")).unwrap();
    // The snooze records, as bob's requests see them: each thread's time is its record's.
    let until =
        |thread: &str| eventually(10, || block_on(read_thread_state(&bob, &account, thread)).unwrap().snoozed_until, Option::is_some);
    assert_eq!(until(&later).as_deref(), Some("2099-01-01T09:00:00Z"));
    assert_eq!(until(&due).as_deref(), Some("2020-01-01T09:00:00Z"));

    let woken = block_on(tandem_core::team::snooze::wake_due(&bob, &account, &inbox, now, &author("bob"))).unwrap();
    assert_eq!(woken, 1);
    assert_eq!(block_on(read_thread_state(&alice, &account, &due)).unwrap().status, Status::Open, "the due thread woke");
    assert_eq!(block_on(read_thread_state(&alice, &account, &later)).unwrap().status, Status::Snoozed, "the other sleeps on");
    let timeline = block_on(load_conversation(&alice, &account, &due)).unwrap();
    assert!(timeline.messages.iter().any(|m| m.activity && m.body.contains("snooze ended")));
    let read = activity_headers(&alice, &account, &due);
    assert!(read.contains(&Some(("bob".into(), Activity::Woke))), "{read:?}");
    let snoozed = Activity::Snoozed { until: "2020-01-01T09:00:00Z".into() };
    assert!(read.contains(&Some(("alice".into(), snoozed))), "the snooze's end from its header: {read:?}");
    block_on(set_status(&alice, &account, &later, &author("alice"), Status::Open)).unwrap();
}

#[test]
fn agents_making_the_same_tandem_mailbox_at_once_all_get_the_one_made() {
    // The first saves of a morning: several agents find `Tandem/<name>` missing at the same moment.
    let name = format!("Race {}", now_ms());
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let agents = ["alice", "bob", "carol", "alice"].map(|login| {
        let (start, name) = (start.clone(), name.clone());
        std::thread::spawn(move || {
            let client = connect(login);
            let account = team_account(&client);
            start.wait();
            block_on(tandem_core::team::tandem_mailboxes::ensure(&client, &account, &name))
        })
    });
    let ids: Vec<String> = agents.into_iter().map(|agent| agent.join().unwrap().expect("each agent gets the mailbox")).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "one mailbox: {ids:?}");
}
