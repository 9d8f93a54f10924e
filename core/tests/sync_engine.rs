//! The sync engine (`tandem_core::sync`) against the real Cyrus: what a store holds after a cold
//! start, a full sync, a delta sync and a resync is compared with what the server answers, and the
//! outbox's writes are checked on the server. Every test works in a fresh mailbox of its own under
//! `Sync tests` in the team account, with emails it creates ("Sync test …").

mod common;
#[path = "common/sync_helpers.rs"]
mod sync_helpers;

use std::collections::BTreeSet;
use std::sync::{RwLock, RwLockReadGuard};

use common::block_on;
use serde_json::json;
use sync_helpers::*;
use tandem_core::error::ErrorKind;
use tandem_core::jmap::methods::{EmailQuery, EmailQueryChanges, EmailSet};
use tandem_core::sync::fault::{Event, Fault};
use tandem_core::sync::records::{EmailRecord, ThreadRecord};
use tandem_core::sync::*;
use tandem_core::thread_list::ThreadSummary;
use tandem_core::JmapError;

/// Purging expunged mail (one test) makes every earlier state unusable. Tests that expect a plain
/// delta sync hold this for reading; the purge holds it for writing.
static STATES: RwLock<()> = RwLock::new(());

fn plain_deltas() -> RwLockReadGuard<'static, ()> {
    STATES.read().unwrap_or_else(|e| e.into_inner())
}

fn team(client: &Client) -> String {
    client.session().mail_accounts().into_iter().find(|a| a.is_team).expect("a team account").id
}

fn options(client: &Client) -> SyncOptions {
    SyncOptions::for_limits(client.limits())
}

/// Pages of two threads, two pages per request: paging on a small mailbox.
fn small_pages() -> SyncOptions {
    SyncOptions { first_page: 2, page_size: 2, pages_per_request: 2, max_changes: 256, requests_in_flight: 2 }
}

fn at(minute: u32) -> String {
    format!("2024-06-01T10:{minute:02}:00Z")
}

/// A store holding `mailbox`, synced from scratch.
fn synced(client: &Client, account: &str, mailbox: &str) -> MemoryStore {
    let store = MemoryStore::new();
    let outcome = block_on(sync_mailbox(client, &store, account, mailbox, &options(client), &mut |_| {})).unwrap();
    assert!(matches!(outcome, MailboxSync::Full(_)), "{outcome:?}");
    store
}

fn delta(client: &Client, store: &MemoryStore, account: &str) -> DeltaOutcome {
    block_on(delta_sync(client, store, account, &options(client), &mut |_| {})).unwrap()
}

fn subjects(list: &[ThreadSummary]) -> Vec<&str> {
    list.iter().map(|t| t.subject.as_str()).collect()
}

/// The store shows `mailbox` as the server has it: the same threads in the same order, each
/// once, and the same emails with the same keywords.
fn assert_store_matches_server(store: &MemoryStore, client: &Client, account: &str, mailbox: &str) {
    let copy = store.account(account);
    let listed: Vec<String> = copy.thread_list(mailbox).into_iter().map(|t| t.thread_id).collect();
    assert_eq!(listed.iter().collect::<BTreeSet<_>>().len(), listed.len(), "a thread is listed twice: {listed:?}");
    assert_eq!(listed, server_thread_ids(client, account, mailbox), "threads and their order");
    let server = server_emails(client, account, mailbox);
    let stored: Vec<&EmailRecord> = copy.emails.values().filter(|e| e.in_mailbox(mailbox)).collect();
    assert_eq!(stored.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), server.keys().map(String::as_str).collect::<Vec<_>>(), "emails");
    for email in stored {
        assert_eq!(email.keywords, server[&email.id].keywords, "keywords of {}", email.id);
        assert_eq!(email.mailbox_ids, server[&email.id].mailbox_ids, "mailboxes of {}", email.id);
    }
}

