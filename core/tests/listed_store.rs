//! The way the browser stores thread lists (indexed by mailbox and by team view, through
//! `tandem_core::sync::listing`) against the real Cyrus: after a full sync and after a teammate's
//! changes, every list read from the indexed copy is the one the server answers for that mailbox
//! or team view (server-side thread filters: the test Cyrus counts Tandem's keywords).

mod common;
#[path = "common/sync_helpers.rs"]
mod sync_helpers;

use common::block_on;
use serde_json::json;
use sync_helpers::*;
use tandem_core::jmap::methods::EmailSet;
use tandem_core::sync::*;
use tandem_core::team::views::{load_view_page, View};

fn team(client: &Client) -> String {
    client.session().mail_accounts().into_iter().find(|a| a.is_team).expect("a team account").id
}

fn at(minute: u32) -> String {
    format!("2024-07-01T09:{minute:02}:00Z")
}

/// Every list the indexed copy has for `mailbox` equals the server's, thread for thread, in order.
fn assert_lists_match_server(store: &ListedMemoryStore, client: &Client, account: &str, mailbox: &str) {
    let ids = |list: Vec<tandem_core::thread_list::ThreadSummary>| list.into_iter().map(|t| t.thread_id).collect::<Vec<_>>();
    assert_eq!(ids(store.page(account, mailbox, 0, 1000)), server_thread_ids(client, account, mailbox), "the mailbox's list");
    let views = [
        View::Open,
        View::Unassigned,
        View::Mine,
        View::Pending,
        View::Closed,
        View::Snoozed,
        View::Tag("7q".into()),
        View::Agent("bob".into()),
    ];
    for view in views {
        let server = block_on(load_view_page(client, account, mailbox, "alice", &view, 0, 1000)).unwrap();
        let local = store.page(account, &view.list_key(mailbox, "alice"), 0, 1000);
        assert_eq!(ids(local), server.threads.into_iter().map(|t| t.thread_id).collect::<Vec<_>>(), "view {view:?}");
    }
}

#[test]
fn indexed_lists_and_team_views_match_the_server_through_full_and_delta_sync() {
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "listed");
    let a = create_email(&alice, &account, &mailbox, &unique("Listed A"), &at(1), None);
    let b = create_email(&alice, &account, &mailbox, &unique("Listed B"), &at(2), None);
    let c = create_email(&alice, &account, &mailbox, &unique("Listed C"), &at(3), None);
    let d = create_email(&alice, &account, &mailbox, &unique("Listed D"), &at(4), None);
    email_set(
        &alice,
        EmailSet::new(&account).update(&a.id, json!({ "keywords/$tandem_to_alice": true, "keywords/$tandem_assigned": true })),
    );

    let options = SyncOptions { first_page: 2, page_size: 2, pages_per_request: 1, max_changes: 2, requests_in_flight: 2 };
    let (listed, reference) = (ListedMemoryStore::new(), MemoryStore::new());
    block_on(sync_mailbox(&alice, &listed, &account, &mailbox, &options, &mut |_| {})).unwrap();
    block_on(sync_mailbox(&alice, &reference, &account, &mailbox, &options, &mut |_| {})).unwrap();
    assert_eq!(listed.count(&account, &mailbox), 4);
    assert_lists_match_server(&listed, &alice, &account, &mailbox);
    assert_eq!(listed.page(&account, &View::Mine.list_key(&mailbox, "alice"), 0, 10)[0].thread_id, a.thread_id);

    // Bob closes B, assigns C to himself and tags it, replies to D, destroys A, and a new thread comes.
    email_set(&bob, EmailSet::new(&account).update(&b.id, json!({ "keywords/$tandem_closed": true })));
    email_set(
        &bob,
        EmailSet::new(&account)
            .update(&c.id, json!({ "keywords/$tandem_to_bob": true, "keywords/$tandem_assigned": true, "keywords/$tandem_tag_7q": true })),
    );
    let reply = create_email(&bob, &account, &mailbox, "", &at(6), Some(&d));
    email_set(&bob, EmailSet::new(&account).destroy(&a.id));
    let e = create_email(&bob, &account, &mailbox, &unique("Listed E"), &at(5), None);

    block_on(sync_mailbox(&alice, &listed, &account, &mailbox, &options, &mut |_| {})).unwrap();
    block_on(sync_mailbox(&alice, &reference, &account, &mailbox, &options, &mut |_| {})).unwrap();
    assert_lists_match_server(&listed, &alice, &account, &mailbox);
    let top = listed.page(&account, &mailbox, 0, 10);
    assert_eq!(
        (top[0].thread_id.as_str(), top[0].message_count, top[1].thread_id.as_str()),
        (d.thread_id.as_str(), 2, e.thread_id.as_str()),
        "the reply brought D to the top"
    );
    assert!(listed.page(&account, &View::Mine.list_key(&mailbox, "alice"), 0, 10).is_empty(), "A is gone, with its assignment");
    let reference_ids: Vec<String> = reference.account(&account).thread_list(&mailbox).into_iter().map(|t| t.thread_id).collect();
    assert_eq!(top.iter().map(|t| t.thread_id.clone()).collect::<Vec<_>>(), reference_ids, "the same list as the plain store");
    let _ = reply;

    // An optimistic edit (the outbox's) moves the thread between views before the server knows.
    let mut edit = StoreBatch::new(&account);
    edit.email_edits = vec![EmailEdit { id: e.id.clone(), keywords: [("$tandem_pending".to_string(), true)].into(), ..Default::default() }];
    block_on(listed.apply(edit)).unwrap();
    let pending = listed.page(&account, &View::Pending.list_key(&mailbox, "alice"), 0, 10);
    assert_eq!(pending.iter().map(|t| t.thread_id.as_str()).collect::<Vec<_>>(), [e.thread_id.as_str()]);
    assert!(!listed.page(&account, &View::Open.list_key(&mailbox, "alice"), 0, 10).iter().any(|t| t.thread_id == e.thread_id));
}

