//! The pages whose code is fetched when first wanted, not with the app: the conversation (with
//! its composer), the scheduled replies and a new conversation. `scripts/wasm-link.sh` splits the
//! module at the functions marked here; a call fetches the part that holds one (once), then runs
//! it. The conversation's part is fetched as soon as the list is on screen ([`preload`]), so
//! opening one waits for nothing; the service worker keeps every part for offline use.
//!
//! Written here rather than with Leptos's `#[lazy_route]`, whose load panics when the part
//! cannot be fetched (offline before it was kept, or a newer version of Tandem replaced it on
//! the host), and a panic stops the app: here the page says so, and offers a reload.

use leptos::prelude::*;

use crate::code_parts::{part_fn, Unreachable};
use crate::components::on_demand::on_demand;
use crate::pages::new_conversation::NewConversationPage;
use crate::pages::scheduled::ScheduledPage;
use crate::pages::thread::ThreadPage;
use crate::tr;

part_fn! {
    conversation_page,
    preload = preload_conversation_page,
    fn conversation_page() -> Result<AnyView, Unreachable> {
        Ok(view! { <ThreadPage /> }.into_any())
    }
}

part_fn! {
    scheduled_page,
    fn scheduled_page() -> Result<AnyView, Unreachable> {
        Ok(view! { <ScheduledPage /> }.into_any())
    }
}

part_fn! {
    new_conversation_page,
    fn new_conversation_page() -> Result<AnyView, Unreachable> {
        Ok(view! { <NewConversationPage /> }.into_any())
    }
}

/// Fetches the conversation page's code (nothing happens if it is here).
pub async fn preload() {
    let _ = preload_conversation_page().await;
}

/// A conversation, with its composer.
#[component]
pub fn ConversationRoute() -> impl IntoView {
    on_demand(conversation_page(), || tr!(errors.page_unreachable))
}

/// The replies scheduled to leave later.
#[component]
pub fn ScheduledRoute() -> impl IntoView {
    on_demand(scheduled_page(), || tr!(errors.page_unreachable))
}

/// A new conversation with a customer.
#[component]
pub fn NewConversationRoute() -> impl IntoView {
    on_demand(new_conversation_page(), || tr!(errors.page_unreachable))
}