#[test]
fn cold_start_gives_the_first_page_in_one_request_and_full_sync_copies_the_rest() {
    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "full");
    let emails: Vec<TestEmail> =
        (0..7).map(|i| create_email(&alice, &account, &mailbox, &unique(&format!("Sync test full {i}")), &at(i), None)).collect();
    let reply = create_email(&alice, &account, &mailbox, "", &at(7), Some(&emails[2]));
    assert_eq!(reply.thread_id, emails[2].thread_id, "the reply joined its thread");

    let store = MemoryStore::new();
    alice.transport().reset_traffic();
    let first = block_on(cold_start(&alice, &store, &account, &mailbox, &small_pages())).unwrap();
    assert_eq!(alice.transport().traffic().requests, 1, "the first page is one HTTP request");
    assert_eq!(first.total(), 7);
    assert_eq!(subjects(&first.page.threads), [reply.subject.as_str(), emails[6].subject.as_str()], "newest first");
    assert_eq!(first.page.threads[0].message_count, 2);
    assert_eq!(store.account(&account).thread_list(&mailbox), first.page.threads, "the store shows the first page as the server gave it");
    assert_eq!(block_on(store.sync_state(&account)).unwrap(), None, "no state until the copy is complete");

    let mut progress = Vec::new();
    let report = block_on(full_sync(&alice, &store, &first, &small_pages(), &mut |p| progress.push(p))).unwrap();
    // Five threads left: the pages at 2 and 4 in one request, the page at 6 (one thread, the end) in another.
    assert_eq!(report, FullSyncReport { threads: 7, requests: 2 });
    assert_eq!(alice.transport().traffic().requests, 3);
    // Pipelined: the full sync's second request left as soon as the first answer was in, before
    // any of that answer was read (reading pauses between its pages).
    // (The cold start's request and answer come first.)
    let events = alice.transport().events();
    let answered = events.iter().enumerate().filter(|(_, e)| **e == Event::Answered).nth(1).unwrap().0;
    assert_eq!(events[answered..answered + 2], [Event::Answered, Event::Sent], "{events:?}");
    assert_eq!(progress.first(), Some(&Progress { done: 2, total: 7 }));
    assert_eq!(progress.last(), Some(&Progress { done: 7, total: 7 }));
    assert!(progress.windows(2).all(|w| w[0].done <= w[1].done), "{progress:?}");
    let state = block_on(store.sync_state(&account)).unwrap().expect("complete");
    assert!(state.covers(&mailbox));
    assert_eq!(state.email, first.state.email, "the state read with the first page, so the first delta sync misses nothing");
    assert_store_matches_server(&store, &alice, &account, &mailbox);
    assert_eq!(store.account(&account).thread_list(&mailbox).len(), 7);

    // With the session's own sizes this small mailbox is all in the first page.
    let store = MemoryStore::new();
    alice.transport().reset_traffic();
    let outcome = block_on(sync_mailbox(&alice, &store, &account, &mailbox, &options(&alice), &mut |_| {})).unwrap();
    assert_eq!(outcome, MailboxSync::Full(FullSyncReport { threads: 7, requests: 0 }));
    assert_eq!(alice.transport().traffic().requests, 1);
    assert_store_matches_server(&store, &alice, &account, &mailbox);
}

#[test]
fn a_first_page_read_before_the_store_opened_is_written_not_read_again() {
    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "early");
    for i in 0..3 {
        create_email(&alice, &account, &mailbox, &unique(&format!("Sync test early {i}")), &at(i), None);
    }
    // A fresh sign-in reads the first page while the local copy opens.
    let early = block_on(read_first_page(&alice, &account, &mailbox, &options(&alice))).unwrap();
    assert_eq!(early.first.page.threads.len(), 3);

    let store = MemoryStore::new();
    alice.transport().reset_traffic();
    let mut told = Vec::new();
    let outcome = block_on(sync_mailbox_then(
        &alice,
        &store,
        &account,
        &mailbox,
        &options(&alice),
        Some(early.clone()),
        &mut |f| told.push(f.page.clone()),
        async |_| {},
        &mut |_| {},
    ))
    .unwrap();
    assert_eq!(outcome, MailboxSync::Full(FullSyncReport { threads: 3, requests: 0 }));
    assert_eq!(alice.transport().traffic().requests, 0, "the page read early is not asked again");
    assert_eq!(told.len(), 1);
    assert_eq!(told[0], early.first.page, "the list is told of the page read early");
    assert_store_matches_server(&store, &alice, &account, &mailbox);

    // Read for another mailbox: of no use here, the cold start reads this one.
    let other = fresh_mailbox(&alice, &account, "early other");
    let store = MemoryStore::new();
    alice.transport().reset_traffic();
    let outcome = block_on(sync_mailbox_then(
        &alice,
        &store,
        &account,
        &other,
        &options(&alice),
        Some(early),
        &mut |_| {},
        async |_| {},
        &mut |_| {},
    ))
    .unwrap();
    assert_eq!(outcome, MailboxSync::Full(FullSyncReport { threads: 0, requests: 0 }));
    assert_eq!(alice.transport().traffic().requests, 1);
    assert!(store.account(&account).thread_list(&other).is_empty());
    assert!(store.account(&account).thread_list(&mailbox).is_empty(), "nothing of the other mailbox's page was written");
}

