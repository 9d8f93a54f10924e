//! `…/t/:thread`: one conversation, oldest message first.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tandem_core::conversation::load_conversation;

use crate::auth::Auth;
use crate::components::message_view::MessageView;
use crate::components::notice::Notice;

#[component]
pub fn ThreadPage() -> impl IntoView {
    let auth = Auth::get();
    let params = use_params_map();
    let conversation = LocalResource::new(move || {
        let client = auth.client();
        let (account, thread) = params.with(|p| (p.get("account").unwrap_or_default(), p.get("thread").unwrap_or_default()));
        async move {
            match client {
                Some(c) => load_conversation(&c, &account, &thread).await.map(Some),
                None => Ok(None),
            }
        }
    });
    move || match conversation.get() {
        None | Some(Ok(None)) => view! { <p class="pane-status">"Loading conversation…"</p> }.into_any(),
        Some(Err(e)) => view! { <Notice error=e /> }.into_any(),
        Some(Ok(Some(c))) => {
            let count = c.messages.len();
            view! {
                <article class="conversation">
                    <header class="conversation-header">
                        <h1 dir="auto">{c.subject}</h1>
                        <span class="count">{format!("{count} message{}", if count == 1 { "" } else { "s" })}</span>
                    </header>
                    {c.messages.into_iter().map(|m| view! { <MessageView message=m /> }).collect_view()}
                </article>
            }
            .into_any()
        }
    }
}
