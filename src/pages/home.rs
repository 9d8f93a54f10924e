//! `/`: sends the agent to their first team inbox, or to the login page.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::auth::{Auth, AuthStatus};
use crate::tr_live;

#[component]
pub fn HomePage() -> impl IntoView {
    let auth = Auth::get();
    let navigate = use_navigate();
    let no_account = RwSignal::new(false);
    Effect::new(move |_| {
        let replace = NavigateOptions { replace: true, ..Default::default() };
        match auth.status.get() {
            AuthStatus::SignedOut => navigate("/login", replace),
            AuthStatus::Restoring => {}
            AuthStatus::SignedIn => match first_inbox(auth) {
                Some(path) => navigate(&path, replace),
                None => no_account.set(true),
            },
        }
    });
    view! {
        <main class="splash">
            <Show when=move || no_account.get() fallback=|| view! { <p>{tr_live!(signin.signing_in)}</p> }>
                <p>{tr_live!(inbox.no_account)}</p>
                <button on:click=move |_| auth.sign_out()>{tr_live!(common.sign_out)}</button>
            </Show>
        </main>
    }
}

/// The inbox of the signed-in agent's first mail account: where the app opens.
pub fn first_inbox(auth: Auth) -> Option<String> {
    auth.client().and_then(|c| c.session().mail_accounts().into_iter().next()).map(|account| format!("/a/{}/m/inbox", account.id))
}

/// For pages behind the login: go to `/login` whenever the agent is signed out.
pub fn require_sign_in() {
    let auth = Auth::get();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if auth.status.get() == AuthStatus::SignedOut {
            navigate("/login", NavigateOptions { replace: true, ..Default::default() });
        }
    });
}