#[test]
fn the_team_inbox_cold_starts_in_one_request() {
    let alice = faulty_client("alice");
    let account = team(&alice);
    let inbox = block_on(tandem_core::mailboxes::load_mailboxes(&alice, &account))
        .unwrap()
        .into_iter()
        .find(|m| m.role.as_deref() == Some("inbox"))
        .expect("an Inbox")
        .id;
    let store = MemoryStore::new();
    alice.transport().reset_traffic();
    let first = block_on(cold_start(&alice, &store, &account, &inbox, &options(&alice))).unwrap();
    let traffic = alice.transport().traffic();
    assert_eq!(traffic.requests, 1);
    let report = block_on(full_sync(&alice, &store, &first, &options(&alice), &mut |_| {})).unwrap();
    eprintln!(
        "cold start of the Inbox: 1 request ({} bytes sent, {} received), {} of {} threads; full sync: {} more requests",
        traffic.request_bytes,
        traffic.response_bytes,
        first.page.threads.len(),
        first.total(),
        report.requests
    );
    let listed: Vec<String> = store.account(&account).thread_list(&inbox).into_iter().map(|t| t.thread_id).collect();
    assert_eq!(listed, server_thread_ids(&alice, &account, &inbox), "the store lists the Inbox as the server does");
}

#[test]
fn delta_sync_picks_up_what_a_teammate_changed() {
    let _states = plain_deltas();
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "delta");
    let a = create_email(&alice, &account, &mailbox, &unique("Sync test delta A"), &at(1), None);
    let b = create_email(&alice, &account, &mailbox, &unique("Sync test delta B"), &at(2), None);
    // A thread that starts in another mailbox the store does not hold.
    let elsewhere = fresh_mailbox(&alice, &account, "delta elsewhere");
    let d = create_email(&alice, &account, &elsewhere, &unique("Sync test delta D"), &at(0), None);
    let store = synced(&alice, &account, &mailbox);

    let c = create_email(&bob, &account, &mailbox, &unique("Sync test delta C"), &at(3), None);
    let reply = create_email(&bob, &account, &mailbox, "", &at(4), Some(&a));
    email_set(&bob, EmailSet::new(&account).update(&b.id, json!({ "keywords/$flagged": true })));
    let d_reply = create_email(&bob, &account, &mailbox, "", &at(5), Some(&d));

    alice.transport().reset_traffic();
    let outcome = block_on(sync_mailbox(&alice, &store, &account, &mailbox, &options(&alice), &mut |_| {})).unwrap();
    let MailboxSync::Delta(DeltaOutcome::Applied(counts)) = outcome else { panic!("expected a plain delta sync: {outcome:?}") };
    assert!(counts.emails >= 3 && counts.threads >= 3, "{counts:?}");
    let list = store.account(&account).thread_list(&mailbox);
    assert_eq!(subjects(&list), [d_reply.subject.as_str(), reply.subject.as_str(), c.subject.as_str(), b.subject.as_str()]);
    assert_eq!(list[0].message_count, 2, "the whole thread came with the reply, its start in another mailbox too");
    assert_eq!((list[1].message_count, list[2].message_count), (2, 1), "bob's reply joined A");
    assert!(list[3].flagged && !list[1].flagged, "bob's flag on B");
    assert_store_matches_server(&store, &alice, &account, &mailbox);

    // Nothing new: one request, and the store is left alone.
    let traffic_before = alice.transport().traffic();
    let batches_before = store.batches_applied();
    let outcome = delta(&alice, &store, &account);
    let traffic = alice.transport().traffic();
    assert!(matches!(outcome, DeltaOutcome::Applied(c) if c.rounds == 1), "{outcome:?}");
    assert_eq!(traffic.requests - traffic_before.requests, 1);
    eprintln!(
        "idle delta sync: 1 request, {} bytes sent, {} bytes received ({} batches written: other tests may change the account meanwhile)",
        traffic.request_bytes - traffic_before.request_bytes,
        traffic.response_bytes - traffic_before.response_bytes,
        store.batches_applied() - batches_before,
    );
}

