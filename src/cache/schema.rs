//! The layout of a cache database, its version, and how older layouts become the current one.
//!
//! The layout's version is the IndexedDB database version, and is also written in `meta` (key
//! `$schemaVersion` of the global account) by the upgrade that makes the layout, so that a
//! database at the right version but without the right content is recognised as damaged.
//!
//! - **Version 1**, the first layout: stores `meta`, `mailboxes`, `threads`, `emails`, each keyed
//!   by `["accountId", "id"]`, records as in `record`. No `bodies` store, no `list` index: a
//!   thread list was read by scanning. It never shipped; its migration is kept as the model for
//!   the next one, and `tests/cache.rs` runs it.
//! - **Version 2**, the current one: adds the `bodies` store and the multiEntry `list` index on
//!   `threads`. IndexedDB builds the new index from the records already stored, so the data of a
//!   version-1 cache is kept.
//!
//! In the upgrade handler: from 0 (no database) the current layout is created; from a known
//! older version, each migration N-1 → N runs in turn; from an unknown older version every store
//! is deleted and the current layout created. A database of a *newer* version cannot be opened
//! (`VersionError`), and one whose upgrade fails or whose content does not match is deleted and
//! created again by `open` (a clean rebuild: the cache is only a copy of the server).

use indexed_db_futures::database::Database;
use indexed_db_futures::error::Error as IdbError;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;
use wasm_bindgen::JsValue;

use super::error::CacheError;
use super::record::{self, Store, ACCOUNT_ID, ID, LIST};

/// The current layout's version (the IndexedDB database version).
pub const SCHEMA_VERSION: u32 = 2;

/// The multiEntry index of `threads` over `list`: `[accountId, mailboxId, receivedAt, emailId,
/// threadId]` (`[…, receivedAt, threadId]` before the copy's lists took the server's order of
/// threads received in the same second: see `sync_store::SYNC_STATE`).
pub const LIST_INDEX: &str = "list";

/// The `meta` key (global account) of the layout's version.
pub(crate) const SCHEMA_VERSION_KEY: &str = "$schemaVersion";

/// The stores of version 1.
pub(crate) const V1_STORES: [Store; 4] = [Store::Meta, Store::Mailboxes, Store::Threads, Store::Emails];

fn key_path() -> KeyPath<&'static str> {
    KeyPath::from([ACCOUNT_ID, ID])
}

/// The upgrade handler: brings a database at `old` version to `SCHEMA_VERSION`, within the
/// version-change transaction `tx`. An error aborts the upgrade, and `open` rebuilds.
pub(crate) fn upgrade(old: u32, db: &Database, tx: Option<&web_sys::IdbTransaction>) -> Result<(), IdbError> {
    let tx = tx.ok_or_else(|| IdbError::from(JsValue::from_str("no version-change transaction")))?;
    match old {
        0 => create_current(db)?,
        1 => migrate_v1_to_v2(db, tx)?,
        _ => {
            let names: Vec<String> = db.object_store_names().collect();
            for name in names {
                db.delete_object_store(&name)?;
            }
            create_current(db)?;
        }
    }
    write_version(tx, SCHEMA_VERSION)
}

fn create_current(db: &Database) -> Result<(), IdbError> {
    for store in Store::ALL {
        let created = db.create_object_store(store.name()).with_key_path(key_path()).build()?;
        if store == Store::Threads {
            created.create_index(LIST_INDEX, KeyPath::One(LIST)).with_multi_entry(true).build()?;
        }
    }
    Ok(())
}

fn migrate_v1_to_v2(db: &Database, tx: &web_sys::IdbTransaction) -> Result<(), IdbError> {
    db.create_object_store(Store::Bodies.name()).with_key_path(key_path()).build()?;
    // An index on a store that already exists: indexed_db_futures only builds indexes on stores
    // it has just created, so this goes through web-sys.
    let threads = tx.object_store(Store::Threads.name())?;
    let params = web_sys::IdbIndexParameters::new();
    params.set_multi_entry(true);
    threads.create_index_with_str_and_optional_parameters(LIST_INDEX, LIST, &params)?;
    Ok(())
}

pub(crate) fn write_version(tx: &web_sys::IdbTransaction, version: u32) -> Result<(), IdbError> {
    let record = record::record("", SCHEMA_VERSION_KEY, &version.to_string(), None)
        .map_err(|e| IdbError::from(JsValue::from_str(&e.to_string())))?;
    tx.object_store(Store::Meta.name())?.put(&record)?;
    Ok(())
}

/// Creates the version-1 layout's stores (for tests of the migration).
pub(crate) fn create_v1(db: &Database) -> Result<(), IdbError> {
    for store in V1_STORES {
        db.create_object_store(store.name()).with_key_path(key_path()).build()?;
    }
    Ok(())
}

/// Whether an open database has the current layout: every store with the compound key, the
/// `list` index, and the version recorded in `meta`.
pub(crate) async fn validate(db: &Database) -> Result<(), CacheError> {
    let mut names: Vec<String> = db.object_store_names().collect();
    tandem_core::sort::sort(&mut names);
    let mut expected: Vec<&str> = Store::ALL.iter().map(|s| s.name()).collect();
    tandem_core::sort::sort(&mut expected);
    if names != expected {
        return Err(CacheError::corrupt(format!("it has the stores {names:?}")));
    }
    let tx = db.transaction(expected).build()?;
    for store in Store::ALL {
        let object_store = tx.object_store(store.name())?;
        if object_store.key_path() != Some(KeyPath::from(vec![ACCOUNT_ID.to_string(), ID.to_string()])) {
            return Err(CacheError::corrupt(format!("store {} is not keyed by (accountId, id)", store.name())));
        }
        if store == Store::Threads && !object_store.index_names().any(|n| n == LIST_INDEX) {
            return Err(CacheError::corrupt("the thread list index is missing"));
        }
    }
    let meta = tx.object_store(Store::Meta.name())?;
    let found: Option<JsValue> = meta.get(record::key("", SCHEMA_VERSION_KEY)).primitive()?.await?;
    let version: Option<u32> = found.map(|r| record::decode(&r)).transpose().ok().flatten();
    if version != Some(SCHEMA_VERSION) {
        return Err(CacheError::corrupt(format!("it records layout version {version:?}, not {SCHEMA_VERSION}")));
    }
    Ok(())
}
