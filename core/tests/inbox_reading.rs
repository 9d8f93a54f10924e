//! Reading the seeded team inbox through the JMAP layer against the real Cyrus.

mod common;

use common::{block_on, connect, team_account, ARABIC_SUBJECT, CHINESE_SUBJECT, HOSTILE_SUBJECT, HTML_ONLY_SUBJECT};
use tandem_core::conversation::load_conversation;
use tandem_core::error::ErrorKind;
use tandem_core::jmap::methods::{EmailGet, EmailQuery, MailboxGet, ThreadGet};
use tandem_core::jmap::{Ids, JmapClient, Request};
use tandem_core::mailboxes::{inbox_id, load_mailboxes};
use tandem_core::native_transport::NativeTransport;
use tandem_core::thread_list::{load_thread_page, ThreadSummary};
use tandem_core::JmapError;

#[test]
fn query_get_and_thread_get_chain_in_one_request() {
    let client = connect("alice");
    let account = team_account(&client);
    let mailboxes = block_on(load_mailboxes(&client, &account)).unwrap();
    let inbox = inbox_id(&mailboxes).unwrap().to_string();

    let mut request = Request::new();
    let query = request.add(EmailQuery::new(&account).in_mailbox(&inbox).collapse_threads(true).limit(10).calculate_total(true));
    let emails = request.add(EmailGet::new(&account, query.ids("/ids")).properties(&["id", "threadId", "subject", "receivedAt"]));
    let threads = request.add(ThreadGet::new(&account, emails.ids("/list/*/threadId")));
    let response = block_on(client.send(request)).unwrap();

    let query = response.get(&query).unwrap();
    let emails = response.get(&emails).unwrap();
    let threads = response.get(&threads).unwrap();
    assert_eq!(query.ids.len(), 10);
    assert!(query.total.unwrap() >= 30, "the demo seed has ~40 threads: {:?}", query.total);
    assert_eq!(emails.list.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), query.ids, "Email/get answers in query order");
    for email in &emails.list {
        let thread = threads.list.iter().find(|t| t.id == email.thread_id).expect("every email's thread was fetched");
        assert!(thread.email_ids.contains(&email.id));
    }
    let dates: Vec<&str> = emails.list.iter().map(|e| e.received_at.as_deref().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
}

/// Every thread of the inbox, page by page (other tests on the same server add threads: the demo
/// ones are not always on the first page).
fn all_threads(client: &JmapClient<NativeTransport>, account: &str, inbox: &str) -> (Vec<ThreadSummary>, Option<u64>) {
    let mut threads = Vec::new();
    loop {
        let page = block_on(load_thread_page(client, account, inbox, threads.len() as u64, 100)).unwrap();
        let (total, read) = (page.total, page.threads.len());
        threads.extend(page.threads);
        if read == 0 || total.is_some_and(|t| threads.len() as u64 >= t) {
            return (threads, total);
        }
    }
}

#[test]
fn the_thread_list_has_counts_previews_and_unicode() {
    let client = connect("alice");
    let account = team_account(&client);
    let inbox = inbox_id(&block_on(load_mailboxes(&client, &account)).unwrap()).unwrap().to_string();
    let (threads, total) = all_threads(&client, &account, &inbox);
    assert_eq!(total, Some(threads.len() as u64), "the pages add up to the total");

    let arabic = threads.iter().find(|t| t.subject.ends_with(ARABIC_SUBJECT)).expect("the Arabic thread");
    assert_eq!(arabic.message_count, 2);
    assert!(
        arabic.preview.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)),
        "an Arabic preview, computed when the server gives none: {:?}",
        arabic.preview
    );
    assert!(arabic.unread, "nobody has read the seeded mail");

    let chinese = threads.iter().find(|t| t.subject.ends_with(CHINESE_SUBJECT)).expect("the Chinese thread");
    assert!(!chinese.from.is_empty());
    assert!(threads.iter().any(|t| t.message_count >= 6), "the long thread");
    assert!(threads.iter().any(|t| t.has_attachment));
    // Paging: the second half of a two-page read is the same as the tail of one read.
    let tail = block_on(load_thread_page(&client, &account, &inbox, 10, 5)).unwrap();
    assert_eq!(
        tail.threads.iter().map(|t| &t.thread_id).collect::<Vec<_>>(),
        threads[10..15].iter().map(|t| &t.thread_id).collect::<Vec<_>>()
    );
}