#[test]
fn an_email_destroyed_by_a_teammate_disappears() {
    let _states = plain_deltas();
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "destroy");
    let x = create_email(&alice, &account, &mailbox, &unique("Sync test destroy X"), &at(1), None);
    let y = create_email(&alice, &account, &mailbox, &unique("Sync test destroy Y"), &at(2), None);
    let y2 = create_email(&alice, &account, &mailbox, "", &at(3), Some(&y));
    let store = synced(&alice, &account, &mailbox);
    assert_eq!(store.account(&account).thread_list(&mailbox).len(), 2);

    email_set(&bob, EmailSet::new(&account).destroy(&x.id).destroy(&y2.id));
    let outcome = delta(&alice, &store, &account);
    assert!(matches!(outcome, DeltaOutcome::Applied(c) if c.emails_destroyed >= 2), "{outcome:?}");
    let copy = store.account(&account);
    assert!(!copy.emails.contains_key(&x.id) && !copy.emails.contains_key(&y2.id), "destroyed emails are gone");
    assert!(!copy.threads.contains_key(&x.thread_id), "a thread whose last email went is gone");
    assert_eq!(copy.threads[&y.thread_id].email_ids, vec![y.id.clone()]);
    let list = copy.thread_list(&mailbox);
    assert_eq!((subjects(&list), list[0].message_count), (vec![y.subject.as_str()], 1));
    assert_store_matches_server(&store, &alice, &account, &mailbox);
}

/// Puts records the server never had into the store, and a state string if given.
fn plant(store: &MemoryStore, account: &str, mailbox: &str, state: Option<SyncState>) {
    let mut batch = StoreBatch::new(account);
    let ghost = EmailRecord {
        id: "Mghost".into(),
        thread_id: "Tghost".into(),
        mailbox_ids: [(mailbox.to_string(), true)].into(),
        received_at: at(59),
        ..Default::default()
    };
    batch.emails = vec![ghost];
    batch.threads = vec![ThreadRecord { id: "Tghost".into(), email_ids: vec!["Mghost".into()] }];
    batch.state = state;
    block_on(store.apply(batch)).unwrap();
}

#[test]
fn a_state_the_server_cannot_use_means_a_full_resync_without_duplicates_or_ghosts() {
    let _states = plain_deltas();
    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "resync");
    let p = create_email(&alice, &account, &mailbox, &unique("Sync test resync P"), &at(1), None);
    create_email(&alice, &account, &mailbox, "", &at(2), Some(&p));
    create_email(&alice, &account, &mailbox, &unique("Sync test resync Q"), &at(3), None);
    let store = synced(&alice, &account, &mailbox);
    let good = block_on(store.sync_state(&account)).unwrap().unwrap();

    // Cyrus refuses a state it cannot parse with invalidArguments (sinceState).
    plant(&store, &account, &mailbox, Some(SyncState { email: "bogus".into(), thread: "bogus".into(), ..good.clone() }));
    assert_eq!(store.account(&account).thread_list(&mailbox).len(), 3, "the ghost is listed before the resync");
    let mut progress = Vec::new();
    let outcome = block_on(delta_sync(&alice, &store, &account, &options(&alice), &mut |p| progress.push(p))).unwrap();
    let DeltaOutcome::Resynced { reason } = outcome else { panic!("expected a resync: {outcome:?}") };
    assert!(matches!(&reason, JmapError::Method(e) if e.kind == ErrorKind::InvalidArguments), "{reason:?}");
    assert_eq!(progress.last(), Some(&Progress { done: 2, total: 2 }));
    let copy = store.account(&account);
    assert!(!copy.emails.contains_key("Mghost") && !copy.threads.contains_key("Tghost"), "no ghosts");
    let state = copy.state.clone().expect("complete again");
    assert!(state.covers(&mailbox) && state.email != "bogus");
    assert_store_matches_server(&store, &alice, &account, &mailbox);

    // "1" is a modification sequence to Cyrus: every change since, or cannotCalculateChanges once
    // expunged mail was purged. Either way the store ends as the server is, each thread once.
    let one = SyncState { mailbox: "1".into(), email: "1".into(), thread: "1".into(), mailboxes: state.mailboxes.clone() };
    let mut batch = StoreBatch::new(&account);
    batch.state = Some(one);
    block_on(store.apply(batch)).unwrap();
    let outcome = delta(&alice, &store, &account);
    match &outcome {
        DeltaOutcome::Applied(counts) => assert!(counts.emails >= 3, "everything since the start: {counts:?}"),
        DeltaOutcome::Resynced { reason } => assert!(is_unknown_state(reason), "{reason:?}"),
    }
    assert_store_matches_server(&store, &alice, &account, &mailbox);
}

