//! The offline cache: a copy of the signed-in user's mail in IndexedDB, so the app can show
//! mailboxes and thread lists before (or without) the network. The sync engine fills it; this
//! module is only the store.
//!
//! - One database per identity, named from (server, username): `name`.
//! - Stores `meta`, `mailboxes`, `threads`, `emails`, `bodies`; every record keyed by
//!   `[accountId, id]` (a compound key path), the value kept as JSON text; threads also carry
//!   their `list` placements, indexed so that a page of a mailbox's newest threads is read
//!   without scanning: `record`.
//! - The layout's version, its migrations, and the clean rebuild: `schema`, `open`.
//! - Writes go through a [`Batch`]: any number of puts and deletes over several stores, in one
//!   readwrite transaction, all or nothing: `batch`.
//! - Reads: `read`; the `meta` keys: `meta`.
//!
//! ```ignore
//! let cache = Cache::open("https://mail.example.com", "alice").await?;
//! let mut batch = Batch::new();
//! batch.put(Store::Mailboxes, "A1", "M1", &mailbox)?;
//! batch.put_thread("A1", "T1", &[Placement::new("M1", "2024-05-01T10:00:00Z", "E1")], &summary)?;
//! batch.set_meta("A1", &meta::state_key("Email"), &"s42")?;
//! cache.write(batch).await?;
//! let page: Vec<MyThreadSummary> = cache.thread_page("A1", "M1", 0, 50).await?;
//! cache.wipe().await?; // at sign-out
//! ```
//!
//! The cache uses web APIs only at run time: it compiles natively, but only works in a browser.

mod batch;

/// The most IndexedDB requests a long job sends before it waits for one answer (`Cache::write`,
/// `Cache::get_many`); they wait sooner once the main thread has been held a slice
/// (`timer::slice_spent`), so that the screen paints and handles input between (a full sync's
/// batch holds thousands).
const STEP: usize = 256;
mod error;
pub mod meta;
mod name;
mod open;
mod read;
mod record;
mod schema;
mod sync_store;
#[doc(hidden)]
pub mod testing;

use std::cell::Cell;
use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use wasm_bindgen::prelude::*;

pub use batch::Batch;
pub use error::CacheError;
pub use name::{database_name, NAME_PREFIX};
pub use open::{OpenStatus, BLOCKED_GRACE_MS};
pub use record::Store;
pub use schema::{LIST_INDEX, SCHEMA_VERSION};
pub use sync_store::{IdbStore, SYNC_STATE};
pub use tandem_core::sync::view::Placement;

/// An open cache database. Dropping it closes the connection.
pub struct Cache {
    db: Database,
    name: String,
    status: OpenStatus,
    closed: Rc<Cell<bool>>,
    _on_version_change: Closure<dyn FnMut()>,
    _on_close: Closure<dyn FnMut()>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("name", &self.name).field("status", &self.status).field("closed", &self.closed.get()).finish()
    }
}

impl Cache {
    /// Opens (creating, migrating or rebuilding as needed) the cache of `username` on `origin`.
    pub async fn open(origin: &str, username: &str) -> Result<Cache, CacheError> {
        Self::open_named(&database_name(origin, username)).await
    }

    /// Opens the cache database called `name` (tests use their own names).
    pub async fn open_named(name: &str) -> Result<Cache, CacheError> {
        let (db, status) = open::open(name).await?;
        let closed = Rc::new(Cell::new(false));
        let raw: web_sys::IdbDatabase = db.as_sys().clone().into();
        // Another tab wants to upgrade or delete the database: let it, and stop using it here.
        let on_version_change = {
            let (raw, closed) = (raw.clone(), closed.clone());
            Closure::<dyn FnMut()>::new(move || {
                closed.set(true);
                raw.close();
            })
        };
        // The browser closed the connection (site data cleared, disk error).
        let on_close = {
            let closed = closed.clone();
            Closure::<dyn FnMut()>::new(move || closed.set(true))
        };
        raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        raw.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Cache { db, name: name.to_string(), status, closed, _on_version_change: on_version_change, _on_close: on_close })
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the database was there, created, migrated or rebuilt when this cache was opened.
    pub fn status(&self) -> &OpenStatus {
        &self.status
    }

    /// Whether the connection was closed under us (another tab upgraded or deleted the cache).
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Closes the connection and deletes the whole database: at sign-out.
    pub async fn wipe(self) -> Result<(), CacheError> {
        let name = self.name.clone();
        drop(self);
        open::delete(&name).await
    }

    /// Deletes the cache of `username` on `origin` without opening it.
    pub async fn wipe_identity(origin: &str, username: &str) -> Result<(), CacheError> {
        open::delete(&database_name(origin, username)).await
    }

    /// Deletes the cache database called `name`.
    pub async fn delete_named(name: &str) -> Result<(), CacheError> {
        open::delete(name).await
    }

    fn check_open(&self) -> Result<(), CacheError> {
        if self.closed.get() {
            Err(CacheError::Closed)
        } else {
            Ok(())
        }
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        let raw: &web_sys::IdbDatabase = self.db.as_sys();
        raw.set_onversionchange(None);
        raw.set_onclose(None);
        raw.close();
    }
}
