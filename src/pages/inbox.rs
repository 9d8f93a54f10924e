//! `/a/:account/m/:mailbox[/t/:thread]`: the three panes — accounts, team views and mailboxes,
//! the thread list, and (through the outlet) the open thread. What each pane shows is decided by
//! the inbox services (`crate::inbox`); this page wires them to the components.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Outlet, A};
use tandem_core::team::reply_settings::ReplySettingsEdit;

use crate::auth::Auth;
use crate::code_parts::{part_fn, Unreachable};
use crate::cold_start::ColdStart;
use crate::components::agent_manager::{AgentManager, Roster};
use crate::components::bulk_bar::{BulkBar, Selected};
use crate::components::command_palette::{CommandPalette, ShortcutsHelp};
use crate::components::language_switch::LanguageSwitch;
use crate::components::mailbox_nav::MailboxNav;
use crate::components::notice::Notice;
use crate::components::notification_switch::NotificationSwitch;
use crate::components::on_demand::on_demand;
use crate::components::reply_settings_manager::ReplySettingsManager;
use crate::components::search_box::{SearchBox, SearchStatus};
use crate::components::sync_progress::SyncProgress;
use crate::components::tag_manager::TagManager;
use crate::components::theme_switch::ThemeSwitch;
use crate::components::thread_list::ThreadList;
use crate::components::view_nav::ViewNav;
use crate::conversation::opening::Opening;
use crate::inbox::bulk::BulkActions;
use crate::inbox::lists::{ListStatus, ThreadListState};
use crate::inbox::mailboxes::Mailboxes;
use crate::inbox::route::InboxRoute;
use crate::inbox::search::Search;
use crate::inbox::shortcuts::{self, ShownList};
use crate::inbox::snooze_waker::wake_snoozed;
use crate::inbox::views::TeamViews;
use crate::inbox_refresh::InboxRefresh;
use crate::intl;
use crate::keyboard::{focus, Keyboard};
use crate::notifications;
use crate::pages::home::require_sign_in;
use crate::pages::team_admin::TeamAdmin;
use crate::prefetch;
use crate::shown_states::ShownStates;
use crate::sync_driver::keep_in_sync;
use crate::sync_status::{SyncStatus, FIRST_PAINT_GRACE};
use crate::team_context::TeamContext;
use crate::timer;
use crate::tr_live;
use crate::{tr, tr_count};

/// The page, built in the task after the route's change: the change (the sign-in page's teardown,
/// the match) and the page's services in one task held the main thread 50-65 ms at a sign-in
/// (10,000 emails), while the first page's request was out.
#[component]
pub fn InboxPage() -> impl IntoView {
    let due = due_after(1);
    view! {
        <Show when=move || due.get()>
            <InboxPanes />
        </Show>
    }
}

#[component]
fn InboxPanes() -> impl IntoView {
    require_sign_in();
    let keyboard = Keyboard::provide();
    InboxRefresh::provide();
    let shown = ShownStates::provide();
    let route = InboxRoute::from_params();
    let team = TeamContext::provide(route.account);
    let mailboxes = Mailboxes::load(route, team.is_team);
    provide_context(mailboxes);
    keep_in_sync(route.account, mailboxes.selected, shown);
    let list = ThreadListState::show(route, mailboxes, team, shown);
    prefetch::read_ahead(route.account, list.rows);
    Opening::provide();
    let views = TeamViews::count(route, mailboxes, team);
    wake_snoozed(route.account, mailboxes.inbox, team, views);
    let bulk = BulkActions::new(route, team);
    let search = Search::new(route, mailboxes, team);
    let shown = ShownList {
        rows: Signal::derive(move || if search.active.get() { search.rows.get() } else { list.rows.get() }),
        query: Signal::derive(move || if search.active.get() { search.text.get() } else { String::new() }),
    };
    provide_context(route);
    provide_context(shown);
    shortcuts::register(route, shown);
    notifications::watch(route, mailboxes, team);
    // On a phone's width one pane shows at a time: the list, or the open conversation (with a
    // way back); the sidebar slides over them from the menu button (style/app.css).
    let nav_open = RwSignal::new(false);
    Effect::new(move |_| {
        route.open_thread.track();
        route.list.track();
        nav_open.set(false);
    });
    let back = move || route.list_href(&shown.query.get());
    // The page's build was one long task (50-75 ms at a sign-in, measured at 10,000 emails): the
    // list pane's content is built in the task after the page's, the sidebar in the one after; at
    // a sign-in, once the first rows are painted (built before them, it held the first page's
    // answer back ~30 ms). A reload's first paint shows a sidebar: the app's comes with its list.
    let list_due = due_after(1);
    let sidebar_due = if ColdStart::get().reading_untracked(&route.account.get_untracked()) { after_first_rows() } else { due_after(2) };
    view! {
        <div class="shell" class:has-thread=move || route.open_thread.get().is_some() class:nav-open=nav_open>
            <aside class="sidebar" aria-label=tr_live!(inbox.sidebar_label)>
                <Show when=move || sidebar_due.get()>
                    <Sidebar route=route team=team mailboxes=mailboxes views=views bulk=bulk />
                </Show>
            </aside>
            <div class="nav-scrim" on:click=move |_| nav_open.set(false)></div>
            <ListPane route=route team=team mailboxes=mailboxes views=views list=list shown=shown bulk=bulk nav_open=nav_open due=list_due />
            <section class="thread-pane" aria-label=tr_live!(inbox.thread_pane_label)>
                <A href=back attr:class="pane-back">{tr_live!(inbox.back_to_list)}</A>
                <Outlet />
            </section>
        </div>
        <KeyboardDialogs keyboard=keyboard />
    }
}