/// A full sync cut short goes on from where it stopped (see also `listed_store.rs`). A thread
/// already copied that is destroyed meanwhile shifts the list, yet nothing is skipped, and the
/// next delta sync removes it.
#[test]
fn an_interrupted_full_sync_goes_on_and_the_next_delta_brings_what_changed_meanwhile() {
    let _plain = plain_deltas();
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "interrupted");
    let emails: Vec<_> =
        (0..5).map(|i| create_email(&alice, &account, &mailbox, &unique(&format!("Sync test interrupted {i}")), &at(i), None)).collect();
    let store = MemoryStore::new();
    alice.transport().fail_next(&[Fault::Pass, Fault::BeforeServer]);
    let error = block_on(sync_mailbox(&alice, &store, &account, &mailbox, &small_pages(), &mut |_| {})).unwrap_err();
    assert!(matches!(error, SyncError::Jmap(JmapError::Unreachable { .. })), "{error:?}");
    assert_eq!(block_on(store.sync_state(&account)).unwrap(), None, "an incomplete copy has no state");
    assert_eq!(store.account(&account).thread_list(&mailbox).len(), 2, "the first page was kept to show");

    // The newest thread goes: every later one moves up a place. Going on by position would skip
    // one (and no delta sync would bring it: it did not change); going on after the last email
    // read does not.
    email_set(&bob, EmailSet::new(&account).destroy(&emails[4].id));
    let outcome = block_on(sync_mailbox(&alice, &store, &account, &mailbox, &small_pages(), &mut |_| {})).unwrap();
    assert_eq!(
        outcome,
        MailboxSync::Full(FullSyncReport { threads: 4, requests: 1 }),
        "the other three in one request of two pages, no cold start"
    );
    assert!(store.account(&account).emails.contains_key(&emails[2].id), "the thread that moved up was read");
    assert!(block_on(store.resume_point(&account)).unwrap().is_none());
    let outcome = block_on(sync_mailbox(&alice, &store, &account, &mailbox, &small_pages(), &mut |_| {})).unwrap();
    assert!(matches!(outcome, MailboxSync::Delta(_)), "{outcome:?}");
    assert!(!store.account(&account).emails.contains_key(&emails[4].id), "the destroyed email is gone");
    assert_store_matches_server(&store, &alice, &account, &mailbox);
}

/// A store that fails its `fail_at`th write (counting from 1) and counts the writes asked after.
struct FailingStore {
    inner: MemoryStore,
    fail_at: usize,
    writes: std::cell::Cell<usize>,
}

impl SyncStore for FailingStore {
    async fn sync_state(&self, account_id: &str) -> Result<Option<SyncState>, StoreError> {
        self.inner.sync_state(account_id).await
    }

    async fn apply(&self, batch: StoreBatch) -> Result<(), StoreError> {
        self.writes.set(self.writes.get() + 1);
        match self.writes.get() == self.fail_at {
            true => Err(StoreError::new(StoreErrorKind::Full, "no room left")),
            false => self.inner.apply(batch).await,
        }
    }

