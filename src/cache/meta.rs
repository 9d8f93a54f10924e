//! The `meta` store: small values keyed like every record, by (account id, key). Values that
//! belong to no account (the session) use the account id [`GLOBAL`].
//!
//! | account | key | value |
//! | --- | --- | --- |
//! | `GLOBAL` | `$schemaVersion` | the layout's version (written by the upgrade; reserved) |
//! | `GLOBAL` | [`SESSION`] | the JMAP session object, as JSON |
//! | `GLOBAL` | [`OUTBOX`] | the agent's writes not yet sent (`sync::Outbox`) |
//! | `GLOBAL` | [`RECENT_SEARCHES`] | the agent's recent searches, newest first |
//! | account | [`state_key`]`("Mailbox" \| "Email" \| "Thread")` | that type's state string |
//! | account | [`query_state_key`]`(query)` | a query's `queryState` (e.g. one per mailbox list) |

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::batch::Batch;
use super::error::CacheError;
use super::record::Store;
use super::schema::SCHEMA_VERSION_KEY;
use super::Cache;

/// The account id of values that belong to no account.
pub const GLOBAL: &str = "";

/// The JMAP session object.
pub const SESSION: &str = "session";

/// The outbox: the agent's writes not yet sent (`pending_writes`), one per identity.
pub const OUTBOX: &str = "outbox";

/// The agent's recent searches, newest first (`inbox::search`).
pub const RECENT_SEARCHES: &str = "recentSearches";

/// The key of the state string of JMAP type `type_name` (`Mailbox`, `Email`, `Thread`, …).
pub fn state_key(type_name: &str) -> String {
    format!("state/{type_name}")
}

/// The key of the `queryState` of a query the app names `query` (e.g. a mailbox id).
pub fn query_state_key(query: &str) -> String {
    format!("queryState/{query}")
}

impl Cache {
    /// The `meta` value of (`account_id`, `key`), if set.
    pub async fn meta<T: DeserializeOwned>(&self, account_id: &str, key: &str) -> Result<Option<T>, CacheError> {
        self.get(Store::Meta, account_id, key).await
    }

    /// Sets one `meta` value (in its own transaction; use a [`Batch`] to set it with other writes).
    pub async fn set_meta<T: Serialize + ?Sized>(&self, account_id: &str, key: &str, value: &T) -> Result<(), CacheError> {
        let mut batch = Batch::new();
        batch.set_meta(account_id, key, value)?;
        self.write(batch).await
    }

    /// The layout version recorded in the database.
    pub async fn schema_version(&self) -> Result<Option<u32>, CacheError> {
        self.meta(GLOBAL, SCHEMA_VERSION_KEY).await
    }
}
