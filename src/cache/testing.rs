//! Helpers for `tests/cache.rs`: databases in an older, newer or damaged layout, made the way an
//! older Tandem (or something else) would have left them. Not for the app.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::error::CacheError;
use super::record::{self, Store};
use super::schema::{self, SCHEMA_VERSION_KEY, V1_STORES};

/// A record in the current format (also version 1's).
pub fn record<T: Serialize + ?Sized>(
    account_id: &str,
    id: &str,
    value: &T,
    list: Option<&[tandem_core::sync::view::Placement]>,
) -> Result<JsValue, CacheError> {
    record::record(account_id, id, &record::encode(value)?, list)
}

/// Creates database `name` in the version-1 layout holding `records`, and returns the open
/// connection (which, unlike a `Cache`, does not close when another tab upgrades: close it, or
/// keep it open to block an upgrade).
pub async fn create_v1(name: &str, records: &[(Store, JsValue)]) -> Result<Database, CacheError> {
    let db = Database::open(name).with_version(1u32).with_on_upgrade_needed(|_event, db| schema::create_v1(&db)).await?;
    let names: Vec<&str> = V1_STORES.iter().map(|s| s.name()).collect();
    {
        let tx = db.transaction(names).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(Store::Meta.name())?.put(record("", SCHEMA_VERSION_KEY, &1u32, None)?).primitive()?.await?;
        for (store, value) in records {
            tx.object_store(store.name())?.put(value).primitive()?.await?;
        }
        tx.commit().await?;
    }
    Ok(db)
}

/// Creates database `name` at `version` with plain stores called `stores`, and closes it: a
/// newer Tandem's cache, or a damaged one.
pub async fn create_foreign(name: &str, version: u32, stores: &[&str]) -> Result<(), CacheError> {
    let stores: Vec<String> = stores.iter().map(|s| s.to_string()).collect();
    let db = Database::open(name)
        .with_version(version)
        .with_on_upgrade_needed(move |_event, db| {
            for store in &stores {
                db.create_object_store(store).build()?;
            }
            Ok(())
        })
        .await?;
    db.close();
    Ok(())
}

/// The version of database `name` (opening it without a version, so without upgrading it).
pub async fn stored_version(name: &str) -> Result<f64, CacheError> {
    let db = connect(name).await?;
    let version = db.version();
    db.close();
    Ok(version)
}

/// Opens database `name` as it is, with a connection that does not close when another tab
/// upgrades or deletes the database (as an older app's might not).
pub async fn connect(name: &str) -> Result<Database, CacheError> {
    Ok(Database::open(name).await?)
}