/// Threads received in the same second (a burst of mail, an import): the copy lists them in the
/// server's order (Cyrus breaks the tie by email id), so the rows do not move when the copy's
/// list takes over from the server's first page.
#[test]
fn threads_of_the_same_second_are_listed_in_the_servers_order() {
    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "ties");
    let first = create_email(&alice, &account, &mailbox, &unique("Tie 0"), &at(7), None);
    for i in 1..8 {
        create_email(&alice, &account, &mailbox, &unique(&format!("Tie {i}")), &at(7), None);
    }
    let reply = create_email(&alice, &account, &mailbox, "", &at(7), Some(&first));
    email_set(&alice, EmailSet::new(&account).update(&reply.id, json!({ "keywords/$tandem_closed": true })));

    let options = SyncOptions { first_page: 3, page_size: 3, pages_per_request: 1, max_changes: 3, requests_in_flight: 2 };
    let listed = ListedMemoryStore::new();
    block_on(sync_mailbox(&alice, &listed, &account, &mailbox, &options, &mut |_| {})).unwrap();
    assert_eq!(listed.count(&account, &mailbox), 8);
    assert_lists_match_server(&listed, &alice, &account, &mailbox);
}

/// A status change queued from the copy (the app's offline path, `team::queued`), sent through a
/// connection that loses the answers: the thread ends closed on the server with one activity
/// record that joined it, and the copy shows it closed before and after.
#[test]
fn a_queued_status_change_reaches_the_server_once_through_lost_answers() {
    use tandem_core::sync::fault::Fault;
    use tandem_core::team::queued::CopiedThread;
    use tandem_core::team::status::Status;
    use tandem_core::team::tandem_mailboxes::{ensure, NOTES};
    use tandem_core::team::thread_record::Author;
    use tandem_core::team::thread_state::read_thread_state;

    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "queued");
    let first = create_email(&alice, &account, &mailbox, &unique("Queued close"), &at(1), None);
    create_email(&alice, &account, &mailbox, "", &at(2), Some(&first));
    let notes = block_on(ensure(&alice, &account, NOTES)).unwrap();
    let store = ListedMemoryStore::new();
    block_on(sync_mailbox(&alice, &store, &account, &mailbox, &SyncOptions::for_limits(alice.limits()), &mut |_| {})).unwrap();

    let emails = block_on(store.read_thread_emails(&account, &first.thread_id));
    assert_eq!(emails.len(), 2);
    let thread = CopiedThread { account_id: &account, thread_id: &first.thread_id, emails: &emails, notes_mailbox: &notes };
    let actor = Author { login: "alice".into(), name: "Alice".into(), at_ms: 1_700_000_000_000 };
    let mut outbox = Outbox::new();
    for entry in thread.set_status(&actor, Status::Closed, &format!("{}@tandem.invalid", unique("q").replace(' ', "."))).unwrap() {
        block_on(store.apply(entry.optimistic_batch())).unwrap();
        outbox.push(entry);
    }
    let closed_key = tandem_core::team::views::View::Closed.list_key(&mailbox, "alice");
    assert_eq!(store.count(&account, &closed_key), 1, "closed in the copy at once");

    // The keywords' answer is lost, then the creation's: each is sent again, neither twice.
    alice.transport().fail_next(&[Fault::AfterServer]);
    assert!(block_on(outbox.flush(&alice, 0)).stopped.is_some());
    alice.transport().fail_next(&[Fault::Pass, Fault::AfterServer]);
    assert!(block_on(outbox.flush(&alice, 0)).stopped.is_some());
    let report = block_on(outbox.flush(&alice, 0));
    assert!(report.stopped.is_none() && outbox.is_empty(), "{report:?}");

    let state = block_on(read_thread_state(&alice, &account, &first.thread_id)).unwrap();
    assert_eq!(state.status, Status::Closed);
    assert_eq!(
        state.emails.iter().filter(|e| e.tandem_kind.as_deref() == Some("activity")).count(),
        1,
        "one activity record, in the thread"
    );
    block_on(sync_mailbox(&alice, &store, &account, &mailbox, &SyncOptions::for_limits(alice.limits()), &mut |_| {})).unwrap();
    assert_eq!(store.count(&account, &closed_key), 1, "still closed once the server's copy is read");
}