/// Set in a task of its own once the list's first rows are painted (what else waits for them
/// starts in theirs), or [`FIRST_PAINT_GRACE`] after this call where none come (a failed or slow
/// read).
fn after_first_rows() -> ReadSignal<bool> {
    let sync = SyncStatus::get();
    let due = RwSignal::new(false);
    let set = move || {
        spawn_local(async move {
            timer::sleep(std::time::Duration::ZERO).await;
            due.try_set(true);
        })
    };
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !sync.first_paint.get() {
            return done == Some(true);
        }
        set();
        true
    });
    spawn_local(async move {
        timer::sleep(FIRST_PAINT_GRACE).await;
        due.try_set(true);
    });
    due.read_only()
}

/// A flag set `tasks` tasks from now: for a piece of the page built after the rest.
fn due_after(tasks: usize) -> ReadSignal<bool> {
    let due = RwSignal::new(false);
    spawn_local(async move {
        for _ in 0..tasks {
            timer::yield_now().await;
        }
        due.try_set(true);
    });
    due.read_only()
}

/// The command palette and the list of shortcuts, from the first opening of either. Their code is
/// a part, fetched ahead once the first rows are on screen.
#[component]
fn KeyboardDialogs(keyboard: Keyboard) -> impl IntoView {
    SyncStatus::get().once_painted(|| {
        spawn_local(async {
            let _ = preload_keyboard_dialogs().await;
        })
    });
    let wanted = Memo::new(move |was: Option<&bool>| was == Some(&true) || keyboard.palette.get() || keyboard.help.get());
    view! {
        <Show when=move || wanted.get()>
            {on_demand(keyboard_dialogs(keyboard), || tr!(errors.action_unreachable))}
        </Show>
    }
}

part_fn! {
    keyboard_dialogs,
    preload = preload_keyboard_dialogs,
    fn keyboard_dialogs(keyboard: Keyboard) -> Result<AnyView, Unreachable> {
        Ok(view! {
            <CommandPalette open=keyboard.palette commands=Signal::derive(move || keyboard.available()) on_run=Callback::new(move |c| { keyboard.run(c); }) />
            <ShortcutsHelp open=keyboard.help />
        }
        .into_any())
    }
}

/// The sidebar's content: team views, the managers of tags and agents, the mailboxes, who is
/// signed in.
#[component]
fn Sidebar(route: InboxRoute, team: TeamContext, mailboxes: Mailboxes, views: TeamViews, bulk: BulkActions) -> impl IntoView {
    let auth = Auth::get();
    let admin = TeamAdmin::new(route.account, team, bulk.busy, bulk.message);
    let is_team = team.is_team;
    let username = move || auth.client().map(|c| c.session().username.clone()).unwrap_or_default();
    let accounts = Signal::derive(move || auth.client().map(|c| c.session().mail_accounts()).unwrap_or_default());
    let current_mailbox = Memo::new(move |_| if route.view.get().is_some() { None } else { mailboxes.selected.get() });
    let permission = RwSignal::new(notifications::permission());
    view! {
        <div class="brand">"Tandem"</div>
        <A href=move || format!("/a/{}/m/{}/new", route.account.get(), route.list.get()) attr:class="new-conversation-link">
            {tr_live!(common.new_conversation)}
        </A>
        <ViewNav account=route.account views=views.entries current=route.list />
        <A href=move || format!("/a/{}/m/{}/scheduled", route.account.get(), route.list.get()) attr:class="scheduled-link">
            {tr_live!(common.scheduled_replies)}
        </A>
        <Show when=move || is_team.get() && team.settings.with(|s| !s.tags.is_empty())>
            <TagManager settings=team.settings busy=bulk.busy.into() on_save=admin.save_tag on_delete=admin.delete_tag />
        </Show>
        <Show when=move || is_team.get() && team.settings.with(|s| !s.agents.is_empty())>
            <AgentManager roster=Roster {
                settings: team.settings,
                me: team.me,
                directory: team.directory,
                busy: bulk.busy.into(),
                on_rename: admin.rename_agent,
                on_remove: admin.remove_agent,
                on_add: admin.add_agent,
            } />
        </Show>
        <Show when=move || is_team.get() && team.known.get()>
            <ReplySettingsManager
                current=Signal::derive(move || team.settings.with(|s| ReplySettingsEdit::of(s, &team.me.get())))
                busy=bulk.busy.into()
                on_save=admin.save_replies
            />
        </Show>
        <MailboxNav accounts=accounts current_account=route.account mailboxes=mailboxes.folders current_mailbox=current_mailbox />
        {move || mailboxes.error.get().map(|e| view! { <Notice error=e /> })}
        <ThemeSwitch />
        <LanguageSwitch />
        <NotificationSwitch permission=permission.into() on_ask=Callback::new(move |()| notifications::ask_permission(move |p| { permission.try_set(p); })) />
        <div class="me">
            <span class="me-name" dir="auto">{username}</span>
            <button class="link" on:click=move |_| auth.sign_out()>{tr_live!(common.sign_out)}</button>
        </div>
    }
}

