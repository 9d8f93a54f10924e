//! The rows of the open list (a mailbox or a team view), paged as the agent scrolls. Where they
//! are read from is `core::sync::route::read_list_from`: the local copy once it has the list,
//! the server when the copy cannot have it soon, else nothing until the sync's cold start. The
//! rows shown are the last page read of this list (kept while the next one loads, so the list
//! never blinks), emptied when the agent opens another list. A `<Transition>` would keep the old
//! rows too, but not let the virtual list keep its scroll position and rows across pages, nor
//! empty them on another list: the rows are a signal the list reads.

use std::sync::Arc;

use leptos::prelude::*;
use tandem_core::sync::route::{read_list_from, ListSource};
use tandem_core::team::views::{load_view_page, View};
use tandem_core::thread_list::{load_thread_page, ThreadPage, ThreadSummary};

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::inbox::mailboxes::Mailboxes;
use crate::inbox::route::InboxRoute;
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::notices::Notices;
use crate::perf_marks;
use crate::shown_states::ShownStates;
use crate::sync_status::SyncStatus;
use crate::team_context::TeamContext;
use crate::web_transport::Client;

/// Threads read per step as the agent scrolls (from the local copy, or the server without one).
const PAGE_SIZE: u64 = 200;

/// A page of the open list and where it was read from.
type Listed = Option<(ThreadPage, ListSource)>;

/// What the list pane shows besides the rows.
#[derive(Debug, Clone, PartialEq)]
pub enum ListStatus {
    Loading,
    Empty,
    Failed(AppError),
    Shown,
}

#[derive(Clone, Copy)]
pub struct ThreadListState {
    pub rows: RwSignal<Vec<ThreadSummary>>,
    /// The list's size, where known (a mailbox's; views count in `views`).
    pub total: Signal<Option<u64>>,
    pub status: Signal<ListStatus>,
    more: RwSignal<bool>,
    limit: RwSignal<u64>,
}

impl ThreadListState {
    pub fn show(route: InboxRoute, mailboxes: Mailboxes, team: TeamContext, shown: ShownStates) -> Self {
        let (copy, sync, notices) = (LocalCopy::get(), SyncStatus::get(), Notices::get());
        let limit = RwSignal::new(PAGE_SIZE);
        let selected = mailboxes.selected;
        Effect::new(move |_| {
            selected.track();
            limit.set(PAGE_SIZE);
        });
        let (auth, refresh, account, view) = (Auth::get(), InboxRefresh::get(), route.account, route.view);
        let page = LocalResource::new(move || {
            refresh.track();
            copy.version.track();
            let (client, account, mailbox, limit) = (auth.client(), account.get(), selected.get(), limit.get());
            let (view, me) = (view.get(), team.me.get());
            sync.track_lists();
            let (store, opened) = (copy.store(), copy.opened.get());
            let copying_elsewhere = sync.copying_other_than(&account, mailbox.as_deref());
            let sync_failed = sync.failed();
            let mailbox_total = mailboxes.current.with(|m| m.as_ref().map(|m| m.total_threads));
            // A mailbox's first page as the cold start read it, before the copy has it.
            let first_read = mailbox
                .as_deref()
                .filter(|m| view.is_none() && !sync.listed_here(&account, m))
                .and_then(|m| sync.first_page_of(&account, m));
            async move {
                let Some(mailbox) = mailbox else { return Ok(None) };
                // The cold start's page, until the copy lists it: shown without asking the copy
                // (its first read would wait for the page's own write), and while the copy opens.
                if first_read.is_some() || !opened {
                    return Ok(first_read.map(|page| (page, ListSource::Server)));
                }
                let Some(store) = store else { return server_page(client, &account, &mailbox, &me, view, limit).await };
                let copy_has_list = sync.lists(&store, &account, &mailbox).await;
                match read_list_from(copy_has_list, copying_elsewhere, sync_failed) {
                    None => Ok(None),
                    Some(ListSource::Server) => server_page(client, &account, &mailbox, &me, view, limit).await,
                    Some(ListSource::Copy) => {
                        let key = view.as_ref().map_or_else(|| mailbox.clone(), |v| v.list_key(&mailbox, &me));
                        match store.thread_page(&account, &key, 0, limit as u32).await {
                            Ok(threads) => {
                                let total = if view.is_some() { None } else { mailbox_total };
                                let page =
                                    ThreadPage { position: 0, total, query_state: String::new(), email_state: String::new(), threads };
                                Ok(Some((page, ListSource::Copy)))
                            }
                            // The copy failed to read: said in the status area, the server answers.
                            Err(e) => {
                                notices.report(crate::notices::Topic::LocalCopy, &e.into());
                                server_page(client, &account, &mailbox, &me, view, limit).await
                            }
                        }
                    }
                }
            }
        });
        let rows = RwSignal::new(Vec::new());
        let more = RwSignal::new(false);
        route.on_new_list(move || rows.set(Vec::new()));
        Effect::new(move |_| {
            let Some(Ok(Some((page, source)))) = page.get() else { return };
            more.set(page.threads.len() as u64 >= limit.get_untracked() && page.total.is_none_or(|t| t > page.threads.len() as u64));
            rows.set(page.threads.clone());
            match source {
                ListSource::Server => shown.loaded("thread list", &page.email_state),
                ListSource::Copy => shown.forget("thread list"),
            }
            if !page.threads.is_empty() {
                perf_marks::mark_once("tandem:first-list-paint", Some(source.mark_detail()));
                crate::first_paint::replaced();
                // The HTML viewer, fetched while the agent reads the list.
                crate::mail_html::preload_sanitizer();
            }
            if !sync.first_paint.get_untracked() {
                // What waited for the first rows (the sync's pass and requests, code fetched for
                // later pages, the counts) starts once they are painted: coming between, it held
                // the frame back 60-140 ms at a sign-in (measured at 10,000 emails).
                leptos::task::spawn_local(async move {
                    crate::timer::after_next_paint(crate::timer::PAINT_AT_MOST).await;
                    sync.first_paint.try_set(true);
                });
            }
        });
        let total = Signal::derive(move || page.get().and_then(|r| r.ok().flatten()).and_then(|(p, _)| p.total));
        let status = Signal::derive(move || match (page.get(), rows.with(Vec::is_empty)) {
            (Some(Err(e)), _) => ListStatus::Failed(e),
            (None | Some(Ok(None)), true) => ListStatus::Loading,
            (Some(Ok(Some(_))), true) => ListStatus::Empty,
            _ => ListStatus::Shown,
        });
        ThreadListState { rows, total, status, more, limit }
    }

    /// The agent scrolled near the end: read the next step, if there is more.
    pub fn read_more(&self) {
        if self.more.get_untracked() {
            self.limit.update(|l| *l += PAGE_SIZE);
        }
    }
}

/// A page of a list read from the server (no copy of it yet).
async fn server_page(
    client: Option<Arc<Client>>,
    account: &str,
    mailbox: &str,
    me: &str,
    view: Option<View>,
    limit: u64,
) -> Result<Listed, AppError> {
    let Some(c) = client else { return Ok(None) };
    let page = match view {
        Some(v) => load_view_page(&c, account, mailbox, me, &v, 0, limit).await?,
        None => load_thread_page(&c, account, mailbox, 0, limit).await?,
    };
    Ok(Some((page, ListSource::Server)))
}
