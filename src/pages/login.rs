//! `/login`: username, password or API token, and (optionally) the JMAP server; whether to be
//! remembered on this device (else only in this tab); a specific message for every way signing
//! in can fail.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::auth::{Auth, AuthStatus};
use crate::components::language_switch::LanguageSwitch;
use crate::pages::home::first_inbox;
use crate::saved_login::{self, SavedLogin};
use crate::tr;
use crate::tr_live;

#[component]
pub fn LoginPage() -> impl IntoView {
    crate::first_paint::replaced();
    let auth = Auth::get();
    let navigate = use_navigate();
    let saved = saved_login::load();
    let (saved_token, saved_remember) = saved.as_ref().map_or((false, false), |s| (s.token, s.remember));
    let server = RwSignal::new(saved.as_ref().map(|s| s.server.clone()).unwrap_or_default());
    let username = RwSignal::new(saved.map(|s| s.username).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(saved_token);
    let remember = RwSignal::new(saved_remember);
    let pending = RwSignal::new(false);
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();

    Effect::new(move |_| {
        if auth.status.get() == AuthStatus::SignedIn {
            // Straight to the inbox: through `/` it was two navigations, each a build of the
            // router's views, in the sign-in's way.
            let path = first_inbox(auth).unwrap_or_else(|| "/".to_string());
            navigate(&path, NavigateOptions { replace: true, ..Default::default() });
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        auth.error.set(None);
        crate::offline_shell::sign_in_started();
        spawn_local(async move {
            let login = SavedLogin {
                server: server.get_untracked(),
                username: username.get_untracked(),
                password: password.get_untracked(),
                token: token.get_untracked(),
                remember: remember.get_untracked(),
            };
            let result = auth.sign_in(&login).await;
            // Signed in, the page is on its way out: its own signals may be gone.
            pending.try_set(false);
            if let Err(e) = result {
                auth.error.set(Some(e.into()));
            }
        });
    };

    view! {
        <main class="login">
            <form class="login-card" on:submit=submit>
                <div class="login-top">
                    <h1 class="brand">"Tandem"</h1>
                    <LanguageSwitch />
                </div>
                <p class="tagline">{tr_live!(signin.tagline)}</p>
                <label>
                    <span>{tr_live!(signin.username)}</span>
                    <input name="username" autocomplete="username" required bind:value=username />
                </label>
                <label>
                    <span>{move || if token.get() { tr!(signin.api_token) } else { tr!(signin.password) }}</span>
                    <input name="password" type="password" autocomplete=move || if token.get() { "off" } else { "current-password" } required bind:value=password />
                </label>
                <label class="login-check">
                    <input type="checkbox" bind:checked=token />
                    <span>{tr_live!(signin.use_token)}</span>
                </label>
                <label>
                    <span>{tr_live!(signin.server)}</span>
                    <input name="server" type="text" dir="ltr" placeholder=origin inputmode="url" autocapitalize="off" spellcheck="false" bind:value=server />
                    <small>{tr_live!(signin.server_hint)}</small>
                </label>
                <label class="login-check">
                    <input type="checkbox" bind:checked=remember />
                    <span>{tr_live!(signin.remember)}</span>
                </label>
                <Show when=move || auth.error.get().is_some()>
                    <p class="login-error" role="alert">{move || auth.error.get().map(|e| e.text())}</p>
                </Show>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { tr!(signin.signing_in) } else { tr!(signin.sign_in) }}
                </button>
            </form>
        </main>
    }
}
