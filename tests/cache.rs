//! Browser tests of the IndexedDB cache (wasm-bindgen-test in headless Chromium): round trips,
//! the thread-list index, atomic batches, migration and rebuild, wipe and per-identity databases.
//! Every test uses databases of its own, named uniquely, so tests never see each other's data.

#![cfg(target_arch = "wasm32")]

use serde::{Deserialize, Serialize};
use tandem::cache::{self, meta, testing, Batch, Cache, CacheError, OpenStatus, Placement, Store};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the thread list needs of a thread (a stand-in for the sync engine's record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Summary {
    thread_id: String,
    subject: String,
    from: String,
    preview: String,
    received_at: String,
    unread: bool,
    flagged: bool,
    message_count: u32,
    assignee: Option<String>,
}

fn summary(thread_id: &str, received_at: &str) -> Summary {
    Summary {
        thread_id: thread_id.into(),
        subject: format!("Subject of {thread_id} — ünïcödé ✓"),
        from: "Ada Lovelace <ada@example.com>".into(),
        preview: "Hello, I have a question about my order, which arrived damaged yesterday afternoon…".into(),
        received_at: received_at.into(),
        unread: thread_id.ends_with(['0', '2', '4', '6', '8']),
        flagged: false,
        message_count: 3,
        assignee: Some("bob".into()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Mailbox {
    name: String,
    role: Option<String>,
}

fn unique(label: &str) -> String {
    format!("tandem-test-{label}-{}-{}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e9) as u64)
}

async fn open(label: &str) -> Cache {
    let cache = Cache::open_named(&unique(label)).await.expect("open");
    assert_eq!(cache.status(), &OpenStatus::Created);
    cache
}

/// The date `minutes` minutes after 2024-05-01 10:00 UTC.
fn at(minutes: u32) -> String {
    let (h, m) = (10 + minutes / 60, minutes % 60);
    format!("2024-05-{:02}T{:02}:{m:02}:00Z", 1 + h / 24, h % 24)
}

async fn page_ids(cache: &Cache, account: &str, mailbox: &str, offset: u32, limit: u32) -> Vec<String> {
    let page: Vec<Summary> = cache.thread_page(account, mailbox, offset, limit).await.expect("page");
    page.into_iter().map(|s| s.thread_id).collect()
}

#[wasm_bindgen_test]
async fn a_batch_across_stores_reads_back_with_the_right_counts() {
    let cache = open("roundtrip").await;
    let mut batch = Batch::new();
    batch.set_meta(meta::GLOBAL, meta::SESSION, &serde_json::json!({"username": "alice", "apiUrl": "/jmap/"})).unwrap();
    batch.set_meta("A1", &meta::state_key("Email"), "s42").unwrap();
    batch.put(Store::Mailboxes, "A1", "M1", &Mailbox { name: "Inbox".into(), role: Some("inbox".into()) }).unwrap();
    batch.put(Store::Mailboxes, "A1", "M2", &Mailbox { name: "Support".into(), role: None }).unwrap();
    batch.put(Store::Mailboxes, "A2", "M1", &Mailbox { name: "Team inbox".into(), role: Some("inbox".into()) }).unwrap();
    for (i, id) in ["T1", "T2", "T3"].iter().enumerate() {
        batch.put_thread("A1", id, &[Placement::new("M1", at(i as u32), "E")], &summary(id, &at(i as u32))).unwrap();
    }
    batch.put(Store::Emails, "A1", "E1", &serde_json::json!({"subject": "Hi", "keywords": {"$seen": true}})).unwrap();
    batch.put(Store::Bodies, "A1", "E1", "Dear team,\n\nمرحبا — the body.").unwrap();
    assert_eq!(batch.len(), 10);
    cache.write(batch).await.expect("write");

    assert_eq!(cache.count(Store::Meta).await.unwrap(), 3, "session, state, and the schema version");
    assert_eq!(cache.count(Store::Mailboxes).await.unwrap(), 3);
    assert_eq!(cache.count(Store::Threads).await.unwrap(), 3);
    assert_eq!(cache.count(Store::Emails).await.unwrap(), 1);
    assert_eq!(cache.count(Store::Bodies).await.unwrap(), 1);
    assert_eq!(cache.count_account(Store::Mailboxes, "A1").await.unwrap(), 2);
    assert_eq!(cache.count_account(Store::Mailboxes, "A2").await.unwrap(), 1);
    assert_eq!(cache.count_account(Store::Mailboxes, "A").await.unwrap(), 0, "an account id's prefix is another account");

    let session: Option<serde_json::Value> = cache.meta(meta::GLOBAL, meta::SESSION).await.unwrap();
    assert_eq!(session.unwrap()["username"], "alice");
    assert_eq!(cache.meta::<String>("A1", &meta::state_key("Email")).await.unwrap().as_deref(), Some("s42"));
    assert_eq!(cache.meta::<String>("A2", &meta::state_key("Email")).await.unwrap(), None);
    assert_eq!(cache.schema_version().await.unwrap(), Some(cache::SCHEMA_VERSION));

    let inbox: Option<Mailbox> = cache.get(Store::Mailboxes, "A2", "M1").await.unwrap();
    assert_eq!(inbox.unwrap().name, "Team inbox");
    let mailboxes: Vec<Mailbox> = cache.all(Store::Mailboxes, "A1").await.unwrap();
    assert_eq!(mailboxes.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Inbox", "Support"]);
    let threads: Vec<Option<Summary>> = cache.get_many(Store::Threads, "A1", &["T3", "T9", "T1"]).await.unwrap();
    assert_eq!(threads[0], Some(summary("T3", &at(2))));
    assert_eq!(threads[1], None);
    assert_eq!(threads[2], Some(summary("T1", &at(0))));
    let body: Option<String> = cache.get(Store::Bodies, "A1", "E1").await.unwrap();
    assert_eq!(body.as_deref(), Some("Dear team,\n\nمرحبا — the body."));
    assert_eq!(cache.get::<Summary>(Store::Threads, "A2", "T1").await.unwrap(), None);

    // Replacing and deleting.
    let mut batch = Batch::new();
    batch.put(Store::Mailboxes, "A1", "M2", &Mailbox { name: "Support (renamed)".into(), role: None }).unwrap();
    batch.delete(Store::Emails, "A1", "E1");
    batch.delete(Store::Emails, "A1", "nothing-there");
    cache.write(batch).await.unwrap();
    cache.delete(Store::Bodies, "A1", &["E1"]).await.unwrap();
    assert_eq!(cache.get::<Mailbox>(Store::Mailboxes, "A1", "M2").await.unwrap().unwrap().name, "Support (renamed)");
    assert_eq!(cache.count(Store::Mailboxes).await.unwrap(), 3);
    assert_eq!(cache.count(Store::Emails).await.unwrap(), 0);
    assert_eq!(cache.count(Store::Bodies).await.unwrap(), 0);

    // Clearing one account leaves the others.
    let mut batch = Batch::new();
    batch.clear_account(Store::Mailboxes, "A1");
    cache.write(batch).await.unwrap();
    assert_eq!(cache.count_account(Store::Mailboxes, "A1").await.unwrap(), 0);
    assert_eq!(cache.count_account(Store::Mailboxes, "A2").await.unwrap(), 1);

    // A stored value read as the wrong type is an error, not a panic.
    let wrong = cache.get::<Mailbox>(Store::Threads, "A1", "T1").await;
    assert!(matches!(wrong, Err(CacheError::Serialization { .. })), "{wrong:?}");
    cache.wipe().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_page_of_a_mailbox_is_its_newest_threads_without_the_others() {
    let cache = open("page").await;
    let mut batch = Batch::new();
    // Mailbox M1 of account A1: T0 (oldest) … T6 (newest), written out of order.
    for i in [3u32, 0, 6, 1, 5, 2, 4] {
        let id = format!("T{i}");
        batch.put_thread("A1", &id, &[Placement::new("M1", at(i * 10), "E")], &summary(&id, &at(i * 10))).unwrap();
    }
    // In M1 and M2, with a different newest email in each: its M1 date makes it the newest of M1.
    batch
        .put_thread("A1", "TX", &[Placement::new("M2", at(1), "E"), Placement::new("M1", at(100), "E")], &summary("TX", &at(100)))
        .unwrap();
    // Newer threads elsewhere: another mailbox of the account, and the same mailbox id in another account.
    batch.put_thread("A1", "U1", &[Placement::new("M2", at(500), "E")], &summary("U1", &at(500))).unwrap();
    batch.put_thread("A2", "V1", &[Placement::new("M1", at(600), "E")], &summary("V1", &at(600))).unwrap();
    batch.put_thread("A10", "W1", &[Placement::new("M1", at(700), "E")], &summary("W1", &at(700))).unwrap();
    // Three threads of the same second: ordered by their newest email's id as the server orders
    // them (not by thread id), then by thread id where that is the same too; all listed.
    batch.put_thread("A1", "S1", &[Placement::new("M3", at(0), "Mf2")], &summary("S1", &at(0))).unwrap();
    batch.put_thread("A1", "S2", &[Placement::new("M3", at(0), "Ma7")], &summary("S2", &at(0))).unwrap();
    batch.put_thread("A1", "S3", &[Placement::new("M3", at(0), "Ma7")], &summary("S3", &at(0))).unwrap();
    // A date that cannot be read sorts as the oldest.
    batch.put_thread("A1", "BAD", &[Placement::new("M3", "yesterday", "E")], &summary("BAD", "yesterday")).unwrap();
    // A thread in no list.
    batch.put(Store::Threads, "A1", "N1", &summary("N1", &at(900))).unwrap();
    cache.write(batch).await.unwrap();

    assert_eq!(page_ids(&cache, "A1", "M1", 0, 3).await, ["TX", "T6", "T5"]);
    assert_eq!(page_ids(&cache, "A1", "M1", 3, 3).await, ["T4", "T3", "T2"]);
    assert_eq!(page_ids(&cache, "A1", "M1", 6, 3).await, ["T1", "T0"]);
    assert_eq!(page_ids(&cache, "A1", "M1", 8, 3).await, Vec::<String>::new());
    assert_eq!(page_ids(&cache, "A1", "M1", 1000, 3).await, Vec::<String>::new());
    assert_eq!(page_ids(&cache, "A1", "M1", 0, 1).await, ["TX"]);
    assert_eq!(page_ids(&cache, "A1", "M1", 7, 1).await, ["T0"]);
    assert_eq!(page_ids(&cache, "A1", "M1", 0, 0).await, Vec::<String>::new());
    assert_eq!(page_ids(&cache, "A1", "M1", 0, 100).await, ["TX", "T6", "T5", "T4", "T3", "T2", "T1", "T0"]);
    assert_eq!(page_ids(&cache, "A1", "M2", 0, 10).await, ["U1", "TX"]);
    assert_eq!(page_ids(&cache, "A2", "M1", 0, 10).await, ["V1"]);
    assert_eq!(page_ids(&cache, "A1", "M3", 0, 10).await, ["S1", "S3", "S2", "BAD"]);
    assert_eq!(page_ids(&cache, "A1", "nothing", 0, 10).await, Vec::<String>::new());
    assert_eq!(cache.thread_count("A1", "M1").await.unwrap(), 8);
    assert_eq!(cache.thread_count("A1", "M2").await.unwrap(), 2);
    assert_eq!(cache.thread_count("A1", "M").await.unwrap(), 0);
    let page: Vec<Summary> = cache.thread_page("A1", "M1", 1, 1).await.unwrap();
    assert_eq!(page, [summary("T6", &at(60))], "the page holds the stored values");

    // A thread that leaves M1 and gets a new email in M2; a thread deleted.
    let mut batch = Batch::new();
    batch.put_thread("A1", "TX", &[Placement::new("M2", at(800), "E")], &summary("TX", &at(800))).unwrap();
    batch.delete(Store::Threads, "A1", "T6");
    cache.write(batch).await.unwrap();
    assert_eq!(page_ids(&cache, "A1", "M1", 0, 3).await, ["T5", "T4", "T3"]);
    assert_eq!(page_ids(&cache, "A1", "M2", 0, 10).await, ["TX", "U1"]);
    assert_eq!(cache.thread_count("A1", "M1").await.unwrap(), 6);
    cache.wipe().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_batch_that_fails_midway_writes_nothing() {
    let cache = open("atomic").await;
    let mut batch = Batch::new();
    batch.put(Store::Mailboxes, "A1", "M1", &Mailbox { name: "Inbox".into(), role: None }).unwrap();
    batch.put_thread("A1", "T1", &[Placement::new("M1", at(0), "E")], &summary("T1", &at(0))).unwrap();
    cache.write(batch).await.unwrap();

    let mut batch = Batch::new();
    batch.put(Store::Mailboxes, "A1", "M1", &Mailbox { name: "Changed".into(), role: None }).unwrap();
    batch.put(Store::Mailboxes, "A1", "M2", &Mailbox { name: "New".into(), role: None }).unwrap();
    // More requests than `write` makes between two waits for an answer: the waits commit nothing.
    for i in 2..700 {
        let id = format!("T{i}");
        batch.put_thread("A1", &id, &[Placement::new("M1", at(i), "E")], &summary(&id, &at(i))).unwrap();
    }
    batch.delete(Store::Threads, "A1", "T1");
    batch.set_meta("A1", &meta::state_key("Email"), "s2").unwrap();
    batch.put(Store::Bodies, "A1", "E1", "body").unwrap();
    // A record without its key cannot be stored: the requests above are already out.
    let keyless = js_sys::Object::new();
    js_sys::Reflect::set(&keyless, &"v".into(), &"{}".into()).unwrap();
    batch.put_raw(Store::Emails, keyless.into());
    batch.put(Store::Emails, "A1", "E2", "after").unwrap();
    let result = cache.write(batch).await;
    assert!(matches!(&result, Err(CacheError::Database { name, .. }) if name == "DataError"), "{result:?}");

    assert_eq!(cache.get::<Mailbox>(Store::Mailboxes, "A1", "M1").await.unwrap().unwrap().name, "Inbox");
    assert_eq!(cache.count(Store::Mailboxes).await.unwrap(), 1);
    assert_eq!(cache.count(Store::Threads).await.unwrap(), 1);
    assert!(cache.get::<Summary>(Store::Threads, "A1", "T1").await.unwrap().is_some());
    assert_eq!(cache.count(Store::Bodies).await.unwrap(), 0);
    assert_eq!(cache.count(Store::Emails).await.unwrap(), 0);
    assert_eq!(cache.meta::<String>("A1", &meta::state_key("Email")).await.unwrap(), None);
    assert_eq!(page_ids(&cache, "A1", "M1", 0, 10).await, ["T1"]);

    // A value serde cannot serialize fails when added, before any transaction.
    let mut bad = std::collections::HashMap::new();
    bad.insert((1, 2), "a tuple key is not a JSON object key");
    let mut batch = Batch::new();
    assert!(matches!(batch.put(Store::Emails, "A1", "E3", &bad), Err(CacheError::Serialization { .. })));
    assert!(batch.is_empty());

    // The cache still works after the failed transaction.
    cache.set_meta("A1", &meta::state_key("Email"), "s3").await.unwrap();
    assert_eq!(cache.meta::<String>("A1", &meta::state_key("Email")).await.unwrap().as_deref(), Some("s3"));
    cache.wipe().await.unwrap();
}

fn v1_records() -> Vec<(Store, JsValue)> {
    let mut records = vec![
        (Store::Mailboxes, testing::record("A1", "M1", &Mailbox { name: "Inbox".into(), role: Some("inbox".into()) }, None).unwrap()),
        (Store::Emails, testing::record("A1", "E1", "an email", None).unwrap()),
        (Store::Meta, testing::record("A1", &meta::state_key("Thread"), "t7", None).unwrap()),
    ];
    for i in 0..5u32 {
        let id = format!("T{i}");
        records
            .push((Store::Threads, testing::record("A1", &id, &summary(&id, &at(i)), Some(&[Placement::new("M1", at(i), "E")])).unwrap()));
    }
    records
}

#[wasm_bindgen_test]
async fn a_version_1_cache_is_migrated_with_its_data() {
    let name = unique("migrate");
    testing::create_v1(&name, &v1_records()).await.expect("create v1").close();
    assert_eq!(testing::stored_version(&name).await.unwrap(), 1.0);

    let cache = Cache::open_named(&name).await.expect("open");
    assert_eq!(cache.status(), &OpenStatus::Migrated { from: 1 });
    assert_eq!(cache.schema_version().await.unwrap(), Some(cache::SCHEMA_VERSION));
    // The new index was built from the threads stored before it existed.
    assert_eq!(page_ids(&cache, "A1", "M1", 0, 3).await, ["T4", "T3", "T2"]);
    assert_eq!(cache.thread_count("A1", "M1").await.unwrap(), 5);
    assert_eq!(cache.get::<Mailbox>(Store::Mailboxes, "A1", "M1").await.unwrap().unwrap().name, "Inbox");
    assert_eq!(cache.get::<String>(Store::Emails, "A1", "E1").await.unwrap().as_deref(), Some("an email"));
    assert_eq!(cache.meta::<String>("A1", &meta::state_key("Thread")).await.unwrap().as_deref(), Some("t7"));
    // The new store is there.
    cache
        .write({
            let mut b = Batch::new();
            b.put(Store::Bodies, "A1", "E1", "the body").unwrap();
            b
        })
        .await
        .unwrap();
    assert_eq!(cache.get::<String>(Store::Bodies, "A1", "E1").await.unwrap().as_deref(), Some("the body"));
    drop(cache);

    // Opened again: the current layout, as it is.
    let cache = Cache::open_named(&name).await.unwrap();
    assert_eq!(cache.status(), &OpenStatus::Existing);
    assert_eq!(cache.count(Store::Threads).await.unwrap(), 5);
    assert_eq!(testing::stored_version(&name).await.unwrap(), f64::from(cache::SCHEMA_VERSION));
    cache.wipe().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_cache_of_a_newer_version_is_rebuilt_empty() {
    let name = unique("future");
    testing::create_foreign(&name, 99, &["threads", "something-new"]).await.unwrap();
    let cache = Cache::open_named(&name).await.expect("open");
    assert!(matches!(cache.status(), OpenStatus::Rebuilt { reason } if reason.contains("newer")), "{:?}", cache.status());
    for store in Store::ALL {
        assert_eq!(cache.count(store).await.unwrap(), if store == Store::Meta { 1 } else { 0 });
    }
    cache.set_meta("A1", "k", &1).await.unwrap();
    assert_eq!(cache.meta::<i32>("A1", "k").await.unwrap(), Some(1));
    drop(cache);
    assert_eq!(testing::stored_version(&name).await.unwrap(), f64::from(cache::SCHEMA_VERSION));
    Cache::delete_named(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_damaged_cache_is_rebuilt_empty() {
    // The current version, but not the current layout (e.g. a crash mid-way through a
    // hand-made change, or another program's database of the same name).
    let name = unique("damaged");
    testing::create_foreign(&name, cache::SCHEMA_VERSION, &["meta", "threads"]).await.unwrap();
    let cache = Cache::open_named(&name).await.expect("open");
    assert!(matches!(cache.status(), OpenStatus::Rebuilt { reason } if reason.contains("stores")), "{:?}", cache.status());
    assert_eq!(cache.count(Store::Threads).await.unwrap(), 0);
    assert_eq!(cache.schema_version().await.unwrap(), Some(cache::SCHEMA_VERSION));
    cache.wipe().await.unwrap();
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_another_connection_fails_then_succeeds_once_it_closes() {
    let name = unique("blocked");
    // A connection of an older app that does not close when asked to.
    let old = testing::create_v1(&name, &v1_records()).await.unwrap();
    let started = js_sys::Date::now();
    let result = Cache::open_named(&name).await;
    assert!(matches!(result, Err(CacheError::Blocked)), "{result:?}");
    assert!(js_sys::Date::now() - started >= f64::from(cache::BLOCKED_GRACE_MS) - 50.0);
    old.close();

    let cache = Cache::open_named(&name).await.expect("open");
    assert_eq!(cache.status(), &OpenStatus::Migrated { from: 1 });
    assert_eq!(cache.thread_count("A1", "M1").await.unwrap(), 5);
    cache.wipe().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_cache_closes_when_another_tab_deletes_it() {
    let name = unique("closed");
    let cache = Cache::open_named(&name).await.unwrap();
    // The deletion is not blocked: the open cache lets go of the database.
    Cache::delete_named(&name).await.expect("delete");
    assert!(cache.is_closed());
    assert_eq!(cache.count(Store::Threads).await, Err(CacheError::Closed));
}

#[wasm_bindgen_test]
async fn each_identity_has_its_own_cache_and_wipe_empties_it() {
    let origin = format!("https://{}.example", unique("origin"));
    let alice = Cache::open(&origin, "alice").await.unwrap();
    assert_eq!(alice.name(), cache::database_name(&origin, "alice"));
    assert!(alice.name().starts_with(cache::NAME_PREFIX));
    alice.set_meta(meta::GLOBAL, meta::SESSION, "alice's session").await.unwrap();
    alice
        .write({
            let mut b = Batch::new();
            b.put_thread("A1", "T1", &[Placement::new("M1", at(0), "E")], &summary("T1", &at(0))).unwrap();
            b
        })
        .await
        .unwrap();

    // Another user of the same server, and the same user on another server: other databases.
    for (server, user) in [(origin.clone(), "bob"), (format!("{origin}.other"), "alice")] {
        let other = Cache::open(&server, user).await.unwrap();
        assert_ne!(other.name(), alice.name());
        assert_eq!(other.status(), &OpenStatus::Created);
        assert_eq!(other.count(Store::Threads).await.unwrap(), 0);
        assert_eq!(other.meta::<String>(meta::GLOBAL, meta::SESSION).await.unwrap(), None);
        assert_eq!(page_ids(&other, "A1", "M1", 0, 10).await, Vec::<String>::new());
        other.wipe().await.unwrap();
    }
    // The same identity written differently is the same database.
    let again = Cache::open(&format!("{}/", origin.to_uppercase()), "alice").await.unwrap();
    assert_eq!(again.meta::<String>(meta::GLOBAL, meta::SESSION).await.unwrap().as_deref(), Some("alice's session"));
    drop(again);

    alice.wipe().await.unwrap();
    let reopened = Cache::open(&origin, "alice").await.unwrap();
    assert_eq!(reopened.status(), &OpenStatus::Created);
    for store in Store::ALL {
        assert_eq!(reopened.count(store).await.unwrap(), if store == Store::Meta { 1 } else { 0 }, "{store:?}");
    }
    drop(reopened);
    Cache::wipe_identity(&origin, "alice").await.unwrap();
}

#[wasm_bindgen_test]
async fn a_wipe_blocked_by_another_connection_happens_once_it_closes() {
    let name = unique("wipe-blocked");
    let cache = Cache::open_named(&name).await.unwrap();
    cache.set_meta("A1", "k", "v").await.unwrap();
    let other = testing::connect(&name).await.unwrap();
    assert_eq!(cache.wipe().await, Err(CacheError::Blocked));
    // The deletion stays queued, and happens when the other connection lets go.
    other.close();
    let cache = Cache::open_named(&name).await.unwrap();
    assert_eq!(cache.status(), &OpenStatus::Created);
    assert_eq!(cache.meta::<String>("A1", "k").await.unwrap(), None);
    cache.wipe().await.unwrap();
}

/// Replaces `window.indexedDB` for the length of a test, as a browser without it would have it.
struct IndexedDbReplaced(JsValue);

impl IndexedDbReplaced {
    fn with(descriptor: &js_sys::Object) -> Self {
        let window: js_sys::Object = js_sys::global();
        let original = js_sys::Object::get_own_property_descriptor(&window, &"indexedDB".into());
        assert!(!original.is_undefined(), "indexedDB is an own property of the window");
        js_sys::Reflect::set(descriptor, &"configurable".into(), &true.into()).unwrap();
        js_sys::Object::define_property(&window, &"indexedDB".into(), descriptor);
        IndexedDbReplaced(original)
    }

    fn restore(self) {
        let window: js_sys::Object = js_sys::global();
        js_sys::Object::define_property(&window, &"indexedDB".into(), self.0.unchecked_ref());
    }
}

#[wasm_bindgen_test]
async fn without_indexeddb_the_cache_is_unavailable_not_a_panic() {
    // indexedDB is null (older Safari in private browsing, some embedded browsers).
    let null = js_sys::Object::new();
    js_sys::Reflect::set(&null, &"value".into(), &JsValue::NULL).unwrap();
    let replaced = IndexedDbReplaced::with(&null);
    let result = Cache::open_named(&unique("unavailable")).await;
    replaced.restore();
    assert!(matches!(result, Err(CacheError::Unavailable { .. })), "{result:?}");

    // Reading indexedDB throws (sandboxed frames, storage blocked by the user's settings).
    let throwing = js_sys::Object::new();
    let getter = js_sys::Function::new_no_args("throw new DOMException('Access is denied for this document.', 'SecurityError')");
    js_sys::Reflect::set(&throwing, &"get".into(), &getter).unwrap();
    let replaced = IndexedDbReplaced::with(&throwing);
    let result = Cache::open_named(&unique("unavailable")).await;
    let wipe = Cache::delete_named(&unique("unavailable")).await;
    replaced.restore();
    assert!(matches!(&result, Err(CacheError::Unavailable { reason }) if reason.contains("SecurityError")), "{result:?}");
    assert!(wipe.is_err());
    assert!(result.unwrap_err().to_string().contains("still works online"));

    // And it is back.
    Cache::open_named(&unique("available")).await.expect("open").wipe().await.unwrap();
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

fn ten_thousand_threads() -> Vec<(String, String, Summary)> {
    (0..10_000u32)
        .map(|i| {
            let (id, date) = (format!("T{i:05}"), at(i));
            let s = summary(&id, &date);
            (id, date, s)
        })
        .collect()
}

/// Figures for the report, not assertions on speed: writing 10,000 threads in one batch, and
/// reading the first page of 50 from the index.
#[wasm_bindgen_test]
async fn timing_of_ten_thousand_threads() {
    let cache = open("timing").await;
    let threads = ten_thousand_threads();
    let t0 = now();
    let mut batch = Batch::new();
    for (id, date, s) in &threads {
        batch.put_thread("A1", id, &[Placement::new("INBOX", date.clone(), "E")], s).unwrap();
    }
    let t1 = now();
    cache.write(batch).await.unwrap();
    let t2 = now();
    console_log!("10,000 threads as JSON text: batch built in {:.0} ms, written in one transaction in {:.0} ms", t1 - t0, t2 - t1);
    assert_eq!(cache.thread_count("A1", "INBOX").await.unwrap(), 10_000);

    for (offset, label) in [(0u32, "first"), (5_000, "middle"), (9_950, "last")] {
        let t = now();
        let page: Vec<Summary> = cache.thread_page("A1", "INBOX", offset, 50).await.unwrap();
        console_log!("page of 50 ({label}, offset {offset}) of 10,000: {:.1} ms", now() - t);
        assert_eq!(page.len(), 50);
        assert_eq!(page[0].thread_id, format!("T{:05}", 9_999 - offset));
    }
    let t = now();
    let count = cache.thread_count("A1", "INBOX").await.unwrap();
    console_log!("thread_count of 10,000: {:.1} ms", now() - t);
    assert_eq!(count, 10_000);
    let t = now();
    let all: Vec<Summary> = cache.all(Store::Threads, "A1").await.unwrap();
    console_log!("reading all 10,000 back: {:.0} ms", now() - t);
    assert_eq!(all.len(), 10_000);
    assert_eq!(all[1], threads[1].2);
    cache.wipe().await.unwrap();
}

/// The first page must not depend on how many threads there are: 100,000 threads, in batches of
/// 10,000. Slow, so only on demand: `cargo test … --test cache -- --include-ignored timing`.
#[wasm_bindgen_test]
#[ignore]
async fn timing_of_a_hundred_thousand_threads() {
    let cache = open("timing100k").await;
    let t0 = now();
    for chunk in 0..10u32 {
        let mut batch = Batch::new();
        for i in chunk * 10_000..(chunk + 1) * 10_000 {
            let (id, date) = (format!("T{i:06}"), at(i));
            // Every third thread is in a second mailbox too, and another account has its own.
            let mut list = vec![Placement::new("INBOX", date.clone(), "E")];
            if i % 3 == 0 {
                list.push(Placement::new("TEAM", date.clone(), "E"));
            }
            batch.put_thread("A1", &id, &list, &summary(&id, &date)).unwrap();
        }
        cache.write(batch).await.unwrap();
    }
    console_log!("100,000 threads written in 10 batches in {:.0} ms", now() - t0);
    for (mailbox, offset) in [("INBOX", 0u32), ("INBOX", 50), ("INBOX", 50_000), ("TEAM", 0)] {
        let t = now();
        let page: Vec<Summary> = cache.thread_page("A1", mailbox, offset, 50).await.unwrap();
        console_log!("page of 50 of {mailbox} at offset {offset} (100,000 threads): {:.1} ms", now() - t);
        assert_eq!(page.len(), 50);
    }
    let t = now();
    assert_eq!(cache.thread_count("A1", "INBOX").await.unwrap(), 100_000);
    console_log!("thread_count of 100,000: {:.1} ms", now() - t);
    cache.wipe().await.unwrap();
}

/// The sync engine's resume point lives in `meta` until a batch records the state (the copy is
/// then complete) or replaces the account.
#[wasm_bindgen_test]
async fn a_resume_point_is_kept_until_the_copy_is_complete() {
    use tandem::cache::IdbStore;
    use tandem_core::sync::{ResumePoint, StoreBatch, SyncState, SyncStore};

    let store = IdbStore::new(open("resume").await);
    let point = ResumePoint { mailbox_id: "I".into(), position: 512, total: Some(38_898), notes: vec!["M1".into()], ..Default::default() };
    let mut going_on = StoreBatch::new("A");
    going_on.resume = Some(point.clone());
    store.apply(going_on).await.unwrap();
    assert_eq!(store.resume_point("A").await.unwrap(), Some(point.clone()));
    assert_eq!(store.resume_point("B").await.unwrap(), None, "per account");

    let mut replaced = StoreBatch::new("A");
    replaced.replace = true;
    store.apply(replaced).await.unwrap();
    assert_eq!(store.resume_point("A").await.unwrap(), None, "a replaced account has none");

    let mut going_on = StoreBatch::new("A");
    going_on.resume = Some(point);
    store.apply(going_on).await.unwrap();
    let mut done = StoreBatch::new("A");
    done.state = Some(SyncState { mailboxes: vec!["I".into()], ..Default::default() });
    store.apply(done).await.unwrap();
    assert_eq!(store.resume_point("A").await.unwrap(), None, "a complete copy has none");
    assert!(store.sync_state("A").await.unwrap().is_some());
}

/// A copy written before its lists took the server's order of threads received in the same second
/// (its state under the older key) is not read as complete, so the next sync replaces it in full;
/// the replacing batch deletes the older state with the rest, and the agent's other values stay.
#[wasm_bindgen_test]
async fn a_copy_of_the_older_list_order_is_synced_again() {
    use tandem::cache::IdbStore;
    use tandem_core::sync::{StoreBatch, SyncState, SyncStore};

    let cache = open("older-order").await;
    let older = SyncState { email: "s1".into(), mailboxes: vec!["I".into()], ..Default::default() };
    cache.set_meta("A", "syncState", &older).await.unwrap();
    cache.set_meta("A", "noteDraft:T1", "a note being written").await.unwrap();
    let store = IdbStore::new(cache);
    assert_eq!(store.sync_state("A").await.unwrap(), None, "not complete: synced again");

    let mut replaced = StoreBatch::new("A");
    replaced.replace = true;
    replaced.state = Some(SyncState { email: "s2".into(), mailboxes: vec!["I".into()], ..Default::default() });
    store.apply(replaced).await.unwrap();
    assert_eq!(store.sync_state("A").await.unwrap().map(|s| s.email).as_deref(), Some("s2"));
    assert_eq!(store.cache().meta::<SyncState>("A", "syncState").await.unwrap(), None, "the older state is gone");
    assert_eq!(store.cache().meta::<String>("A", "noteDraft:T1").await.unwrap().as_deref(), Some("a note being written"));
}

/// A conversation opened before the sync's first write (which replaces an incomplete copy) is
/// still in the copy after it, for a reload without a network.
#[wasm_bindgen_test]
async fn a_conversation_kept_before_the_copy_is_replaced_survives_it() {
    use tandem::cache::IdbStore;
    use tandem_core::conversation::Conversation;
    use tandem_core::model::status::Status;
    use tandem_core::sync::{StoreBatch, SyncStore};

    let conversation = |thread_id: &str| Conversation {
        thread_id: thread_id.into(),
        subject: format!("Refund of {thread_id}"),
        messages: Vec::new(),
        status: Status::Open,
        assignee: None,
        tags: Vec::new(),
        email_state: "s1".into(),
        snoozed_until: None,
        drafts: Vec::new(),
    };
    let name = unique("kept");
    let store = IdbStore::new(Cache::open_named(&name).await.expect("open"));
    store.keep_conversation("A", &conversation("T1")).await.unwrap();
    store.keep_conversation("B", &conversation("T2")).await.unwrap();
    let mut replaced = StoreBatch::new("A");
    replaced.replace = true;
    store.apply(replaced).await.unwrap();
    let mut other = StoreBatch::new("B");
    other.replace = true;
    store.apply(other).await.unwrap();

    // Read back through another connection: not from the store's memory of recent ones.
    let reopened = IdbStore::new(Cache::open_named(&name).await.expect("reopen"));
    assert_eq!(reopened.conversation("A", "T1").await.unwrap(), Some(conversation("T1")));
    assert_eq!(reopened.conversation("B", "T2").await.unwrap(), Some(conversation("T2")));
    assert_eq!(reopened.conversation("A", "T2").await.unwrap(), None, "per account");
}

#[wasm_bindgen_test]
async fn every_row_of_a_list_is_read_newest_first_for_the_search_index() {
    use tandem::cache::IdbStore;
    use tandem_core::sync::listing::{MentionRow, StoredThread};
    use tandem_core::thread_list::ThreadSummary;
    let stored = |id: &str, minutes: u32| -> StoredThread {
        let summary: ThreadSummary = serde_json::from_value(serde_json::json!({
            "threadId": id, "emailId": format!("e-{id}"), "subject": format!("Subject {id}"), "from": "Mei Chen",
            "preview": "", "receivedAt": at(minutes), "unread": false, "flagged": false, "hasAttachment": false,
            "messageCount": 1, "status": "open", "assignee": null, "tags": []
        }))
        .unwrap();
        StoredThread { email_ids: vec![format!("e-{id}")], summary, mentions: Default::default() }
    };
    let cache = open("all-rows").await;
    let mut batch = Batch::new();
    // More than one step of decoding (cache::STEP), written out of order.
    let ids: Vec<u32> = (0..600).map(|i| (i * 7) % 600).collect();
    for i in &ids {
        let id = format!("T{i:03}");
        batch.put_thread("A1", &id, &[Placement::new("INBOX", at(*i), "E")], &stored(&id, *i)).unwrap();
    }
    let mut noted = stored("N1", 900);
    noted.mentions.insert("bob".into(), MentionRow { email_id: "note-1".into(), from: "Alice".into(), preview: "@bob look".into() });
    batch
        .put_thread("A1", "N1", &[Placement::new("INBOX", at(900), "E"), Placement::new("INBOX:mention:bob", at(900), "E")], &noted)
        .unwrap();
    batch.put_thread("A1", "ELSE", &[Placement::new("OTHER", at(1000), "E")], &stored("ELSE", 1000)).unwrap();
    cache.write(batch).await.unwrap();
    let store = IdbStore::new(cache);

    let rows = store.all_rows("A1", "INBOX").await.unwrap();
    let expected: Vec<String> = std::iter::once("N1".to_string()).chain((0..600).rev().map(|i| format!("T{i:03}"))).collect();
    assert_eq!(rows.iter().map(|r| r.thread_id.clone()).collect::<Vec<_>>(), expected);
    // A view's list gives its own row (a mention shows the note).
    let mentions = store.all_rows("A1", "INBOX:mention:bob").await.unwrap();
    assert_eq!(mentions.iter().map(|r| (r.thread_id.as_str(), r.email_id.as_str())).collect::<Vec<_>>(), [("N1", "note-1")]);
    assert!(store.all_rows("A1", "NONE").await.unwrap().is_empty());
}
