//! How a value is stored: the stores, the keys, and the record around each value.
//!
//! Every record is a small JS object, the same in every store:
//!
//! ```text
//! { accountId: "A1", id: "T42", v: "{…the value as JSON…}", list: [["A1", "M1", 1714557600, "E7", "T42"], …] }
//! ```
//!
//! - **Key**: the compound key path `["accountId", "id"]`, so a key is the array `[accountId, id]`.
//!   All records of an account are one key range (`[a]` to `[a, []]`, arrays sorting after
//!   strings), which is how `all`/`count_account`/`clear_account` work.
//! - **Value**: `v` is the value serialized with serde_json, kept as a string. Measured against
//!   storing JS objects (serde-wasm-bindgen, or `JSON.parse` of the same text) with 10,000 thread
//!   summaries in headless Chromium, release build: building the batch took 120–350 ms either
//!   way, writing it 0.7–1.8 s either way, reading it back 0.2–0.3 s (text) or 0.2–0.8 s (objects), the spread
//!   between runs larger than the difference. The time is IndexedDB's, not the encoding's. So
//!   the choice rests on the rest: JSON text needs no second serializer in the bundle
//!   (serde_json writes it), and gives IndexedDB one string to clone. It is read back with
//!   `tandem_core::json::parse` (the browser's `JSON.parse`: integers exact up to 2^53, more than
//!   any value kept here). The cost is that the value is opaque to IndexedDB, so every field that
//!   is indexed lives outside `v`:
//! - **`list`** (threads only): one entry `[accountId, mailboxId, receivedAt, emailId, threadId]`
//!   per mailbox the thread is listed in, with that mailbox's own newest email: its date (seconds
//!   since the epoch) and its id — a thread in two mailboxes has a different newest email in each.
//!   The `list` index is multiEntry over it: each entry is its own index key, so "the newest N
//!   threads of mailbox M of account A" is one descending key range of the index. The email id
//!   orders threads received in the same second as the server does (Cyrus: by email id, highest
//!   first), so the copy's list and the server's first page agree; the trailing thread id makes
//!   every index key unique.

use serde::de::DeserializeOwned;
use serde::Serialize;
use tandem_core::sync::view::Placement;
use wasm_bindgen::JsValue;

use super::error::CacheError;

/// The object stores. Each record is keyed by (account id, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Store {
    /// Schema version, the session JSON, per-account state strings (see `meta`).
    Meta,
    Mailboxes,
    /// Thread summaries: what the list shows, indexed by mailbox and date.
    Threads,
    /// Email metadata.
    Emails,
    /// Message bodies, apart from metadata so listing never loads them; fetched on demand.
    Bodies,
}

impl Store {
    pub const ALL: [Store; 5] = [Store::Meta, Store::Mailboxes, Store::Threads, Store::Emails, Store::Bodies];

    /// The object store's name in the database.
    pub fn name(self) -> &'static str {
        match self {
            Store::Meta => "meta",
            Store::Mailboxes => "mailboxes",
            Store::Threads => "threads",
            Store::Emails => "emails",
            Store::Bodies => "bodies",
        }
    }
}

pub(crate) const ACCOUNT_ID: &str = "accountId";
pub(crate) const ID: &str = "id";
pub(crate) const VALUE: &str = "v";
pub(crate) const LIST: &str = "list";

fn array(items: &[JsValue]) -> JsValue {
    items.iter().collect::<js_sys::Array>().into()
}

/// The primary key of (account, id).
pub(crate) fn key(account_id: &str, id: &str) -> JsValue {
    array(&[JsValue::from_str(account_id), JsValue::from_str(id)])
}

/// The bounds of every primary key of an account: `[a]` ≤ `[a, id]` ≤ `[a, []]`.
pub(crate) fn account_bounds(account_id: &str) -> (JsValue, JsValue) {
    let a = JsValue::from_str(account_id);
    (array(std::slice::from_ref(&a)), array(&[a, js_sys::Array::new().into()]))
}

/// The bounds of every `list` index key of a mailbox: `[a, m]` ≤ `[a, m, date, email, id]` ≤ `[a, m, []]`.
pub(crate) fn mailbox_bounds(account_id: &str, mailbox_id: &str) -> (JsValue, JsValue) {
    let (a, m) = (JsValue::from_str(account_id), JsValue::from_str(mailbox_id));
    (array(&[a.clone(), m.clone()]), array(&[a, m, js_sys::Array::new().into()]))
}

/// Seconds since the epoch of a `UTCDate`, for ordering; a malformed date sorts as the oldest.
fn sort_seconds(received_at: &str) -> f64 {
    tandem_core::date::parse_utc(received_at).map(|s| s as f64).unwrap_or(f64::NEG_INFINITY)
}

pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String, CacheError> {
    Ok(serde_json::to_string(value)?)
}

/// The record of `value` (already JSON) under (account, id), with `list` entries for threads.
pub(crate) fn record(account_id: &str, id: &str, json: &str, list: Option<&[Placement]>) -> Result<JsValue, CacheError> {
    let object = js_sys::Object::new();
    let set = |name: &str, value: &JsValue| {
        js_sys::Reflect::set(&object, &JsValue::from_str(name), value).map(|_| ()).map_err(|e| CacheError::from_js(&e))
    };
    set(ACCOUNT_ID, &JsValue::from_str(account_id))?;
    set(ID, &JsValue::from_str(id))?;
    set(VALUE, &JsValue::from_str(json))?;
    if let Some(list) = list {
        let entries = js_sys::Array::new();
        let mut seen: Vec<&str> = Vec::new();
        // One entry per mailbox: a second placement in the same mailbox would list the thread twice.
        for p in list.iter().rev() {
            if !seen.contains(&p.key.as_str()) {
                seen.push(&p.key);
                entries.push(&array(&[
                    JsValue::from_str(account_id),
                    JsValue::from_str(&p.key),
                    JsValue::from_f64(sort_seconds(&p.received_at)),
                    JsValue::from_str(&p.email_id),
                    JsValue::from_str(id),
                ]));
            }
        }
        set(LIST, &entries)?;
    }
    Ok(object.into())
}

/// The value inside a stored record.
pub(crate) fn decode<T: DeserializeOwned>(record: &JsValue) -> Result<T, CacheError> {
    let json = js_sys::Reflect::get(record, &JsValue::from_str(VALUE))
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| CacheError::corrupt("a record has no value"))?;
    Ok(tandem_core::json::parse(&json)?)
}
