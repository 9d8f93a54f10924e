//! The local copy of the signed-in agent's mail (IndexedDB, `cache::IdbStore`), shared through
//! context: opened when the agent signs in, closed when they sign out (and deleted: `auth`), opened
//! again when the browser closed it ([`LocalCopy::reopen`]). Screens read lists from it before any
//! request completes; `sync_driver` fills it and keeps it current. `version` moves whenever the
//! copy changed, so whatever reads it re-reads.
//!
//! How the sync stands is `sync_status`; the agent's writes waiting for the server are
//! `pending_writes` (read from the copy when it opens). This module depends on neither.

use std::rc::Rc;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::cache::meta::{GLOBAL, SESSION};
use crate::cache::{Cache, IdbStore};
use crate::notices::{Notices, Topic};
use crate::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct LocalCopy {
    store: RwSignal<Option<Rc<IdbStore>>, LocalStorage>,
    /// Moves on every change written to the copy.
    pub version: RwSignal<u64>,
    /// The copy of the signed-in identity was opened, or could not be (readers wait for this
    /// rather than go to the network first).
    pub opened: RwSignal<bool>,
    /// Moved to open the copy again.
    reopens: RwSignal<u64>,
    /// When it was last asked to (milliseconds since the epoch).
    last_reopen: RwSignal<f64>,
}

/// The least time between two reopenings of the copy.
pub const REOPEN_EVERY_MS: f64 = 10_000.0;

impl LocalCopy {
    /// Creates the context: the copy follows the signed-in identity.
    pub fn provide() -> Self {
        let copy = LocalCopy {
            store: RwSignal::new_local(None),
            version: RwSignal::new(0),
            opened: RwSignal::new(false),
            reopens: RwSignal::new(0),
            last_reopen: RwSignal::new(f64::MIN),
        };
        provide_context(copy);
        let (auth, notices) = (Auth::get(), Notices::get());
        Effect::new(move |_| {
            let identity = auth.identity.get();
            copy.reopens.track();
            copy.store.set(None);
            copy.opened.set(false);
            let Some((base, username)) = identity else { return };
            spawn_local(async move {
                match Cache::open(&base, &username).await {
                    Ok(cache) if auth.identity.try_get_untracked().flatten() == Some((base, username)) => {
                        let store = Rc::new(IdbStore::new(cache));
                        copy.store.try_set(Some(store.clone()));
                        notices.clear(Topic::LocalCopy);
                        copy.changed();
                        copy.opened.try_set(true);
                        return;
                    }
                    Ok(_) => return,
                    Err(e) => {
                        let e = AppError::from(e);
                        notices.tell(Topic::LocalCopy, move || tr!(errors.no_local_copy, error = &e));
                    }
                }
                copy.opened.try_set(true);
            });
        });
        keep_session(auth, copy);
        copy
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The open store, if any (tracked: readers re-run when it opens or closes).
    pub fn store(&self) -> Option<Rc<IdbStore>> {
        self.store.get()
    }

    /// The open store, if any; `None` too once the context is gone (a task ending after
    /// sign-out).
    pub fn store_untracked(&self) -> Option<Rc<IdbStore>> {
        self.store.try_get_untracked().flatten()
    }

    /// Subscribes the caller to the store opening or closing.
    pub fn track_store(&self) {
        self.store.track();
    }

    /// The browser closed the database (another tab upgraded or deleted it, site data cleared):
    /// open it again — at most once in [`REOPEN_EVERY_MS`], so a database that keeps failing is
    /// not reopened in a loop (its error stays in the status area).
    pub fn reopen(&self) {
        let now = js_sys::Date::now();
        if self.last_reopen.try_get_untracked().is_some_and(|last| now - last >= REOPEN_EVERY_MS) {
            self.last_reopen.try_set(now);
            self.reopens.try_update(|r| *r += 1);
        }
    }

    /// The copy changed: readers re-read.
    pub fn changed(&self) {
        self.version.try_update(|v| *v += 1);
    }
}

/// The session of an online sign-in, kept for a reload without a network (`Auth`'s offline
/// restore reads it) once both the copy and the client are there: at a sign-in with the form the
/// copy opens first, and the client comes once the first page's request has left. A failure only
/// means that reload needs the network.
fn keep_session(auth: Auth, copy: LocalCopy) {
    Effect::new(move |_| {
        let (Some(store), Some(client)) = (copy.store.get(), auth.client.get()) else { return };
        if !auth.offline.get() {
            spawn_local(async move {
                let _ = store.cache().set_meta(GLOBAL, SESSION, client.session()).await;
            });
        }
    });
}
