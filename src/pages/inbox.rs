//! `/a/:account/m/:mailbox[/t/:thread]`: the three panes — accounts and mailboxes, the thread
//! list of one mailbox, and (through the outlet) the open thread. `:mailbox` may be `inbox`, meaning
//! the mailbox whose role is inbox.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;
use tandem_core::mailboxes::{inbox_id, load_mailboxes, MailboxEntry};
use tandem_core::thread_list::{load_thread_page, ThreadPage};

use crate::auth::Auth;
use crate::components::mailbox_nav::MailboxNav;
use crate::components::notice::Notice;
use crate::components::thread_row::ThreadRow;
use crate::change_poller::poll_changes;
use crate::inbox_refresh::InboxRefresh;
use crate::pages::home::require_sign_in;

const PAGE_SIZE: u64 = 50;

#[component]
pub fn InboxPage() -> impl IntoView {
    require_sign_in();
    let auth = Auth::get();
    let refresh = InboxRefresh::provide();

    let params = use_params_map();
    let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
    let mailbox_param = Memo::new(move |_| params.read().get("mailbox").unwrap_or_default());
    let shown_state = RwSignal::new(None::<String>);
    poll_changes(account, shown_state);

    let mailboxes = LocalResource::new(move || {
        let (client, account) = (auth.client(), account.get());
        async move {
            match client {
                Some(c) => load_mailboxes(&c, &account).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let mailbox_list = Signal::derive(move || mailboxes.get().and_then(Result::ok).unwrap_or_default());
    let mailbox_id = Memo::new(move |_| {
        let param = mailbox_param.get();
        if param == "inbox" {
            inbox_id(&mailbox_list.get()).map(str::to_string)
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
    let threads = LocalResource::new(move || {
        refresh.track();
        let (client, account, mailbox, limit) = (auth.client(), account.get(), mailbox_id.get(), limit.get());
        async move {
            match (client, mailbox) {
                (Some(c), Some(m)) => load_thread_page(&c, &account, &m, 0, limit).await.map(Some),
                _ => Ok(None),
            }
        }
    });

    Effect::new(move |_| {
        if let Some(Ok(Some(page))) = threads.get() {
            shown_state.set(Some(page.email_state));
        }
    });

    let username = move || auth.client().map(|c| c.session().username.clone()).unwrap_or_default();
    let accounts = Signal::derive(move || auth.client().map(|c| c.session().mail_accounts()).unwrap_or_default());

    view! {
        <div class="shell">
            <aside class="sidebar" aria-label="Inboxes">
                <div class="brand">"Tandem"</div>
                <MailboxNav accounts=accounts current_account=account mailboxes=mailbox_list current_mailbox=mailbox_id />
                {move || mailboxes.get().and_then(Result::err).map(|e| view! { <Notice error=e /> })}
                <div class="me">
                    <span class="me-name" dir="auto">{username}</span>
                    <button class="link" on:click=move |_| auth.sign_out()>"Sign out"</button>
                </div>
            </aside>
            <section class="list-pane" aria-label="Conversations">
                <header class="pane-header">
                    <h2 dir="auto">{move || current.get().map(|m| m.name).unwrap_or_default()}</h2>
                    <span class="count">
                        {move || threads.get().and_then(|r| r.ok().flatten()).and_then(|p| p.total).map(|t| format!("{t} conversations"))}
                    </span>
                    <button class="icon" title="Refresh" aria-label="Refresh" on:click=move |_| refresh.bump()>"↻"</button>
                </header>
                {move || match threads.get() {
                    None => view! { <p class="pane-status">"Loading conversations…"</p> }.into_any(),
                    Some(Err(e)) => view! { <Notice error=e /> }.into_any(),
                    Some(Ok(None)) => view! { <p class="pane-status">"Loading conversations…"</p> }.into_any(),
                    Some(Ok(Some(page))) => thread_list(page, account.get(), mailbox_param.get(), limit).into_any(),
                }}
            </section>
            <section class="thread-pane" aria-label="Conversation">
                <Outlet />
            </section>
        </div>
    }
}

fn thread_list(page: ThreadPage, account: String, mailbox: String, limit: RwSignal<u64>) -> impl IntoView {
    if page.threads.is_empty() {
        return view! { <p class="pane-status empty">"No conversations here."</p> }.into_any();
    }
    let more = page.total.is_some_and(|t| t > page.threads.len() as u64);
    let rows = page
        .threads
        .into_iter()
        .map(|t| {
            let href = format!("/a/{account}/m/{mailbox}/t/{}", t.thread_id);
            view! { <ThreadRow thread=t href=href /> }
        })
        .collect_view();
    view! {
        <ul class="thread-list">{rows}</ul>
        <Show when=move || more>
            <button class="load-more" on:click=move |_| limit.update(|l| *l += PAGE_SIZE)>"Load more"</button>
        </Show>
    }
    .into_any()
}

