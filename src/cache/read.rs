//! Reads: by key, by account, a page of a mailbox's thread list, and counts. Each read is one
//! readonly transaction.

use indexed_db_futures::cursor::CursorDirection;
use indexed_db_futures::index::Index;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use indexed_db_futures::KeyRange;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::error::CacheError;
use super::record::{self, Store};
use super::schema::LIST_INDEX;
use super::{Cache, STEP};
use crate::timer;

impl Cache {
    fn read(&self, store: Store) -> Result<Transaction<'_>, CacheError> {
        self.check_open()?;
        Ok(self.db.transaction(store.name()).build()?)
    }

    /// The value stored under (`account_id`, `id`) in `store`, if any.
    pub async fn get<T: DeserializeOwned>(&self, store: Store, account_id: &str, id: &str) -> Result<Option<T>, CacheError> {
        let tx = self.read(store)?;
        let found: Option<JsValue> = tx.object_store(store.name())?.get(record::key(account_id, id)).primitive()?.await?;
        found.map(|r| record::decode(&r)).transpose()
    }

    /// The values stored under (`account_id`, each of `ids`), in the order of `ids`.
    pub async fn get_many<T: DeserializeOwned, S: AsRef<str>>(
        &self,
        store: Store,
        account_id: &str,
        ids: &[S],
    ) -> Result<Vec<Option<T>>, CacheError> {
        let tx = self.read(store)?;
        let object_store = tx.object_store(store.name())?;
        // A step's requests go out at once (up to [`STEP`], or fewer once the main thread has
        // been held a slice: a request costs ~0.05 ms, a full sync reads thousands); then their
        // answers are read in order, each in a task of its own, and the next step's requests
        // are made as the last answer is handled (the transaction is still active then).
        let mut values = Vec::with_capacity(ids.len());
        let mut rest = ids;
        while !rest.is_empty() {
            let mut requests = Vec::new();
            for id in rest.iter().take(STEP) {
                requests.push(object_store.get(record::key(account_id, id.as_ref())).primitive()?);
                if timer::slice_spent() {
                    break;
                }
            }
            rest = &rest[requests.len()..];
            for request in requests {
                let found: Option<JsValue> = request.await?;
                timer::slice_begins();
                values.push(found.map(|r| record::decode(&r)).transpose()?);
            }
        }
        Ok(values)
    }

    /// Every value of `account_id` in `store`, ordered by id (e.g. all mailboxes of an account).
    pub async fn all<T: DeserializeOwned>(&self, store: Store, account_id: &str) -> Result<Vec<T>, CacheError> {
        let tx = self.read(store)?;
        let (lower, upper) = record::account_bounds(account_id);
        let records = tx
            .object_store(store.name())?
            .get_all::<JsValue>()
            .with_query::<JsValue, _>(KeyRange::Bound(lower, false, upper, false))
            .primitive()?
            .await?;
        records.map(|r| record::decode(&r?)).collect()
    }

    /// How many records `store` holds, over all accounts.
    pub async fn count(&self, store: Store) -> Result<u32, CacheError> {
        let tx = self.read(store)?;
        Ok(tx.object_store(store.name())?.count().primitive()?.await?)
    }

    /// How many records of `account_id` `store` holds.
    pub async fn count_account(&self, store: Store, account_id: &str) -> Result<u32, CacheError> {
        let tx = self.read(store)?;
        let (lower, upper) = record::account_bounds(account_id);
        Ok(tx
            .object_store(store.name())?
            .count()
            .with_query::<JsValue, _>(KeyRange::Bound(lower, false, upper, false))
            .primitive()?
            .await?)
    }

    /// How many threads are listed in mailbox `mailbox_id` of `account_id`. IndexedDB counts by
    /// walking the range (about 50 ms for 10,000 threads, 0.8 s for 100,000 in Chromium): for a
    /// list's header, keep the server's `total` in `meta` instead of counting on every render.
    pub async fn thread_count(&self, account_id: &str, mailbox_id: &str) -> Result<u32, CacheError> {
        let tx = self.read(Store::Threads)?;
        let object_store = tx.object_store(Store::Threads.name())?;
        let (lower, upper) = record::mailbox_bounds(account_id, mailbox_id);
        Ok(object_store
            .index(LIST_INDEX)?
            .count()
            .with_query::<JsValue, _>(KeyRange::Bound(lower, false, upper, false))
            .primitive()?
            .await?)
    }

    /// Threads `offset .. offset + limit` of mailbox `mailbox_id` of `account_id`, newest first.
    ///
    /// Read from the `list` index without loading the other threads: a key cursor walks back
    /// from the newest entry to find the page's newest and oldest keys (`advance` skips without
    /// reading), then one `getAll` over that key range loads the page. The first page costs the
    /// same however many threads there are (5–8 ms for 50 of 10,000 or of 100,000 in Chromium);
    /// skipping is linear in `offset` (about 0.5 s to reach offset 50,000).
    pub async fn thread_page<T: DeserializeOwned>(
        &self,
        account_id: &str,
        mailbox_id: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<T>, CacheError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let tx = self.read(Store::Threads)?;
        let object_store = tx.object_store(Store::Threads.name())?;
        let index = object_store.index(LIST_INDEX)?;
        let (lower, upper) = record::mailbox_bounds(account_id, mailbox_id);
        let Some(newest) = nth_key_from_the_end(&index, &lower, &upper, offset).await? else {
            return Ok(Vec::new());
        };
        let oldest = nth_key_from_the_end(&index, &lower, &newest, limit - 1).await?.unwrap_or(lower);
        let records = index
            .get_all::<JsValue>()
            .with_query::<JsValue, _>(KeyRange::Bound(oldest, false, newest, false))
            .with_limit(limit)
            .primitive()?
            .await?;
        let mut page = records.map(|r| record::decode(&r?)).collect::<Result<Vec<T>, CacheError>>()?;
        page.reverse();
        Ok(page)
    }
    /// Every record listed under `mailbox_id` (a mailbox id or a view's list key) of
    /// `account_id`, oldest first, undecoded: one `getAll`, so the caller can decode them in
    /// steps (`IdbStore::all_rows`).
    pub(crate) async fn listed_records(&self, account_id: &str, mailbox_id: &str) -> Result<Vec<JsValue>, CacheError> {
        let tx = self.read(Store::Threads)?;
        let object_store = tx.object_store(Store::Threads.name())?;
        let index = object_store.index(LIST_INDEX)?;
        let (lower, upper) = record::mailbox_bounds(account_id, mailbox_id);
        let records = index.get_all::<JsValue>().with_query::<JsValue, _>(KeyRange::Bound(lower, false, upper, false)).primitive()?.await?;
        records.collect::<Result<Vec<JsValue>, _>>().map_err(CacheError::from)
    }
}

/// The `n`th key (0 = the last) of `index` within `lower ..= upper`, counting from the end.
async fn nth_key_from_the_end(index: &Index<'_>, lower: &JsValue, upper: &JsValue, n: u32) -> Result<Option<JsValue>, CacheError> {
    let range = KeyRange::Bound(lower.clone(), false, upper.clone(), false);
    let Some(mut cursor) =
        index.open_key_cursor().with_query::<JsValue, _>(range).with_direction(CursorDirection::Prev).primitive()?.await?
    else {
        return Ok(None);
    };
    if n > 0 {
        cursor.advance_by(n).await?;
        // `advance_by` does not say whether it ran off the end; the cursor's request does.
        let get = |object: &JsValue, name: &str| js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::NULL);
        let result = get(&get(cursor.as_sys(), "request"), "result");
        if result.is_null() || result.is_undefined() {
            return Ok(None);
        }
    }
    let key: Option<JsValue> = cursor.next_key().await?;
    Ok(key.filter(|k| !k.is_undefined() && !k.is_null()))
}
