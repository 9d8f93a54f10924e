//! The team's roster in the sidebar: each agent's display name can be changed (any language,
//! shown as text), and an agent who left can be taken off the list of assignees. An agent joins
//! the roster by opening the team inbox; access itself is granted on the mail server.

use leptos::prelude::*;
use tandem_core::team::settings::{Agent, TeamSettings};

/// * `settings`: the roster; `me`: the signed-in agent (who cannot remove themself).
/// * `on_rename`: (login, new name); `on_remove`: the login.
#[component]
pub fn AgentManager(settings: Signal<TeamSettings>, me: Signal<String>, busy: Signal<bool>, on_rename: Callback<(String, String)>, on_remove: Callback<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    // Keyed by login and name: a reload of the same settings (a teammate's poll, another save)
    // keeps each row, and what the agent is typing in it.
    let row = move |a: Agent| {
        let name = RwSignal::new(a.name.clone());
        let (rename_login, remove_login) = (a.login.clone(), a.login.clone());
        let is_me = a.login.eq_ignore_ascii_case(&me.get_untracked());
        view! {
            <li class="agent-edit" data-login=a.login.clone()>
                <span class="agent-login" dir="auto" title="Login">{a.login.clone()}</span>
                <input class="agent-name" aria-label="Display name" dir="auto" bind:value=name />
                <button class="action" disabled=busy on:click=move |_| on_rename.run((rename_login.clone(), name.get_untracked()))>"Save"</button>
                <Show when=move || !is_me>
                    <button class="link-button danger" disabled=busy on:click={
                        let login = remove_login.clone();
                        move |_| on_remove.run(login.clone())
                    }>"Remove"</button>
                </Show>
            </li>
        }
    };
    view! {
        <div class="tag-manager agent-manager">
            <button class="link" on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { "Done" } else { "Manage agents" }}</button>
            <Show when=move || open.get()>
                <ul class="tag-edits">
                    <For each=move || settings.get().agents key=|a| (a.login.clone(), a.name.clone()) children=row />
                </ul>
            </Show>
        </div>
    }
}
