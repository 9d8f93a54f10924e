//! The team views of a team inbox (the fixed ones, one per tag, one per agent), their labels and
//! live counts. Counts come from the server in one request where it can filter threads by
//! Tandem's keywords; where it cannot, or cannot be reached, from the local copy's view lists
//! (`core::sync::route::count_fallback` says which, and for how long).

use leptos::prelude::*;
use tandem_core::sync::route::{count_fallback, CountFallback};
use tandem_core::team::views::{view_counts, View};

use crate::auth::Auth;
use crate::cache::IdbStore;
use crate::components::view_nav::{ViewEntry, ViewGroup};
use crate::inbox::mailboxes::Mailboxes;
use crate::inbox::route::InboxRoute;
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::sync_status::SyncStatus;
use crate::team_context::TeamContext;
use crate::words::view_label;

#[derive(Clone, Copy)]
pub struct TeamViews {
    /// Each view with the name the team's settings give it (tags and agents: untrusted); the
    /// fixed views have none, they are worded in the agent's language (`words::view_label`).
    pub views: Memo<Vec<(View, Option<String>)>>,
    /// The counts, in the order of `views`, once known.
    pub counts: Signal<Option<Vec<u64>>>,
    /// What the sidebar shows (empty for an account that is not a team inbox).
    pub entries: Signal<Vec<ViewEntry>>,
}

impl TeamViews {
    pub fn count(route: InboxRoute, mailboxes: Mailboxes, team: TeamContext) -> Self {
        let views = Memo::new(move |_| {
            let settings = team.settings.get();
            let mut list: Vec<(View, Option<String>)> = View::FIXED.iter().map(|v| (v.clone(), None)).collect();
            list.extend(settings.tags.iter().map(|t| (View::Tag(t.id.clone()), Some(t.name.clone()))));
            list.extend(settings.agents.iter().map(|a| (View::Agent(a.login.clone()), Some(a.name.clone()))));
            list
        });
        let counts = counts_of(route.account, mailboxes.inbox, team, views);
        let entries = Signal::derive(move || {
            if !team.is_team.get() {
                return Vec::new();
            }
            let counts = counts.get().unwrap_or_default();
            views
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, (v, name))| {
                    let label = name.unwrap_or_else(|| view_label(&v));
                    entry(&team, v, label, counts.get(i).copied())
                })
                .collect()
        });
        TeamViews { views, counts, entries }
    }

    /// The label of `view` (a tag's or agent's name where the settings have it), in the agent's
    /// language (tracked).
    pub fn label(&self, view: &View) -> String {
        self.views.with(|v| v.iter().find(|(x, _)| x == view).and_then(|(_, name)| name.clone())).unwrap_or_else(|| view_label(view))
    }

    /// How many threads `view` holds, once counted.
    pub fn count_of(&self, view: &View) -> Option<u64> {
        let slug = view.slug();
        self.entries.with(|e| e.iter().find(|x| x.slug == slug).and_then(|x| x.count))
    }
}

fn entry(team: &TeamContext, view: View, label: String, count: Option<u64>) -> ViewEntry {
    ViewEntry {
        slug: view.slug(),
        label,
        count,
        color: match &view {
            View::Tag(id) => team.settings.with(|s| s.tag(id).map(|t| t.color.clone())),
            _ => None,
        },
        group: match view {
            View::Tag(_) => ViewGroup::Tags,
            View::Agent(_) => ViewGroup::Agents,
            _ => ViewGroup::Views,
        },
    }
}

/// The counts. Once the local copy holds the inbox in full, from the copy (each view is one range
/// of its list index: no request), again whenever it changes; until then (a sign-in on a new
/// browser, its full sync under way) from the server in one request, again when the inbox
/// reloads. At 100,000 emails that request held Cyrus ~3.7 s after every reload and every
/// teammate's change, while the agent was opening conversations on the same server.
fn counts_of(
    account: Memo<String>,
    inbox: Memo<Option<String>>,
    team: TeamContext,
    views: Memo<Vec<(View, Option<String>)>>,
) -> Signal<Option<Vec<u64>>> {
    let (auth, copy, sync, refresh) = (Auth::get(), LocalCopy::get(), SyncStatus::get(), InboxRefresh::get());
    // The server cannot count these views: the copy counts what it has.
    let from_copy = RwSignal::new(false);
    let whole = holds_in_full(account, inbox);
    let counts = LocalResource::new(move || {
        let (client, account, inbox, me, views) =
            (auth.client().filter(|_| sync.first_paint.get()), account.get(), inbox.get(), team.me.get(), views.get());
        let team_inbox = team.is_team.get();
        // Not yet known whether the copy holds the inbox: nothing asked of the server meanwhile.
        let whole = whole.get();
        let store = if whole == Some(true) || from_copy.get() {
            copy.version.track();
            sync.track_lists();
            copy.store()
        } else {
            refresh.track();
            None
        };
        async move {
            let (Some(c), Some(inbox), Some(_)) = (client, inbox, whole) else { return None };
            if !team_inbox {
                return None;
            }
            let list: Vec<View> = views.iter().map(|(v, _)| v.clone()).collect();
            if let Some(store) = store {
                return copy_counts(sync, &store, &account, &inbox, &me, &list).await;
            }
            match view_counts(&c, &account, &inbox, &me, &list).await {
                Ok(counts) => Some(counts),
                Err(e) => match count_fallback(&e) {
                    CountFallback::CopyFromNowOn => {
                        from_copy.try_set(true);
                        None
                    }
                    CountFallback::CopyThisTime => copy_counts(sync, &*copy.store_untracked()?, &account, &inbox, &me, &list).await,
                },
            }
        }
    });
    Signal::derive(move || counts.get().flatten())
}

/// Whether the local copy holds `inbox` of `account` in full (`None` until known): read when the
/// copy opens, and again each time a sync of a whole mailbox ends. No copy (IndexedDB refused):
/// `false`. Once held, the counts' own check ([`SyncStatus::lists`]) answers from memory.
fn holds_in_full(account: Memo<String>, inbox: Memo<Option<String>>) -> RwSignal<Option<bool>> {
    let (copy, sync) = (LocalCopy::get(), SyncStatus::get());
    let whole = RwSignal::new(None);
    let copying = Memo::new(move |_| sync.syncing.with(Option::is_some));
    Effect::new(move |_| {
        let (account, inbox, opened, store) = (account.get(), inbox.get(), copy.opened.get(), copy.store());
        let Some(inbox) = inbox.filter(|_| opened && !copying.get()) else { return };
        let Some(store) = store else {
            whole.set(Some(false));
            return;
        };
        leptos::task::spawn_local(async move {
            let held = sync.holds_in_full(&store, &account, &inbox).await;
            if whole.try_get_untracked() != Some(Some(held)) {
                whole.try_set(Some(held));
            }
        });
    });
    whole
}

/// The views' counts as the local copy has them (each view is one range of the list index), once
/// the copy has the inbox's list.
async fn copy_counts(sync: SyncStatus, store: &IdbStore, account: &str, inbox: &str, me: &str, views: &[View]) -> Option<Vec<u64>> {
    if !sync.lists(store, account, inbox).await {
        return None;
    }
    let mut counts = Vec::with_capacity(views.len());
    for v in views {
        counts.push(store.thread_count(account, &v.list_key(inbox, me)).await.ok()? as u64);
    }
    Some(counts)
}