    async fn resume_point(&self, account_id: &str) -> Result<Option<ResumePoint>, StoreError> {
        self.inner.resume_point(account_id).await
    }
}

/// The full sync writes a batch while it reads the next answer; a failed write stops it before
/// anything after it is written, so the resume point never passes threads the store lacks.
#[test]
fn a_failed_write_stops_the_full_sync_before_anything_after_it() {
    let client = faulty_client("alice");
    let account = team(&client);
    let mailbox = fresh_mailbox(&client, &account, "failed write");
    for i in 0..9 {
        create_email(&client, &account, &mailbox, &unique(&format!("Sync test failed write {i}")), &at(i), None);
    }
    // Pages of one thread, one page a request: the cold start's write, then one per thread.
    let options = SyncOptions { first_page: 1, page_size: 1, pages_per_request: 1, ..small_pages() };
    let store = FailingStore { inner: MemoryStore::new(), fail_at: 4, writes: Default::default() };
    let error = block_on(sync_mailbox(&client, &store, &account, &mailbox, &options, &mut |_| {})).unwrap_err();
    assert!(matches!(&error, SyncError::Store(e) if e.kind == StoreErrorKind::Full), "{error:?}");
    assert_eq!(store.writes.get(), 4, "no write was asked after the one that failed");
    let point = block_on(store.resume_point(&account)).unwrap().expect("a resume point");
    let copied = store.inner.account(&account).thread_list(&mailbox).len() as u64;
    assert_eq!((point.position, copied), (3, 3), "the resume point is where the copy stops");
    assert_eq!(block_on(store.sync_state(&account)).unwrap(), None);
}

/// A teammate deletes a thread already copied while the full sync runs: every later thread moves
/// up a place, and the one at the cursor would be skipped (and no delta sync would bring it: it
/// did not change). Each request reaching back `OVERLAP` threads reads it.
#[test]
fn a_thread_leaving_above_the_cursor_during_the_full_sync_skips_nothing() {
    let _plain = plain_deltas();
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "moving");
    let emails: Vec<_> =
        (0..6).map(|i| create_email(&alice, &account, &mailbox, &unique(&format!("Sync test moving {i}")), &at(i), None)).collect();
    let options = SyncOptions { first_page: 1, page_size: 1, pages_per_request: 1, max_changes: 256, requests_in_flight: 2 };
    let store = MemoryStore::new();
    let mut destroyed = false;
    block_on(sync_mailbox(&alice, &store, &account, &mailbox, &options, &mut |p| {
        // Between two requests, once the two newest threads are in the copy.
        if p.done == 2 && !destroyed {
            email_set(&bob, EmailSet::new(&account).destroy(&emails[5].id));
            destroyed = true;
        }
    }))
    .unwrap();
    assert!(destroyed);
    let copied = store.account(&account).emails;
    for e in &emails[..5] {
        assert!(copied.contains_key(&e.id), "{} was read", e.subject);
    }
    block_on(sync_mailbox(&alice, &store, &account, &mailbox, &options, &mut |_| {})).unwrap();
    assert_store_matches_server(&store, &alice, &account, &mailbox);
}

#[test]
fn after_the_server_purges_expunged_mail_an_old_state_resyncs() {
    let _exclusive = STATES.write().unwrap_or_else(|e| e.into_inner());
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "purge");
    let p = create_email(&alice, &account, &mailbox, &unique("Sync test purge P"), &at(1), None);
    let q = create_email(&alice, &account, &mailbox, &unique("Sync test purge Q"), &at(2), None);
    let store = synced(&alice, &account, &mailbox);

    email_set(&bob, EmailSet::new(&account).destroy(&q.id));
    purge_expunged("support");
    let outcome = delta(&alice, &store, &account);
    let DeltaOutcome::Resynced { reason } = outcome else { panic!("expected a resync: {outcome:?}") };
    assert!(matches!(&reason, JmapError::Method(e) if e.kind == ErrorKind::CannotCalculateChanges), "{reason:?}");
    let copy = store.account(&account);
    assert!(!copy.emails.contains_key(&q.id));
    assert_eq!(subjects(&copy.thread_list(&mailbox)), [p.subject.as_str()]);
    assert_store_matches_server(&store, &alice, &account, &mailbox);
    // The new state works again.
    assert!(matches!(delta(&alice, &store, &account), DeltaOutcome::Applied(_)));
}

