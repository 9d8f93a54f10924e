//! `/a/:account/m/:mailbox[/t/:thread]`: the three panes — accounts, team views and mailboxes,
//! the thread list, and (through the outlet) the open thread. `:mailbox` is a mailbox id, `inbox`
//! (the mailbox whose role is inbox), or `v-<view>` for a team view of the inbox (`v-mine`, …).

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;
use tandem_core::error::ErrorKind;
use tandem_core::mailboxes::{inbox_id, load_mailboxes, ordered, MailboxEntry};
use tandem_core::JmapError;

use tandem_core::team::bulk;
use tandem_core::team::notes::Author;
use tandem_core::team::snooze::wake_due;
use tandem_core::team::status::Status;
use tandem_core::team::tandem_mailboxes::without_tandem;
use tandem_core::team::views::{load_view_page, view_counts, View};
use tandem_core::thread_list::{load_filtered_page, ThreadPage};

use crate::auth::Auth;
use crate::components::agent_manager::AgentManager;
use crate::components::bulk_bar::{BulkAction, BulkBar};
use crate::components::mailbox_nav::MailboxNav;
use crate::components::notice::Notice;
use crate::components::sync_progress::{thousands, SyncProgress};
use crate::components::tag_manager::TagManager;
use crate::components::thread_list::ThreadList;
use crate::components::view_nav::{ViewEntry, ViewNav};
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::pages::home::require_sign_in;
use crate::pages::team_admin::TeamAdmin;
use crate::perf_marks;
use crate::prefetch;
use crate::shown_states::ShownStates;
use crate::sync_driver::keep_in_sync;
use crate::team_context::TeamContext;

/// Threads read per step as the agent scrolls (from the local copy, or the server without one).
const PAGE_SIZE: u64 = 200;

