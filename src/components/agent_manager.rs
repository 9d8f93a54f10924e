//! The team's roster in the sidebar: each agent's display name can be changed (any language,
//! shown as text), an agent who left can be taken off the list of assignees, and a teammate can
//! be added before they ever open the inbox: by login, offered from the server's directory where
//! it has one (JMAP Principals). An agent also joins the roster by opening the team inbox;
//! access itself is granted on the mail server.

use leptos::prelude::*;
use tandem_core::team::directory::Person;
use tandem_core::team::settings::{Agent, TeamSettings};

use crate::tr;

/// * `settings`: the roster; `me`: the signed-in agent (who cannot remove themself).
/// * `directory`: people the server lists (empty when it lists none), offered when adding.
/// * `on_rename`: (login, new name); `on_remove`: the login; `on_add`: (login, name or empty).
#[component]
pub fn AgentManager(
    settings: Signal<TeamSettings>,
    me: Signal<String>,
    directory: Signal<Vec<Person>>,
    busy: Signal<bool>,
    on_rename: Callback<(String, String)>,
    on_remove: Callback<String>,
    on_add: Callback<(String, String)>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let (new_login, new_name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    // The directory's people not on the roster yet.
    let candidates = move || {
        let on_roster = settings.with(|s| s.agents.iter().map(|a| a.login.clone()).collect::<Vec<_>>());
        directory.get().into_iter().filter(|p| !on_roster.contains(&p.login)).collect::<Vec<_>>()
    };
    let add = move || {
        let login = new_login.get_untracked();
        if login.trim().is_empty() {
            return;
        }
        on_add.run((login, new_name.get_untracked()));
        new_login.set(String::new());
        new_name.set(String::new());
    };
    // Keyed by login and name: a reload of the same settings (a teammate's poll, another save)
    // keeps each row, and what the agent is typing in it.
    let row = move |a: Agent| {
        let name = RwSignal::new(a.name.clone());
        let (rename_login, remove_login) = (a.login.clone(), a.login.clone());
        let is_me = a.login.eq_ignore_ascii_case(&me.get_untracked());
        view! {
            <li class="agent-edit" data-login=a.login.clone()>
                <span class="agent-login" dir="auto" title=move || tr!(settings.login)>{a.login.clone()}</span>
                <input class="agent-name" aria-label=move || tr!(settings.display_name) dir="auto" bind:value=name />
                <button class="action" disabled=busy on:click=move |_| on_rename.run((rename_login.clone(), name.get_untracked()))>{move || tr!(settings.save)}</button>
                <Show when=move || !is_me>
                    <button class="link-button danger" disabled=busy on:click={
                        let login = remove_login.clone();
                        move |_| on_remove.run(login.clone())
                    }>{move || tr!(settings.remove)}</button>
                </Show>
            </li>
        }
    };
    view! {
        <div class="tag-manager agent-manager">
            <button class="link" on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { tr!(settings.done) } else { tr!(settings.manage_agents) }}</button>
            <Show when=move || open.get()>
                <ul class="tag-edits">
                    <For each=move || settings.get().agents key=|a| (a.login.clone(), a.name.clone()) children=row />
                </ul>
                <form class="agent-add" on:submit=move |ev| {
                    ev.prevent_default();
                    add();
                }>
                    <input class="agent-new-login" aria-label=move || tr!(settings.new_login_label) placeholder=move || tr!(settings.login) list="agent-directory" autocomplete="off" dir="auto" bind:value=new_login />
                    <input class="agent-new-name" aria-label=move || tr!(settings.new_name_label) placeholder=move || tr!(settings.new_name_placeholder) dir="auto" bind:value=new_name />
                    <button class="action" type="submit" disabled=move || busy.get() || new_login.with(|l| l.trim().is_empty())>{move || tr!(settings.add)}</button>
                    <datalist id="agent-directory">
                        <For each=candidates key=|p| p.login.clone() let:p>
                            <option value=p.login.clone() label=p.name.clone()></option>
                        </For>
                    </datalist>
                </form>
            </Show>
        </div>
    }
}