#[test]
fn email_query_changes_reports_a_new_thread_at_the_top() {
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "querychanges");
    create_email(&alice, &account, &mailbox, &unique("Sync test qc A"), &at(1), None);
    let query = EmailQuery::new(&account).filter(json!({ "inMailbox": mailbox })).collapse_threads(true);
    let before = block_on(alice.call(query)).unwrap();
    let newer = create_email(&bob, &account, &mailbox, &unique("Sync test qc B"), &at(2), None);
    let changes = EmailQueryChanges::new(&account, &before.query_state)
        .filter(json!({ "inMailbox": mailbox }))
        .collapse_threads(true)
        .calculate_total(true);
    let changes = block_on(alice.call(changes)).unwrap();
    assert_eq!(changes.total, Some(2));
    assert!(changes.added.iter().any(|a| a.id == newer.id && a.index == 0), "{changes:?}");
}

/// A store holding `mailbox`, and `alice`'s outbox entries applied to it as the app does.
fn optimistic(store: &MemoryStore, outbox: &mut Outbox, entry: OutboxEntry) {
    block_on(store.apply(entry.optimistic_batch())).unwrap();
    outbox.push(entry);
}

#[test]
fn the_outbox_replays_in_order_after_an_outage_exactly_once() {
    let _states = plain_deltas();
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let account = team(&alice);
    let (mailbox, archive) = (fresh_mailbox(&alice, &account, "outbox"), fresh_mailbox(&alice, &account, "outbox archive"));
    let e1 = create_email(&alice, &account, &mailbox, &unique("Sync test outbox 1"), &at(1), None);
    let e2 = create_email(&alice, &account, &mailbox, &unique("Sync test outbox 2"), &at(2), None);
    let store = synced(&alice, &account, &mailbox);
    let (one, two) = (vec![e1.id.clone()], vec![e2.id.clone()]);
    let note_id = format!("{}@sync.tandem.test", unique("note").replace(' ', "."));
    let note = json!({
        "mailboxIds": { &mailbox: true }, "subject": "Sync test outbox note", "from": [{ "email": "alice@tandem.test" }],
        "bodyStructure": { "type": "text/plain", "partId": "1" }, "bodyValues": { "1": { "value": "Called them." } },
    });

    let mut outbox = Outbox::new();
    optimistic(&store, &mut outbox, OutboxEntry::keywords(&account, &one, &["$flagged"], &[]).unwrap());
    optimistic(&store, &mut outbox, OutboxEntry::move_emails(&account, &one, &mailbox, &archive).unwrap());
    // Unflagging after flagging: sent out of order, e1 would end flagged.
    optimistic(&store, &mut outbox, OutboxEntry::keywords(&account, &one, &["$tandem_pending"], &["$flagged"]).unwrap());
    outbox.push(OutboxEntry::create(&account, "note-1", &note_id, note).unwrap());
    optimistic(&store, &mut outbox, OutboxEntry::keywords(&account, &two, &["$flagged"], &[]).unwrap());
    let shown = store.account(&account).emails[&e1.id].clone();
    assert!(
        shown.in_mailbox(&archive) && shown.has_keyword("$tandem_pending") && !shown.has_keyword("$flagged"),
        "applied locally at once"
    );

    // Offline: nothing reaches the server, everything is kept.
    alice.transport().set_offline(true);
    let report = block_on(outbox.flush(&alice, 0));
    alice.transport().set_offline(false);
    assert!(matches!(report.stopped, Some(JmapError::Unreachable { .. })), "{report:?}");
    assert_eq!((report.sent.len(), outbox.len()), (0, 5));
    assert!(server_email(&bob, &account, &e1.id).unwrap().mailbox_ids.contains_key(&mailbox), "untouched on the server");

    // The first three go in one request, which the server applies; the answer is lost.
    alice.transport().fail_next(&[Fault::AfterServer]);
    let report = block_on(outbox.flush(&alice, 0));
    assert!(report.stopped.is_some() && report.sent.is_empty() && outbox.len() == 5, "{report:?}");
    let on_server = server_email(&bob, &account, &e1.id).unwrap();
    assert!(on_server.mailbox_ids.contains_key(&archive) && on_server.has_keyword("$tandem_pending"), "the server got them");

    // Sent again (harmless), then the creation reaches the server and its answer never comes:
    // given up at its deadline, it is kept for the next flush like a lost one.
    alice.transport().fail_next(&[Fault::Pass, Fault::Pass, Fault::Unanswered]);
    let report = block_on(outbox.flush(&alice, 0));
    assert_eq!(report.sent.iter().map(|s| s.seq).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(matches!(report.stopped, Some(JmapError::NoAnswer { seconds: 30, .. })) && outbox.len() == 2, "{report:?}");
    assert_eq!(emails_with_message_id(&bob, &account, &note_id).len(), 1, "created once");

    // Back online: the creation is found rather than made again, then the last entry goes.
    let report = block_on(outbox.flush(&alice, 0));
    assert_eq!(report.stopped, None);
    assert!(outbox.is_empty() && report.rollbacks.is_empty());
    assert_eq!(report.sent.iter().map(|s| s.seq).collect::<Vec<_>>(), [3, 4]);
    assert!(report.sent[0].was_already_there);
    let created = emails_with_message_id(&bob, &account, &note_id);
    assert_eq!(created.len(), 1, "exactly one note on the server");
    assert_eq!(report.sent[0].created_id.as_deref(), Some(created[0].as_str()));

    let e1 = server_email(&bob, &account, &e1.id).unwrap();
    assert_eq!(e1.mailbox_ids.keys().collect::<Vec<_>>(), [&archive], "moved once, out of the mailbox");
    assert!(e1.has_keyword("$tandem_pending") && !e1.has_keyword("$flagged"), "in order: flagged, then unflagged: {:?}", e1.keywords);
    assert!(server_email(&bob, &account, &e2.id).unwrap().has_keyword("$flagged"));
    assert!(matches!(delta(&alice, &store, &account), DeltaOutcome::Applied(_)));
    assert_store_matches_server(&store, &alice, &account, &mailbox);
    assert_store_matches_server(&store, &alice, &account, &archive);
}

#[test]
fn a_refused_write_is_rolled_back_and_the_rest_still_goes() {
    let alice = faulty_client("alice");
    let account = team(&alice);
    let mailbox = fresh_mailbox(&alice, &account, "rollback");
    let e1 = create_email(&alice, &account, &mailbox, &unique("Sync test rollback"), &at(1), None);
    let store = synced(&alice, &account, &mailbox);
    let one = vec![e1.id.clone()];

    let mut outbox = Outbox::new();
    optimistic(&store, &mut outbox, OutboxEntry::move_emails(&account, &one, &mailbox, "no-such-mailbox").unwrap());
    optimistic(&store, &mut outbox, OutboxEntry::keywords(&account, &one, &["$flagged"], &[]).unwrap());
    assert!(store.account(&account).thread_list(&mailbox).is_empty(), "moved away locally");

    let report = block_on(outbox.flush(&alice, 0));
    assert!(outbox.is_empty() && report.stopped.is_none(), "{report:?}");
    assert_eq!(report.sent.iter().map(|s| s.seq).collect::<Vec<_>>(), [1]);
    let [rollback] = report.rollbacks.as_slice() else { panic!("{report:?}") };
    assert_eq!(rollback.seq, 0);
    assert!(matches!(&rollback.error, JmapError::NotSet { id, .. } if *id == e1.id), "{:?}", rollback.error);
    assert!(rollback.message.starts_with("Moving 1 email was undone: the server refused it ("), "{}", rollback.message);
    eprintln!("rollback message: {}", rollback.message);

    block_on(undo(&alice, &store, rollback)).unwrap();
    let list = store.account(&account).thread_list(&mailbox);
    assert_eq!(list.len(), 1, "back where the server has it");
    assert!(list[0].flagged, "the write after the refused one went through");
    assert_store_matches_server(&store, &alice, &account, &mailbox);
}