/// The full sync reads text only for each thread's newest mail; a note that mentions an agent
/// and has no server preview is read again with its text, so the Mentions row shows it, on a page
/// after the first. (Cyrus 3.6 gives no preview for this text: a long line, mostly ASCII, with
/// Arabic in it; pure Arabic or Chinese text gets one.)
#[test]
fn a_mentions_row_shows_an_arabic_note_read_by_the_full_sync() {
    use tandem_core::team::notes::{add_note, Author};

    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "mentions");
    let oldest = create_email(&alice, &account, &mailbox, &unique("Mentioned"), &at(1), None);
    create_email(&alice, &account, &mailbox, &unique("Newer"), &at(2), None);
    create_email(&alice, &account, &mailbox, &unique("Newest"), &at(3), None);
    let text = "Called Ravi: the secret was rotated twice. ملاحظة داخلية @bob please check.";
    let author = Author { login: "alice".into(), name: "Alice".into(), at_ms: 1_700_000_000_000 };
    block_on(add_note(&alice, &account, &oldest.thread_id, &author, text, &["bob".to_string()])).unwrap();

    // One thread per page: the mentioned thread comes in the full sync's last page.
    let options = SyncOptions { first_page: 1, page_size: 1, pages_per_request: 1, max_changes: 10, requests_in_flight: 2 };
    let store = ListedMemoryStore::new();
    block_on(sync_mailbox(&alice, &store, &account, &mailbox, &options, &mut |_| {})).unwrap();
    let rows = store.page(&account, &View::Mentions.list_key(&mailbox, "bob"), 0, 10);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].thread_id, oldest.thread_id);
    assert!(rows[0].preview.contains("ملاحظة داخلية @bob"), "the row shows the note: {:?}", rows[0].preview);
    assert!(block_on(store.sync_state(&account)).unwrap().is_some(), "the copy is complete");
}

/// A full sync cut short (here the connection drops on its third request) goes on from where it
/// stopped: the next sync neither starts over nor repeats the pages it has, and the copy ends
/// equal to the server's lists, complete, with no resume point left.
#[test]
fn an_interrupted_full_sync_goes_on_from_where_it_stopped() {
    use tandem_core::sync::fault::Fault;

    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "resume");
    for minute in 1..=6 {
        create_email(&alice, &account, &mailbox, &unique("Resumed"), &at(minute), None);
    }
    let options = SyncOptions { first_page: 1, page_size: 1, pages_per_request: 1, max_changes: 10, requests_in_flight: 2 };
    let store = ListedMemoryStore::new();
    alice.transport().reset_traffic();
    alice.transport().fail_next(&[Fault::Pass, Fault::Pass, Fault::BeforeServer]);
    assert!(block_on(sync_mailbox(&alice, &store, &account, &mailbox, &options, &mut |_| {})).is_err(), "the third request fails");
    assert_eq!(block_on(store.sync_state(&account)).unwrap(), None, "not complete");
    let point = block_on(store.resume_point(&account)).unwrap().expect("a resume point");
    assert_eq!((point.mailbox_id.as_str(), point.position), (mailbox.as_str(), 2), "cold start + one page read");
    assert_eq!(store.count(&account, &mailbox), 2, "the list shows what was read");

    alice.transport().reset_traffic();
    let mut seen = Vec::new();
    block_on(sync_mailbox(&alice, &store, &account, &mailbox, &options, &mut |p| seen.push(p.done))).unwrap();
    assert_eq!(seen.first(), Some(&2), "progress starts where it stopped: {seen:?}");
    assert_eq!(
        alice.transport().traffic().requests,
        5,
        "one to find where the last thread read stands, then threads 3 to 6, a page each, no cold start"
    );
    assert!(block_on(store.sync_state(&account)).unwrap().is_some_and(|s| s.covers(&mailbox)));
    assert_eq!(block_on(store.resume_point(&account)).unwrap(), None);
    assert_lists_match_server(&store, &alice, &account, &mailbox);
}
