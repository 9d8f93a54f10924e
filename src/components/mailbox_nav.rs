//! The sidebar's list: team inboxes and the agent's own account, and the mailboxes of the one open.

use leptos::prelude::*;
use leptos_router::components::A;
use tandem_core::mailboxes::MailboxEntry;
use tandem_core::session::MailAccount;

use crate::intl;
use crate::tr;

/// * `accounts`: every mail account of the session, team inboxes first.
/// * `current_account`: the id of the account shown.
/// * `mailboxes`: that account's mailboxes in sidebar order.
/// * `current_mailbox`: the id of the mailbox shown, once known.
#[component]
pub fn MailboxNav(
    accounts: Signal<Vec<MailAccount>>,
    current_account: Memo<String>,
    mailboxes: Signal<Vec<MailboxEntry>>,
    current_mailbox: Memo<Option<String>>,
) -> impl IntoView {
    view! {
        <nav class="mailbox-nav">
            {move || {
                accounts
                    .get()
                    .into_iter()
                    .map(|a| {
                        let open = a.id == current_account.get();
                        let href = format!("/a/{}/m/inbox", a.id);
                        let is_team = a.is_team;
                        let kind = move || if is_team { tr!(inbox.team_inbox) } else { tr!(inbox.my_mail) };
                        view! {
                            <div class="account" class:open=open>
                                <A href=href attr:class="account-link">
                                    <span class="account-kind">{kind}</span>
                                    <span class="account-name" dir="auto">{a.name.clone()}</span>
                                </A>
                                <Show when=move || open>
                                    <ul class="mailboxes">{move || mailbox_items(&current_account.get(), mailboxes.get(), current_mailbox.get())}</ul>
                                </Show>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </nav>
    }
}

fn mailbox_items(account: &str, mailboxes: Vec<MailboxEntry>, current: Option<String>) -> impl IntoView {
    mailboxes
        .into_iter()
        .map(|m| {
            let selected = current.as_deref() == Some(m.id.as_str());
            let href =
                if m.role.as_deref() == Some("inbox") { format!("/a/{account}/m/inbox") } else { format!("/a/{account}/m/{}", m.id) };
            let unread = (m.unread_threads > 0).then(|| intl::number(m.unread_threads as usize));
            let indent = format!("padding-inline-start: calc(0.75rem + {}rem)", m.depth);
            let (role, name) = (m.role.clone(), m.name.clone());
            let shown = move || crate::words::mailbox_name(role.as_deref(), &name);
            let title = shown.clone();
            view! {
                <li class:selected=selected>
                    <A href=href attr:style=indent>
                        <span class="mailbox-name" dir="auto" title=title>{shown}</span>
                        <span class="unread-count">{unread}</span>
                    </A>
                </li>
            }
        })
        .collect_view()
}
