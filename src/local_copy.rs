//! The local copy of the signed-in agent's mail (IndexedDB, `cache::IdbStore`), shared through
//! context: opened when the agent signs in, closed when they sign out (and deleted: `auth`).
//! Screens read lists from it before any request completes; `sync_driver` fills it and keeps it
//! current. `version` moves whenever the copy changed, so whatever reads it re-reads.

use std::collections::BTreeSet;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::sync::{Outbox, Progress, SyncStore};

use crate::auth::Auth;
use crate::cache::{Cache, IdbStore};
use crate::pending_writes;

#[derive(Clone, Copy)]
pub struct LocalCopy {
    pub(crate) store: RwSignal<Option<Rc<IdbStore>>, LocalStorage>,
    /// Moved to ask the sync driver for a pass now (`sync_driver::refresh_soon`).
    pub(crate) nudge: RwSignal<u64>,
    /// Moves on every change written to the copy.
    pub version: RwSignal<u64>,
    /// The copy of the signed-in identity was opened, or could not be (readers wait for this
    /// rather than go to the network first).
    pub opened: RwSignal<bool>,
    /// The open inbox's first list was shown: what can wait (team settings, counts) waits for it,
    /// so a cold start shows mail after as few requests as possible.
    pub first_paint: RwSignal<bool>,
    /// The mailbox the driver is copying (cold start and full sync), if any.
    pub syncing: RwSignal<Option<(String, String)>>,
    /// A full sync under way: threads copied so far, of how many.
    pub progress: RwSignal<Option<Progress>>,
    /// (account, mailbox) pairs whose lists the copy has (at least their first page).
    listed: RwSignal<BTreeSet<(String, String)>>,
    /// The server's push stream is up (`push_stream`): the driver then polls rarely.
    pub push_live: RwSignal<bool>,
    /// The agent's writes not yet confirmed by the server (`pending_writes`).
    pub outbox: RwSignal<Outbox>,
    /// The last write the server refused, as a sentence for the agent (it was undone).
    pub refused: RwSignal<Option<String>>,
    /// Why the copy cannot be used or updated (shown once, not blocking: the app then reads the
    /// server directly).
    pub problem: RwSignal<Option<String>>,
}

impl LocalCopy {
    /// Creates the context: the copy follows the signed-in identity.
    pub fn provide() -> Self {
        let copy = LocalCopy {
            store: RwSignal::new_local(None),
            nudge: RwSignal::new(0),
            opened: RwSignal::new(false),
            first_paint: RwSignal::new(false),
            syncing: RwSignal::new(None),
            outbox: RwSignal::new(Outbox::new()),
            push_live: RwSignal::new(false),
            refused: RwSignal::new(None),
            version: RwSignal::new(0),
            progress: RwSignal::new(None),
            listed: RwSignal::new(BTreeSet::new()),
            problem: RwSignal::new(None),
        };
        provide_context(copy);
        let auth = Auth::get();
        Effect::new(move |_| {
            let identity = auth.identity.get();
            copy.store.set(None);
            copy.outbox.set(Outbox::new());
            copy.opened.set(false);
            copy.first_paint.set(false);
            copy.listed.set(BTreeSet::new());
            copy.progress.set(None);
            let Some((base, username)) = identity else { return };
            spawn_local(async move {
                match Cache::open(&base, &username).await {
                    Ok(cache) if auth.identity.get_untracked() == Some((base, username)) => {
                        let store = IdbStore::new(cache);
                        pending_writes::load(copy, &store).await;
                        copy.store.set(Some(Rc::new(store)));
                        copy.changed();
                    }
                    Ok(_) => return,
                    Err(e) => copy.problem.set(Some(format!("Working without a local copy: {e}"))),
                }
                copy.opened.set(true);
            });
        });
        copy
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The open store, if any (tracked: readers re-run when it opens or closes).
    pub fn store(&self) -> Option<Rc<IdbStore>> {
        self.store.get()
    }

    pub fn store_untracked(&self) -> Option<Rc<IdbStore>> {
        self.store.get_untracked()
    }

    /// Whether the copy has `mailbox`'s list of `account` (tracked): a sync copied it in this
    /// session, or a complete copy of it was there already.
    pub async fn lists(&self, store: &IdbStore, account: &str, mailbox: &str) -> bool {
        if self.listed.with_untracked(|l| l.contains(&(account.to_string(), mailbox.to_string()))) {
            return true;
        }
        let complete = store.sync_state(account).await.ok().flatten().is_some_and(|s| s.covers(mailbox));
        if complete {
            self.mark_listed(account, mailbox);
        }
        complete
    }

    /// Subscribes the caller to what [`LocalCopy::lists`] answers.
    pub fn track_lists(&self) {
        self.listed.track();
    }

    pub(crate) fn mark_listed(&self, account: &str, mailbox: &str) {
        let key = (account.to_string(), mailbox.to_string());
        if !self.listed.with_untracked(|l| l.contains(&key)) {
            self.listed.update(|l| {
                l.insert(key);
            });
        }
    }

    /// The copy changed: readers re-read.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}
