//! Writes: a [`Batch`] of puts and deletes over any stores, applied in one readwrite transaction.
//!
//! Every value is serialized when it is added to the batch, before any transaction exists, so
//! `Cache::write` awaits nothing but IndexedDB while its transaction is open (a transaction
//! commits itself as soon as the event loop finds it idle). indexed_db_futures 0.6 rolls a
//! transaction back unless it is committed, so `write` commits explicitly, and any failure on
//! the way — a request that cannot be made, a request that fails, a commit that fails (quota) —
//! leaves nothing of the batch written.

use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use serde::Serialize;
use tandem_core::sync::view::Placement;
use wasm_bindgen::{JsCast, JsValue};

use super::error::CacheError;
use super::record::{self, Store};
use super::{Cache, STEP};
use crate::timer;

enum Op {
    Put(Store, JsValue),
    Delete(Store, JsValue),
    DeleteRange(Store, JsValue, JsValue),
}

impl Op {
    fn store(&self) -> Store {
        match self {
            Op::Put(s, _) | Op::Delete(s, _) | Op::DeleteRange(s, _, _) => *s,
        }
    }
}

/// Puts and deletes to apply together, in order, all or nothing.
#[derive(Default)]
pub struct Batch {
    ops: Vec<Op>,
}

impl Batch {
    pub fn new() -> Self {
        Batch::default()
    }

    /// Stores `value` under (`account_id`, `id`) in `store`, replacing what was there. A thread
    /// put this way is in no list; use [`Batch::put_thread`].
    pub fn put<T: Serialize + ?Sized>(&mut self, store: Store, account_id: &str, id: &str, value: &T) -> Result<(), CacheError> {
        let json = record::encode(value)?;
        self.ops.push(Op::Put(store, record::record(account_id, id, &json, None)?));
        Ok(())
    }

    /// Stores thread `thread_id`'s summary, listed in each mailbox of `list` at that placement's
    /// date (one placement per mailbox: if a mailbox is given twice, the last one counts).
    pub fn put_thread<T: Serialize + ?Sized>(
        &mut self,
        account_id: &str,
        thread_id: &str,
        list: &[Placement],
        value: &T,
    ) -> Result<(), CacheError> {
        let json = record::encode(value)?;
        self.ops.push(Op::Put(Store::Threads, record::record(account_id, thread_id, &json, Some(list))?));
        Ok(())
    }

    /// Sets a `meta` value (see `cache::meta` for the keys).
    pub fn set_meta<T: Serialize + ?Sized>(&mut self, account_id: &str, key: &str, value: &T) -> Result<(), CacheError> {
        self.put(Store::Meta, account_id, key, value)
    }

    /// Deletes (`account_id`, `id`) from `store`; nothing happens if it is not there.
    pub fn delete(&mut self, store: Store, account_id: &str, id: &str) {
        self.ops.push(Op::Delete(store, record::key(account_id, id)));
    }

    /// Deletes every record of `account_id` from `store` (e.g. before a full resync).
    pub fn clear_account(&mut self, store: Store, account_id: &str) {
        let (lower, upper) = record::account_bounds(account_id);
        self.ops.push(Op::DeleteRange(store, lower, upper));
    }

    /// Adds a record exactly as given, bypassing the record format. For tests: a record without
    /// the key fields cannot be stored, which makes the whole batch fail.
    #[doc(hidden)]
    pub fn put_raw(&mut self, store: Store, record: JsValue) {
        self.ops.push(Op::Put(store, record));
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

impl Cache {
    /// Applies `batch` in one readwrite transaction over the stores it touches: all of it, or
    /// (on error) none of it.
    pub async fn write(&self, batch: Batch) -> Result<(), CacheError> {
        self.check_open()?;
        if batch.ops.is_empty() {
            return Ok(());
        }
        let mut stores: Vec<Store> = batch.ops.iter().map(Op::store).collect();
        tandem_core::sort::sort(&mut stores);
        stores.dedup();
        let names: Vec<&str> = stores.iter().map(|s| s.name()).collect();
        let tx = self.db.transaction(names).with_mode(TransactionMode::Readwrite).build()?;
        let raw_tx: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        {
            let handles: Vec<(Store, ObjectStore)> =
                stores.iter().map(|s| Ok((*s, tx.object_store(s.name())?))).collect::<Result<_, CacheError>>()?;
            let handle = |store: Store| {
                handles
                    .iter()
                    .find(|(s, _)| *s == store)
                    .map(|(_, h)| h)
                    .ok_or_else(|| CacheError::corrupt("a store of the batch is missing"))
            };
            // Requests go out when built; their futures are not awaited, but for one once the
            // main thread has been held a slice (`timer::slice_spent`: a put costs ~0.1 ms, a
            // full sync's batch is thousands) or [`STEP`] went out: the main thread is free
            // while it completes, and the transaction stays active, since the next requests are
            // made as its answer is handled. A request that fails aborts the transaction, and
            // `commit` reports it. An `Err` here drops `tx` uncommitted, which rolls back the
            // requests already made.
            let mut sent = 0;
            for op in &batch.ops {
                sent += 1;
                match op {
                    Op::Put(store, value) => {
                        let request = handle(*store)?.put(value).primitive()?;
                        if sent >= STEP || timer::slice_spent() {
                            request.await?;
                            timer::slice_begins();
                            sent = 0;
                        }
                    }
                    Op::Delete(store, key) => drop(handle(*store)?.delete(key).primitive()?),
                    Op::DeleteRange(store, lower, upper) => {
                        drop(handle(*store)?.delete::<&JsValue, _>(KeyRange::Bound(lower, false, upper, false)).primitive()?)
                    }
                }
            }
        }
        match tx.commit().await {
            Ok(()) => Ok(()),
            // The transaction's own error says why it aborted (a failed request, the quota).
            Err(e) => Err(raw_tx.error().map(|d| CacheError::from_dom(&d.name(), d.message())).unwrap_or_else(|| e.into())),
        }
    }

    /// Deletes (`account_id`, each of `ids`) from `store`, in one transaction.
    pub async fn delete<S: AsRef<str>>(&self, store: Store, account_id: &str, ids: &[S]) -> Result<(), CacheError> {
        let mut batch = Batch::new();
        for id in ids {
            batch.delete(store, account_id, id.as_ref());
        }
        self.write(batch).await
    }
}