/// The search box, the list's title and size (or the search's), the status area, the bulk bar
/// and the rows (or the search's results): the pane at once, its content once `due`.
#[component]
fn ListPane(
    route: InboxRoute,
    team: TeamContext,
    mailboxes: Mailboxes,
    views: TeamViews,
    list: ThreadListState,
    shown: ShownList,
    bulk: BulkActions,
    nav_open: RwSignal<bool>,
    due: ReadSignal<bool>,
) -> impl IntoView {
    let refresh = InboxRefresh::get();
    let search = Search::get();
    let searching = search.active;
    let title = move || match route.view.get() {
        _ if searching.get() => tr!(inbox.search_title),
        Some(v) => views.label(&v),
        None => mailboxes.current.get().map(|m| crate::words::mailbox_name(m.role.as_deref(), &m.name)).unwrap_or_default(),
    };
    let size = move || {
        let total = match route.view.get() {
            _ if searching.get() => Some(search.total.get() as u64),
            Some(v) => views.count_of(&v),
            None => list.total.get(),
        };
        total.map(|t| tr_count!(t as usize, inbox.count, count = intl::number(t as usize)))
    };
    let status = move || match list.status.get() {
        _ if searching.get() => None,
        ListStatus::Failed(e) => Some(view! { <Notice error=e /> }.into_any()),
        ListStatus::Loading => Some(view! { <p class="pane-status">{tr_live!(inbox.loading)}</p> }.into_any()),
        ListStatus::Empty => Some(view! { <p class="pane-status empty">{tr_live!(inbox.empty)}</p> }.into_any()),
        ListStatus::Shown => None,
    };
    let more = Callback::new(move |()| {
        if !searching.get_untracked() {
            list.read_more()
        }
    });
    let opening = Opening::get();
    view! {
        <section
            class="list-pane"
            aria-label=tr_live!(inbox.list_label)
            on:click=move |e| search.opened_from(&e)
            on:mousedown=move |e| {
                if let Some(opening) = opening {
                    opening.pressed(&route.account.get_untracked(), &e)
                }
            }
        >
            <Show when=move || due.get()>
                <SearchBox text=search.text.into() recent=search.recent.into() on_input=Callback::new(move |t| search.set_text(t)) on_submit=Callback::new(move |()| {
                    search.keep();
                    focus(".list-pane .vlist");
                }) />
                <header class="pane-header">
                    <button class="icon menu-button" aria-label=tr_live!(inbox.menu) title=tr_live!(inbox.menu) aria-expanded=move || nav_open.get().to_string() on:click=move |_| nav_open.update(|o| *o = !*o)>"☰"</button>
                    <h2 dir="auto">{title}</h2>
                    <span class="count" role="status">{size}</span>
                    <SyncProgress />
                    <button class="icon" title=tr_live!(inbox.refresh) aria-label=tr_live!(inbox.refresh) on:click=move |_| refresh.bump()>"↻"</button>
                </header>
                <SearchStatus line=search.line() />
                <BulkBar selected=Selected { selection: bulk.selection, settings: team.settings, busy: bulk.busy.into(), on_action: bulk.run } />
                {move || bulk.message.get().map(|m| view! { <div class="notice bulk-result" role="status">{m.text()}</div> })}
                {status}
                <ThreadList rows=shown.rows account=route.account mailbox=route.list search=shown.query open=route.open_thread selection=bulk.selection on_near_end=more />
            </Show>
        </section>
    }
}
