//! What can go wrong with the cache, as a typed error with a sentence that says what to do (in
//! the interface's language: the catalog `errors`).
//!
//! Nothing in the cache panics: every IndexedDB failure, every (de)serialization failure and every
//! unexpected stored shape ends up here.

use std::fmt;

use indexed_db_futures::error::{DomException, Error as IdbError, OpenDbError, UnexpectedDataError};
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{td_string, Locale};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheError {
    /// This browser context has no usable IndexedDB: storage disabled, some private-browsing modes,
    /// a sandboxed frame, or a worker without it. The app works without the cache.
    Unavailable { reason: String },
    /// The browser refused to store more: the origin's quota is used up or the disk is full.
    QuotaExceeded,
    /// Another tab keeps an older version of the cache open and did not close it within the grace
    /// period, so the cache could not be upgraded or deleted.
    Blocked,
    /// This connection was closed: another tab upgraded or deleted the cache, or the browser closed
    /// it (e.g. site data cleared). Open the cache again.
    Closed,
    /// A value could not be turned into a stored record, or a stored record back into a value.
    Serialization { reason: String },
    /// The stored data does not have the layout this version expects.
    Corrupt { reason: String },
    /// Any other IndexedDB failure, with the DOMException name and message.
    Database { name: String, message: String },
}

impl CacheError {
    /// The sentence the agent reads, in `locale`: what happened and what to do.
    pub fn sentence(&self, locale: Locale) -> String {
        let l = locale;
        match self {
            CacheError::Unavailable { reason } => td_string!(l, errors.cache_unavailable, reason = reason).to_string(),
            CacheError::QuotaExceeded => td_string!(l, errors.cache_quota).to_string(),
            CacheError::Blocked => td_string!(l, errors.cache_blocked).to_string(),
            CacheError::Closed => td_string!(l, errors.cache_closed).to_string(),
            CacheError::Serialization { reason } => td_string!(l, errors.cache_serialization, reason = reason).to_string(),
            CacheError::Corrupt { reason } => td_string!(l, errors.cache_corrupt, reason = reason).to_string(),
            CacheError::Database { name, message } => td_string!(l, errors.cache_database, name = name, message = message).to_string(),
        }
    }
}

/// In the interface's language now (tracked).
impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence(crate::language::current()))
    }
}

impl std::error::Error for CacheError {}

impl CacheError {
    pub(crate) fn corrupt(reason: impl Into<String>) -> Self {
        CacheError::Corrupt { reason: reason.into() }
    }

    /// From a DOMException's name and message, as IndexedDB reports them.
    pub(crate) fn from_dom(name: &str, message: String) -> Self {
        match name {
            "QuotaExceededError" => CacheError::QuotaExceeded,
            // Thrown by `transaction()` once the connection is closing or closed.
            "InvalidStateError" if message.contains("clos") => CacheError::Closed,
            _ => CacheError::Database { name: name.to_string(), message },
        }
    }

    /// From any JS value thrown or reported by IndexedDB.
    pub(crate) fn from_js(value: &JsValue) -> Self {
        if let Some(e) = value.dyn_ref::<web_sys::DomException>() {
            return Self::from_dom(&e.name(), e.message());
        }
        if let Some(e) = value.dyn_ref::<js_sys::Error>() {
            return CacheError::Database { name: String::from(e.name()), message: String::from(e.message()) };
        }
        CacheError::Database { name: "Error".into(), message: format!("{value:?}") }
    }
}

fn dom_parts(e: &DomException) -> (String, String) {
    let sys: web_sys::DomException = e.clone().into();
    (sys.name(), sys.message())
}

impl From<IdbError> for CacheError {
    fn from(e: IdbError) -> Self {
        match e {
            IdbError::DomException(e) => {
                let (name, message) = dom_parts(&e);
                Self::from_dom(&name, message)
            }
            IdbError::Serialisation(e) => CacheError::Serialization { reason: e.to_string() },
            IdbError::MissingData(UnexpectedDataError::TransactionAborted) => {
                CacheError::Database { name: "AbortError".into(), message: "the transaction was aborted".into() }
            }
            IdbError::MissingData(e) => CacheError::Database { name: "UnexpectedData".into(), message: e.to_string() },
            IdbError::Unknown(e) => CacheError::Database { name: "Error".into(), message: e.to_string() },
        }
    }
}

impl From<OpenDbError> for CacheError {
    fn from(e: OpenDbError) -> Self {
        match e {
            OpenDbError::UnsupportedEnvironment => CacheError::Unavailable { reason: "no window or worker global".into() },
            OpenDbError::NullFactory => CacheError::Unavailable { reason: "indexedDB is null".into() },
            OpenDbError::VersionZero => CacheError::Database { name: "TypeError".into(), message: "version 0".into() },
            OpenDbError::Base(e) => e.into(),
        }
    }
}

impl From<tandem_core::json::JsonError> for CacheError {
    fn from(e: tandem_core::json::JsonError) -> Self {
        CacheError::Serialization { reason: e.0 }
    }
}

impl From<serde_json::Error> for CacheError {
    fn from(e: serde_json::Error) -> Self {
        CacheError::Serialization { reason: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_exceptions_become_the_errors_an_agent_can_act_on() {
        assert_eq!(CacheError::from_dom("QuotaExceededError", "The quota has been exceeded.".into()), CacheError::QuotaExceeded);
        assert_eq!(CacheError::from_dom("InvalidStateError", "The database connection is closing.".into()), CacheError::Closed);
        assert_eq!(
            CacheError::from_dom("InvalidStateError", "The transaction has finished.".into()),
            CacheError::Database { name: "InvalidStateError".into(), message: "The transaction has finished.".into() }
        );
        assert!(CacheError::QuotaExceeded.sentence(Locale::en).contains("storage quota exceeded"));
        assert!(CacheError::Blocked.sentence(Locale::en).contains("other tabs"));
        assert_eq!(
            CacheError::Database { name: "AbortError".into(), message: "the transaction was aborted".into() }.sentence(Locale::en),
            "The browser's database failed (AbortError): the transaction was aborted"
        );
        assert_eq!(CacheError::corrupt("no meta").sentence(Locale::en), "The offline copy of your mail is damaged: no meta.");
    }
}