#[component]
pub fn InboxPage() -> impl IntoView {
    require_sign_in();
    let auth = Auth::get();
    let refresh = InboxRefresh::provide();

    let params = use_params_map();
    let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
    let mailbox_param = Memo::new(move |_| params.read().get("mailbox").unwrap_or_default());
    let shown = ShownStates::provide();
    let copy = LocalCopy::get();
    let team = TeamContext::provide(account);
    let view = Memo::new(move |_| mailbox_param.get().strip_prefix("v-").and_then(View::parse));

    // Mailboxes from the local copy when it has them (kept current by the sync), else the server.
    let mailboxes = LocalResource::new(move || {
        copy.version.track();
        let (client, account, store, opened) = (auth.client(), account.get(), copy.store(), copy.opened.get());
        async move {
            if !opened {
                return Ok(Vec::new());
            }
            if let Some(store) = store {
                match store.mailboxes(&account).await {
                    Ok(cached) if !cached.is_empty() => return Ok(ordered(cached)),
                    _ => {}
                }
            }
            match client {
                Some(c) => load_mailboxes(&c, &account).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let mailbox_list = Signal::derive(move || mailboxes.get().and_then(Result::ok).unwrap_or_default());
    let inbox = Memo::new(move |_| inbox_id(&mailbox_list.get()).map(str::to_string));
    let mailbox_id = Memo::new(move |_| {
        let param = mailbox_param.get();
        if param == "inbox" || param.starts_with("v-") {
            inbox.get()
        } else {
            Some(param)
        }
    });
    let current: Memo<Option<MailboxEntry>> = Memo::new(move |_| {
        let id = mailbox_id.get()?;
        mailbox_list.get().into_iter().find(|m| m.id == id)
    });

    let limit = RwSignal::new(PAGE_SIZE);
    Effect::new(move |_| {
        mailbox_id.track();
        limit.set(PAGE_SIZE);
    });
    keep_in_sync(account, mailbox_id, shown);
    // The list: from the local copy once it has this mailbox (its first page at least). Until
    // then it waits for the sync's cold start (one request brings the first page), unless the
    // sync is busy copying another mailbox or cannot work: then straight from the server.
    let threads = LocalResource::new(move || {
        refresh.track();
        copy.version.track();
        let (client, account, mailbox, limit) = (auth.client(), account.get(), mailbox_id.get(), limit.get());
        let (view, me) = (view.get(), team.me.get());
        copy.track_lists();
        let (store, opened) = (copy.store(), copy.opened.get());
        let busy_elsewhere = copy.syncing.with(|s| s.as_ref().is_some_and(|(a, m)| Some(m) != mailbox.as_ref() || *a != account));
        let sync_failed = copy.problem.with(Option::is_some);
        let mailbox_total = current.with(|m| m.as_ref().map(|m| m.total_threads));
        async move {
            let Some(mailbox) = mailbox.filter(|_| opened) else { return Ok(None) };
            if let Some(store) = store.as_ref() {
                if !copy.lists(store, &account, &mailbox).await {
                    if busy_elsewhere || sync_failed {
                        return network_page(client, &account, &mailbox, &me, view, limit).await;
                    }
                    return Ok(None);
                }
                let key = view.as_ref().map_or_else(|| mailbox.clone(), |v| v.list_key(&mailbox, &me));
                if let Ok(threads) = store.thread_page(&account, &key, 0, limit as u32).await {
                    let total = if view.is_some() { None } else { mailbox_total };
                    return Ok(Some((
                        ThreadPage { position: 0, total, query_state: String::new(), email_state: String::new(), threads },
                        "cache",
                    )));
                }
            }
            network_page(client, &account, &mailbox, &me, view, limit).await
        }
    });

    // Team views of the inbox: the fixed ones, one per tag, one per agent, with live counts.
    let views = Memo::new(move |_| {
        let settings = team.settings.get();
        let mut list: Vec<(View, String)> = View::FIXED.iter().map(|v| (v.clone(), v.label().to_string())).collect();
        list.extend(settings.tags.iter().map(|t| (View::Tag(t.id.clone()), t.name.clone())));
        list.extend(settings.agents.iter().map(|a| (View::Agent(a.login.clone()), a.name.clone())));
        list
    });
    let is_team = team.is_team;
    // Counts from the server in one request where it can filter threads by Tandem's keywords;
    // where it cannot (`unsupportedFilter`), from the local copy's view lists.
    let server_cannot_count = RwSignal::new(false);
    let counts = LocalResource::new(move || {
        refresh.track();
        let (client, account, inbox, me, views) =
            (auth.client().filter(|_| copy.first_paint.get()), account.get(), inbox.get(), team.me.get(), views.get());
        let team_inbox = is_team.get();
        let store = if server_cannot_count.get() {
            copy.version.track();
            copy.track_lists();
            copy.store()
        } else {
            None
        };
        async move {
            let (Some(c), Some(i)) = (client, inbox) else { return None };
            if !team_inbox {
                return None;
            }
            let list: Vec<View> = views.iter().map(|(v, _)| v.clone()).collect();
            if let Some(store) = store {
                if !copy.lists(&store, &account, &i).await {
                    return None;
                }
                return copy_counts(&store, &account, &i, &me, &list).await;
            }
            match view_counts(&c, &account, &i, &me, &list).await {
                Ok(counts) => Some(counts),
                Err(JmapError::Method(e)) if e.kind == ErrorKind::UnsupportedFilter => {
                    server_cannot_count.set(true);
                    None
                }
                // Offline: what the local copy counts.
                Err(_) => copy_counts(&*copy.store_untracked()?, &account, &i, &me, &list).await,
            }
        }
    });
    // Wake snoozed threads whose time has come (any open client does it; at most once a minute).
    let last_wake = StoredValue::new(0i64);
    Effect::new(move |_| {
        let Some(Some(counts)) = counts.get() else { return };
        let snoozed = views
            .with_untracked(|v| v.iter().position(|(view, _)| *view == View::Snoozed))
            .and_then(|i| counts.get(i).copied())
            .unwrap_or(0);
        let now = crate::local_time::now_secs();
        if snoozed == 0 || now - last_wake.get_value() < 60 {
            return;
        }
        last_wake.set_value(now);
        let (Some(client), Some(inbox)) = (auth.client.get_untracked(), inbox.get_untracked()) else { return };
        let (account, me) = (account.get_untracked(), team.me.get_untracked());
        let actor = Author { name: team.settings.with_untracked(|s| s.agent_name(&me)), login: me, at_ms: js_sys::Date::now() as u64 };
        leptos::task::spawn_local(async move {
            if wake_due(&client, &account, &inbox, now, &actor).await.unwrap_or(0) > 0 {
                refresh.bump();
            }
        });
    });

    let view_entries = Signal::derive(move || {
        if !is_team.get() {
            return Vec::new();
        }
        let counts = counts.get().flatten().unwrap_or_default();
        views
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (v, label))| ViewEntry {
                slug: v.slug(),
                label,
                count: counts.get(i).copied(),
                color: match &v {
                    View::Tag(id) => team.settings.with(|s| s.tag(id).map(|t| t.color.clone())),
                    _ => None,
                },
                group: match v {
                    View::Tag(_) => "Tags",
                    View::Agent(_) => "Agents",
                    _ => "Views",
                },
            })
            .collect()
    });

    // The rows shown: the last page loaded of this list (kept while the next one loads, so the
    // list never blinks), emptied when the agent opens another list.
    let rows = RwSignal::new(Vec::new());
    let more = RwSignal::new(false);
    prefetch::read_ahead(account, rows);
    Effect::new(move |_| {
        mailbox_param.track();
        account.track();
        rows.set(Vec::new());
    });
    Effect::new(move |_| {
        if let Some(Ok(Some((page, source)))) = threads.get() {
            more.set(page.threads.len() as u64 >= limit.get_untracked() && page.total.is_none_or(|t| t > page.threads.len() as u64));
            rows.set(page.threads.clone());
            if source == "network" {
                shown.loaded("thread list", &page.email_state);
            } else {
                shown.forget("thread list");
            }
            if !page.threads.is_empty() {
                perf_marks::mark_once("tandem:first-list-paint", Some(source));
            }
            copy.first_paint.set(true);
        }
    });

    // Bulk actions on the selected threads (id → the assignee the agent saw).
    let selection = RwSignal::new(BTreeMap::<String, Option<String>>::new());
    Effect::new(move |_| {
        mailbox_param.track();
        account.track();
        selection.set(BTreeMap::new());
    });
    let bulk_busy = RwSignal::new(false);
    let bulk_message = RwSignal::new(None::<String>);
    let on_bulk = Callback::new(move |action: BulkAction| {
        let Some(client) = auth.client.get_untracked() else { return };
        let selected: Vec<(String, Option<String>)> = selection.get_untracked().into_iter().collect();
        let ids: Vec<String> = selected.iter().map(|(id, _)| id.clone()).collect();
        let account = account.get_untracked();
        let me = team.me.get_untracked();
        let actor =
            Author { name: team.settings.with_untracked(|s| s.agent_name(&me)), login: me.clone(), at_ms: js_sys::Date::now() as u64 };
        let tag_name = match &action {
            BulkAction::Tag(id) => team.settings.with_untracked(|s| s.tag(id).map(|t| t.name.clone())).unwrap_or_default(),
            _ => String::new(),
        };
        bulk_busy.set(true);
        leptos::task::spawn_local(async move {
            let report = match action {
                BulkAction::AssignToMe => bulk::assign_all(&client, &account, &selected, &actor, Some(&me)).await,
                BulkAction::Close => bulk::set_status_all(&client, &account, &ids, &actor, Status::Closed).await,
                BulkAction::Tag(id) => bulk::tag_all(&client, &account, &ids, &actor, &id, &tag_name).await,
            };
            bulk_message.set(Some(report.summary()));
            selection.set(BTreeMap::new());
            bulk_busy.set(false);
            refresh.bump();
        });
    });

    let admin = TeamAdmin::new(account, team, bulk_busy, bulk_message);

    let username = move || auth.client().map(|c| c.session().username.clone()).unwrap_or_default();
    // The folders shown: a team inbox's own Tandem mailboxes (notes, settings) stay out of sight.
    let folders = Signal::derive(move || if is_team.get() { without_tandem(mailbox_list.get()) } else { mailbox_list.get() });
    let accounts = Signal::derive(move || auth.client().map(|c| c.session().mail_accounts()).unwrap_or_default());

    view! {
        <div class="shell">
            <aside class="sidebar" aria-label="Inboxes">
                <div class="brand">"Tandem"</div>
                <ViewNav account=account views=view_entries current=mailbox_param />
                <Show when=move || is_team.get() && team.settings.with(|s| !s.tags.is_empty())>
                    <TagManager settings=team.settings busy=bulk_busy.into() on_save=admin.save_tag on_delete=admin.delete_tag />
                </Show>
                <Show when=move || is_team.get() && team.settings.with(|s| !s.agents.is_empty())>
                    <AgentManager settings=team.settings me=team.me directory=team.directory busy=bulk_busy.into() on_rename=admin.rename_agent on_remove=admin.remove_agent on_add=admin.add_agent />
                </Show>
                <MailboxNav accounts=accounts current_account=account mailboxes=folders current_mailbox=Memo::new(move |_| if view.get().is_some() { None } else { mailbox_id.get() }) />
                {move || mailboxes.get().and_then(Result::err).map(|e| view! { <Notice error=e /> })}
                <div class="me">
                    <span class="me-name" dir="auto">{username}</span>
                    <button class="link" on:click=move |_| auth.sign_out()>"Sign out"</button>
                </div>
            </aside>
            <section class="list-pane" aria-label="Conversations">
                <header class="pane-header">
                    <h2 dir="auto">
                        {move || match view.get() {
                            Some(v) => views.get().into_iter().find(|(x, _)| *x == v).map(|(_, label)| label).unwrap_or_else(|| v.label().to_string()),
                            None => current.get().map(|m| m.name).unwrap_or_default(),
                        }}
                    </h2>
                    <span class="count">
                        {move || {
                            let total = match view.get() {
                                Some(v) => view_entries.with(|e| e.iter().find(|x| x.slug == v.slug()).and_then(|x| x.count)),
                                None => threads.get().and_then(|r| r.ok().flatten()).and_then(|(p, _)| p.total),
                            };
                            total.map(|t| format!("{} conversation{}", thousands(t), if t == 1 { "" } else { "s" }))
                        }}
                    </span>
                    <SyncProgress />
                    <button class="icon" title="Refresh" aria-label="Refresh" on:click=move |_| refresh.bump()>"↻"</button>
                </header>
                <BulkBar selection=selection settings=team.settings busy=bulk_busy.into() on_action=on_bulk />
                {move || bulk_message.get().map(|m| view! { <div class="notice bulk-result" role="status">{m}</div> })}
                {move || match (threads.get(), rows.with(Vec::is_empty)) {
                    (Some(Err(e)), _) => Some(view! { <Notice error=e /> }.into_any()),
                    (None | Some(Ok(None)), true) => Some(view! { <p class="pane-status">"Loading conversations…"</p> }.into_any()),
                    (Some(Ok(Some(_))), true) => Some(view! { <p class="pane-status empty">"No conversations here."</p> }.into_any()),
                    _ => None,
                }}
                <ThreadList rows=rows.into() account=account mailbox=mailbox_param selection=selection on_near_end=Callback::new(move |()| {
                    if more.get_untracked() {
                        limit.update(|l| *l += PAGE_SIZE);
                    }
                }) />
            </section>
            <section class="thread-pane" aria-label="Conversation">
                <Outlet />
            </section>
        </div>
    }
}

/// The views' counts as the local copy has them (each view is one range of the list index).
async fn copy_counts(store: &crate::cache::IdbStore, account: &str, inbox: &str, me: &str, views: &[View]) -> Option<Vec<u64>> {
    let mut counts = Vec::with_capacity(views.len());
    for v in views {
        counts.push(store.thread_count(account, &v.list_key(inbox, me)).await.ok()? as u64);
    }
    Some(counts)
}

/// A page of a list read from the server (no local copy of it yet).
async fn network_page(
    client: Option<std::sync::Arc<crate::auth::Client>>,
    account: &str,
    mailbox: &str,
    me: &str,
    view: Option<View>,
    limit: u64,
) -> Result<Option<(ThreadPage, &'static str)>, JmapError> {
    let Some(c) = client else { return Ok(None) };
    let page = match view {
        Some(v) => load_view_page(&c, account, mailbox, me, &v, 0, limit).await?,
        None => load_filtered_page(&c, account, serde_json::json!({ "inMailbox": mailbox }), 0, limit).await?,
    };
    Ok(Some((page, "network")))
}