#[test]
fn a_conversation_reads_oldest_first_as_text() {
    let client = connect("bob");
    let account = team_account(&client);
    let inbox = inbox_id(&block_on(load_mailboxes(&client, &account)).unwrap()).unwrap().to_string();
    let (threads, _) = all_threads(&client, &account, &inbox);

    let arabic = threads.iter().find(|t| t.subject.ends_with(ARABIC_SUBJECT)).unwrap();
    let conversation = block_on(load_conversation(&client, &account, &arabic.thread_id)).unwrap();
    assert_eq!(conversation.messages.len(), 2);
    assert!(conversation.messages[0].received_at <= conversation.messages[1].received_at);
    assert_eq!(conversation.subject, ARABIC_SUBJECT);
    assert!(conversation.messages[0].body.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)));

    let hostile = threads.iter().find(|t| t.subject == HOSTILE_SUBJECT).expect("the hostile mail keeps its subject as text");
    let conversation = block_on(load_conversation(&client, &account, &hostile.thread_id)).unwrap();
    let message = &conversation.messages[0];
    assert!(!message.from_html, "multipart/alternative: the plain part is read, not the HTML");
    assert!(
        message.body.contains("<script>alert('plain')</script> is just text here."),
        "plain text keeps its angle brackets: {}",
        message.body
    );
    assert!(message.from_name.contains("<script>"), "a hostile display name is kept as plain text");

    let html_only = threads.iter().find(|t| t.subject == HTML_ONLY_SUBJECT).expect("the HTML-only mail");
    assert!(!html_only.preview.contains('<'), "no raw HTML in the preview: {}", html_only.preview);
    let conversation = block_on(load_conversation(&client, &account, &html_only.thread_id)).unwrap();
    let message = &conversation.messages[0];
    assert!(message.from_html);
    assert!(message.body.contains("Your order has shipped!"), "{}", message.body);
    assert!(message.body.contains("2 × Thermal paper rolls"), "entities decoded: {}", message.body);
    assert!(!message.body.contains("<table") && !message.body.contains("style="), "no markup left: {}", message.body);
}

#[test]
fn a_request_larger_than_max_calls_is_split_and_answered_in_full() {
    let client = connect("alice");
    let account = team_account(&client);
    let calls = client.limits().max_calls_in_request + 3;
    let mut request = Request::new();
    let handles: Vec<_> = (0..calls).map(|_| request.add(MailboxGet::new(&account, Ids::All).properties(&["id", "role"]))).collect();
    let response = block_on(client.send(request)).unwrap();
    for h in &handles {
        assert!(response.get(h).unwrap().list.iter().any(|m| m.role.as_deref() == Some("inbox")));
    }
}

#[test]
fn method_errors_come_back_typed() {
    let client = connect("alice");
    let account = team_account(&client);
    let mut request = Request::new();
    let bad = request.add(EmailQuery::new(&account).filter(serde_json::json!({"inMailbox": "no-such-mailbox-id", "someInvented": 1})));
    let good = request.add(MailboxGet::new(&account, Ids::All));
    let response = block_on(client.send(request)).unwrap();
    match response.get(&bad) {
        Err(JmapError::Method(e)) => assert!(matches!(e.kind, ErrorKind::UnsupportedFilter | ErrorKind::InvalidArguments), "{e:?}"),
        other => panic!("expected a method error, got {other:?}"),
    }
    assert!(response.get(&good).is_ok(), "one failed call does not fail the others");

    let mut request = Request::new();
    let missing = request.add(EmailGet::new("no-such-account", Ids::List(vec!["x".into()])));
    match block_on(client.send(request)).unwrap().get(&missing) {
        Err(JmapError::Method(e)) => assert_eq!(e.kind, ErrorKind::AccountNotFound),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_email_state_changes_when_a_teammate_changes_a_keyword() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let account = team_account(&alice);
    let before = block_on(tandem_core::changes::email_state(&alice, &account)).unwrap();
    assert_eq!(block_on(tandem_core::changes::email_state(&alice, &account)).unwrap(), before, "stable while nothing changes");
    let mut request = Request::new();
    let q = request.add(EmailQuery::new(&account).limit(1));
    let id = block_on(bob.send(request)).unwrap().get(&q).unwrap().ids[0].clone();
    let mut request = Request::new();
    let set = request.add(tandem_core::jmap::methods::EmailSet::new(&account).update(&id, serde_json::json!({"keywords/$flagged": true})));
    block_on(bob.send(request)).unwrap().get(&set).unwrap().all_done().unwrap();
    assert_ne!(block_on(tandem_core::changes::email_state(&alice, &account)).unwrap(), before);
}
