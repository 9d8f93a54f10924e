//! Searching the team inbox on the real Cyrus: `search_server` finds a new thread by a word only
//! in its body, by its subject and sender, by its tag and date, and leaves it out once a team
//! term no longer holds.
//!
//! Cyrus answers `text`, `subject` and `from` through its Xapian index, which the rolling
//! squatter (scripts/cyrus/cyrus.conf.in) fills a second or two after mail arrives: the first
//! searches wait for it (`eventually`).

mod common;

use common::{block_on, connect, deliver, eventually, team_account};
use tandem_core::jmap::methods::{EmailGet, EmailQuery};
use tandem_core::jmap::{JmapClient, Request};
use tandem_core::mailboxes::{inbox_id, load_mailboxes};
use tandem_core::native_transport::NativeTransport;
use tandem_core::search::{parse, resolve, search_server, Scope, SearchText};
use tandem_core::team::notes::Author;
use tandem_core::team::settings::{load_settings, update_settings};
use tandem_core::team::status::{set_status, Status};
use tandem_core::team::tags::{delete_tag, tag_thread};

type Client = JmapClient<NativeTransport>;

fn now() -> std::time::Duration {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap()
}

/// A word no other mail holds: `prefix` and letters only (the index splits words at digits).
fn unique_word(prefix: &str) -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut n = now().as_nanos() as u64 ^ (u64::from(std::process::id()) << 40);
    n = n.wrapping_add(COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    let mut word = prefix.to_string();
    while n > 0 {
        word.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    word
}

fn author() -> Author {
    Author { login: "alice".into(), name: "Alice".into(), at_ms: now().as_millis() as u64 }
}

/// The thread ids `search_server` finds for `query` (as alice, whose team settings bind it).
fn found(client: &Client, account: &str, inbox: &str, query: &str) -> Vec<String> {
    let settings = block_on(load_settings(client, account)).unwrap().settings;
    let resolved = resolve(&parse(query).unwrap(), &settings, "alice").unwrap();
    let page = block_on(search_server(client, account, inbox, &resolved, 50)).unwrap();
    for t in &page.threads {
        assert!(resolved.matches(t, &SearchText::of(t), Scope::ServerHit), "{query}: every hit matches the team's terms");
    }
    page.threads.into_iter().map(|t| t.thread_id).collect()
}

/// `found`, asked again for up to 30 s until it includes `thread` (the index catching up).
fn finds(client: &Client, account: &str, inbox: &str, query: &str, thread: &str) -> bool {
    eventually(30, || found(client, account, inbox, query), |ids| ids.iter().any(|t| t == thread)).iter().any(|t| t == thread)
}

/// A customer writes to the team: returns the new thread's id.
fn customer_mail(client: &Client, account: &str, sender: &str, subject: &str, body: &str) -> String {
    let message_id = format!("{}@customer.example", unique_word("search"));
    deliver(
        "support",
        &format!(
            "From: {sender} <{sender}@customer.example>\r\nTo: Support <support@tandem.test>\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\n\r\n{body}\r\n\r\nThanks\r\n"
        ),
    );
    let thread = eventually(
        30,
        || {
            let mut request = Request::new();
            let query = request.add(EmailQuery::new(account).filter(serde_json::json!({ "header": ["Message-ID", message_id] })));
            let get = request.add(EmailGet::new(account, query.ids("/ids")).properties(&["threadId"]));
            let response = block_on(client.send(request)).unwrap();
            response.get(&get).unwrap().list.first().map(|e| e.thread_id.clone())
        },
        Option::is_some,
    );
    thread.expect("the delivered mail is in the team account")
}

#[test]
fn the_server_finds_a_thread_by_body_subject_sender_tag_and_date_and_drops_closed_ones() {
    let alice = connect("alice");
    let account = team_account(&alice);
    let inbox = inbox_id(&block_on(load_mailboxes(&alice, &account)).unwrap()).unwrap().to_string();
    let (body_word, subject_word, sender) = (unique_word("bodyword"), unique_word("subjectword"), unique_word("sender"));
    let thread = customer_mail(&alice, &account, &sender, &format!("Search test {subject_word}"), &format!("The {body_word} never came."));

    // Text searches whole messages: a word only in the body finds it (once the index has it).
    assert!(finds(&alice, &account, &inbox, &body_word.to_uppercase(), &thread), "text: {body_word}");
    assert!(finds(&alice, &account, &inbox, &format!("subject:{subject_word}"), &thread));
    assert!(finds(&alice, &account, &inbox, &format!("from:{sender}"), &thread));
    assert!(!found(&alice, &account, &inbox, &format!("subject:{body_word}")).contains(&thread), "the body word is not in the subject");
    assert!(!found(&alice, &account, &inbox, &format!("{body_word} -{subject_word}")).contains(&thread), "negated text");

    // Dates: received today (UTC).
    let today = &tandem_core::date::format_utc(now().as_secs() as i64)[..10];
    assert!(found(&alice, &account, &inbox, &format!("{body_word} after:{today}")).contains(&thread));
    assert!(!found(&alice, &account, &inbox, &format!("{body_word} before:{today}")).contains(&thread));

    // Tags: by name (any script), once tagged.
    let name = format!("搜索{}", unique_word(""));
    let settings = block_on(update_settings(&alice, &account, "alice", |s| {
        s.create_tag(&name, "#2f9e44", now().as_millis() as u64, "alice").map(|_| ())
    }))
    .unwrap();
    let tag = settings.tags.iter().find(|t| t.name == name).expect("the new tag").id.clone();
    assert!(found(&alice, &account, &inbox, &format!("tag:{name}")).is_empty(), "no thread has the new tag yet");
    block_on(tag_thread(&alice, &account, &thread, &author(), &tag, &name, true)).unwrap();
    assert_eq!(eventually(10, || found(&alice, &account, &inbox, &format!("tag:{name}")), |ids| !ids.is_empty()), vec![thread.clone()]);
    assert!(found(&alice, &account, &inbox, &format!("{body_word} -is:closed is:open")).contains(&thread));

    // Closed: `-is:closed` leaves it out, `is:closed` finds it.
    block_on(set_status(&alice, &account, &thread, &author(), Status::Closed)).unwrap();
    let open = eventually(10, || found(&alice, &account, &inbox, &format!("{body_word} -is:closed")), |ids| !ids.contains(&thread));
    assert!(!open.contains(&thread), "-is:closed excludes the closed thread");
    assert!(found(&alice, &account, &inbox, &format!("{body_word} is:closed tag:{name}")).contains(&thread));

    // Tidy: the team keeps at most 60 tags, and the seeded threads' counts stay as they were.
    block_on(delete_tag(&alice, &account, "alice", &tag)).unwrap();
}
