//! `…/new`: writing to a customer first — a new outbound conversation sent from the team's
//! address, with the composer, undo, send later and saved replies a reply has. Its draft is kept
//! on this device (under the thread id `new`) and on the server (`shared_drafts`), so it follows
//! the agent to another device, until it is sent; once sent it is in the team's Sent mailbox, and
//! the customer's answer brings the conversation to the inbox.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::reply_composer::AfterSend;
use crate::components::undo_send::UndoSend;
use crate::inbox::mailboxes::Mailboxes;
use crate::pages::writing::Writing;
use crate::reply_flow::{ReplyFlow, NEW_CONVERSATION};
use crate::shared_drafts::share_new_draft;
use crate::tr;
use crate::tr_live;

#[component]
pub fn NewConversationPage() -> impl IntoView {
    let params = use_params_map();
    let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
    let replies = ReplyFlow::new(account, Memo::new(|_| NEW_CONVERSATION.to_string()));
    share_new_draft(replies);
    // Opens by itself once the draft kept on this device (if any) is back.
    Effect::new(move |opened: Option<bool>| {
        let ready = opened == Some(true) || replies.restored.get();
        if ready && opened != Some(true) {
            replies.open_new();
        }
        ready
    });
    let sent_to = RwSignal::new(None::<String>);
    let on_send = Callback::new(move |choice: AfterSend| {
        replies.send(choice, move |_, sent| {
            sent_to.try_set(Some(sent.to.join(", ")));
        })
    });
    let sent_box = sent_mailbox(account);
    view! {
        <article class="conversation new-conversation">
            <header class="conversation-header">
                <h1>{tr_live!(composer.new_conversation.title)}</h1>
            </header>
            <UndoSend seconds_left=replies.seconds_left.into() undoing=replies.undoing.into() on_undo=Callback::new(move |_| replies.undo()) on_device=replies.held_here.into() />
            {move || replies.notice.get().map(|n| view! { <p class="notice reply-notice" role="status">{n.text()}</p> })}
            <Show
                when=move || replies.draft.with(Option::is_some)
                fallback=move || view! {
                    {move || sent_to.get().map(|to| view! {
                        <p class="notice reply-notice" role="status" dir="auto">
                            {move || tr!(composer.new_conversation.sent_before, to = &to)}
                            <A href=move || sent_box.get().unwrap_or_default()>{tr_live!(composer.new_conversation.sent_link)}</A>
                            {tr_live!(composer.new_conversation.sent_after)}
                        </p>
                    })}
                    <div class="reply-bar">
                        <button type="button" class="action primary-soft" on:click=move |_| replies.open_new()>{tr_live!(composer.new_conversation.write_another)}</button>
                    </div>
                }
            >
                <Writing replies=replies on_send=on_send />
            </Show>
        </article>
    }
}

/// Where the team's Sent mailbox is listed.
fn sent_mailbox(account: Memo<String>) -> Signal<Option<String>> {
    let mailboxes = use_context::<Mailboxes>();
    Signal::derive(move || {
        let sent = mailboxes?.list.with(|l| l.iter().find(|m| m.role.as_deref() == Some("sent")).map(|m| m.id.clone()))?;
        Some(format!("/a/{}/m/{sent}", account.get()))
    })
}
