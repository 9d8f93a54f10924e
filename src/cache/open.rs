//! Opening and deleting a cache database: the upgrade handler, the "blocked" case, and the clean
//! rebuild when the stored layout is newer, unknown or damaged.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use indexed_db_futures::database::Database;
use indexed_db_futures::factory::DBFactory;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::CacheError;
use super::schema::{self, SCHEMA_VERSION};

/// How long an upgrade or a deletion waits for other tabs to close the database before giving up
/// with [`CacheError::Blocked`]. "blocked" can fire while other tabs are still handling their
/// `versionchange` event (every `Cache` closes on it), so giving up at once could fail needlessly.
pub const BLOCKED_GRACE_MS: i32 = 3_000;

/// How a cache came to be open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenStatus {
    /// The database was there, in the current layout.
    Existing,
    /// There was no database: it is new and empty.
    Created,
    /// The database had an older layout and was migrated in place; its data is kept.
    Migrated { from: u32 },
    /// The database was deleted and created empty again, for this reason (a newer or unknown
    /// version, a failed migration, a damaged layout).
    Rebuilt { reason: String },
}

/// Set by a "blocked" event; after the grace period, wakes whoever waits, so they can give up.
#[derive(Default)]
struct Blocked {
    fired: Cell<bool>,
    gave_up: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Blocked {
    fn on_blocked(self: &Rc<Self>) {
        if self.fired.replace(true) {
            return;
        }
        let this = self.clone();
        let give_up = Closure::once_into_js(move || {
            this.gave_up.set(true);
            if let Some(waker) = this.waker.borrow_mut().take() {
                waker.wake();
            }
        });
        // Without a window (a worker), wait as long as it takes.
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(give_up.unchecked_ref(), BLOCKED_GRACE_MS);
        }
    }
}

/// `future`'s output, or `None` once the request was blocked for longer than the grace period.
async fn unless_blocked<F: Future + Unpin>(future: &mut F, blocked: &Blocked) -> Option<F::Output> {
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = Pin::new(&mut *future).poll(cx) {
            return Poll::Ready(Some(output));
        }
        if blocked.gave_up.get() {
            return Poll::Ready(None);
        }
        *blocked.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    })
    .await
}

enum Attempt {
    Opened(Database, OpenStatus),
    /// The stored database cannot be used as it is: delete it and start again.
    Rebuild(CacheError),
    Failed(CacheError),
}

/// Opens `name` at the current version, rebuilding it once if it cannot be used as it is.
pub(crate) async fn open(name: &str) -> Result<(Database, OpenStatus), CacheError> {
    match attempt(name).await {
        Attempt::Opened(db, status) => Ok((db, status)),
        Attempt::Failed(e) => Err(e),
        Attempt::Rebuild(reason) => {
            delete(name).await?;
            match attempt(name).await {
                Attempt::Opened(db, _) => Ok((db, OpenStatus::Rebuilt { reason: reason.to_string() })),
                Attempt::Rebuild(e) | Attempt::Failed(e) => Err(e),
            }
        }
    }
}

async fn attempt(name: &str) -> Attempt {
    let request_cell: Rc<RefCell<Option<web_sys::IdbOpenDbRequest>>> = Rc::default();
    // The version the database had when the upgrade handler ran, and whether the handler failed.
    let upgraded_from: Rc<Cell<Option<u32>>> = Rc::default();
    let upgrade_failed = Rc::new(Cell::new(false));
    let blocked = Rc::new(Blocked::default());

    let builder = Database::open(name)
        .with_version(SCHEMA_VERSION)
        .with_on_blocked({
            let blocked = blocked.clone();
            move |_event| {
                blocked.on_blocked();
                Ok(())
            }
        })
        .with_on_upgrade_needed({
            let (request_cell, upgraded_from, upgrade_failed) = (request_cell.clone(), upgraded_from.clone(), upgrade_failed.clone());
            move |event, db| {
                // The library hands over the database but not the version-change transaction,
                // which a migration needs to reach the stores that already exist.
                let tx = request_cell.borrow().as_ref().and_then(|r| r.transaction());
                let old = event.old_version() as u32;
                upgraded_from.set(Some(old));
                let result = schema::upgrade(old, &db, tx.as_ref());
                upgrade_failed.set(result.is_err());
                result
            }
        });
    let mut request = match builder.build() {
        Ok(request) => request,
        Err(e) => return Attempt::Failed(unavailable_at_open(e.into())),
    };
    *request_cell.borrow_mut() = Some(request.as_sys().clone());

    match unless_blocked(&mut request, &blocked).await {
        None => {
            let raw = request.as_sys().clone();
            drop(request);
            abandon(&raw);
            Attempt::Failed(CacheError::Blocked)
        }
        Some(Ok(db)) => match schema::validate(&db).await {
            Ok(()) => {
                let status = match upgraded_from.get() {
                    None => OpenStatus::Existing,
                    Some(0) => OpenStatus::Created,
                    Some(from) => OpenStatus::Migrated { from },
                };
                Attempt::Opened(db, status)
            }
            Err(e) => {
                db.close();
                Attempt::Rebuild(e)
            }
        },
        Some(Err(e)) => {
            let e = CacheError::from(e);
            if upgrade_failed.get() {
                Attempt::Rebuild(CacheError::corrupt(format!("the upgrade from version {} failed: {e}", upgraded_from.get().unwrap_or(0))))
            } else if matches!(&e, CacheError::Database { name, .. } if name == "VersionError") {
                Attempt::Rebuild(CacheError::corrupt(format!("it was written by a newer version of Tandem ({e})")))
            } else {
                Attempt::Failed(unavailable_at_open(e))
            }
        }
    }
}

/// Errors of `indexedDB.open` itself mean there is no usable IndexedDB here.
fn unavailable_at_open(e: CacheError) -> CacheError {
    match e {
        // indexed_db_futures reports any exception thrown by `indexedDB.open()` (a SecurityError
        // in an opaque origin, for one) as "version zero"; the version is never zero here.
        CacheError::Database { name, .. } if name == "TypeError" => CacheError::Unavailable { reason: "indexedDB.open() threw".into() },
        CacheError::Database { name, message }
            if matches!(name.as_str(), "SecurityError" | "InvalidStateError" | "UnknownError" | "NotAllowedError") =>
        {
            CacheError::Unavailable { reason: format!("{name}: {message}") }
        }
        CacheError::Closed => CacheError::Unavailable { reason: "the database could not be opened".into() },
        other => other,
    }
}

/// An open request we gave up on may still go through when the other tabs close: abort its
/// upgrade (so no half-made database is left at the new version) and close what it opens.
fn abandon(request: &web_sys::IdbOpenDbRequest) {
    let on_upgrade = {
        let request = request.clone();
        Closure::once_into_js(move || {
            if let Some(tx) = request.transaction() {
                let _ = tx.abort();
            }
        })
    };
    let on_success = {
        let request = request.clone();
        Closure::once_into_js(move || {
            if let Ok(db) = request.result() {
                db.unchecked_into::<web_sys::IdbDatabase>().close();
            }
        })
    };
    let _ = request.add_event_listener_with_callback("upgradeneeded", on_upgrade.unchecked_ref());
    let _ = request.add_event_listener_with_callback("success", on_success.unchecked_ref());
}

/// Deletes database `name`. If other tabs keep it open past the grace period: `Blocked`, and the
/// deletion stays queued, to happen when they close it.
pub(crate) async fn delete(name: &str) -> Result<(), CacheError> {
    let factory = DBFactory::new()?;
    let mut request = factory.delete_db(name)?;
    let blocked = Rc::new(Blocked::default());
    let on_blocked = {
        let blocked = blocked.clone();
        Closure::<dyn FnMut()>::new(move || blocked.on_blocked())
    };
    let raw = request.as_sys().clone();
    let _ = raw.add_event_listener_with_callback("blocked", on_blocked.as_ref().unchecked_ref());
    let result = unless_blocked(&mut request, &blocked).await;
    let _ = raw.remove_event_listener_with_callback("blocked", on_blocked.as_ref().unchecked_ref());
    match result {
        Some(result) => Ok(result?),
        None => Err(CacheError::Blocked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_of_open_itself_mean_no_indexeddb_here() {
        let db = |name: &str, message: &str| CacheError::Database { name: name.into(), message: message.into() };
        for e in [
            db("SecurityError", "access denied"),
            db("UnknownError", "The user denied permission to access the database."),
            db("InvalidStateError", "A mutation operation was attempted"),
        ] {
            assert!(matches!(unavailable_at_open(e), CacheError::Unavailable { .. }));
        }
        assert_eq!(unavailable_at_open(CacheError::QuotaExceeded), CacheError::QuotaExceeded);
        assert_eq!(unavailable_at_open(db("AbortError", "x")), db("AbortError", "x"));
    }
}
