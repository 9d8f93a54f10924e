//! The team's roster in the sidebar: each agent's display name can be changed (any language,
//! shown as text), an agent who left can be taken off the list of assignees, and a teammate can
//! be added before they ever open the inbox: by login, offered from the server's directory where
//! it has one (JMAP Principals). An agent also joins the roster by opening the team inbox;
//! access itself is granted on the mail server. The editing rows and the form are code in a
//! part (`code_parts`), fetched at the first opening.

use leptos::prelude::*;
use tandem_core::team::directory::Person;
use tandem_core::team::settings::{Agent, TeamSettings};

use crate::code_parts::{part_fn, Unreachable};
use crate::components::on_demand::on_demand;
use crate::tr;
use crate::tr_live;

/// What the manager shows and what its buttons do.
#[derive(Clone, Copy)]
pub struct Roster {
    /// The roster.
    pub settings: Signal<TeamSettings>,
    /// The signed-in agent, who cannot remove themself.
    pub me: Signal<String>,
    /// People the server lists (empty when it lists none), offered when adding.
    pub directory: Signal<Vec<Person>>,
    /// A change is being saved.
    pub busy: Signal<bool>,
    /// (login, new name).
    pub on_rename: Callback<(String, String)>,
    /// The login.
    pub on_remove: Callback<String>,
    /// (login, name or empty).
    pub on_add: Callback<(String, String)>,
}

/// * `roster`: the roster and the changes to it.
#[component]
pub fn AgentManager(roster: Roster) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <div class="tag-manager agent-manager">
            <button class="link" on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { tr!(settings.done) } else { tr!(settings.manage_agents) }}</button>
            <Show when=move || open.get()>
                {on_demand(agent_edits(roster), || tr!(errors.action_unreachable))}
            </Show>
        </div>
    }
}

part_fn! {
    team_settings,
    /// A row per agent (display name saved by its button; removable but for `me`), and the form
    /// that adds one, offering the directory's people not on the roster.
    fn agent_edits(roster: Roster) -> Result<AnyView, Unreachable> {
        let Roster { settings, me, directory, busy, on_rename, on_remove, on_add } = roster;
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
                    <span class="agent-login" dir="auto" title=tr_live!(settings.login)>{a.login.clone()}</span>
                    <input class="agent-name" aria-label=tr_live!(settings.display_name) dir="auto" bind:value=name />
                    <button class="action" disabled=busy on:click=move |_| on_rename.run((rename_login.clone(), name.get_untracked()))>{tr_live!(settings.save)}</button>
                    <Show when=move || !is_me>
                        <button class="link-button danger" disabled=busy on:click={
                            let login = remove_login.clone();
                            move |_| on_remove.run(login.clone())
                        }>{tr_live!(settings.remove)}</button>
                    </Show>
                </li>
            }
        };
        Ok(view! {
            <ul class="tag-edits">
                <For each=move || settings.get().agents key=|a| (a.login.clone(), a.name.clone()) children=row />
            </ul>
            <form class="agent-add" on:submit=move |ev| {
                ev.prevent_default();
                add();
            }>
                <input class="agent-new-login" aria-label=tr_live!(settings.new_login_label) placeholder=tr_live!(settings.login) list="agent-directory" autocomplete="off" dir="auto" bind:value=new_login />
                <input class="agent-new-name" aria-label=tr_live!(settings.new_name_label) placeholder=tr_live!(settings.new_name_placeholder) dir="auto" bind:value=new_name />
                <button class="action" type="submit" disabled=move || busy.get() || new_login.with(|l| l.trim().is_empty())>{tr_live!(settings.add)}</button>
                <datalist id="agent-directory">
                    <For each=candidates key=|p| p.login.clone() let:p>
                        <option value=p.login.clone() label=p.name.clone()></option>
                    </For>
                </datalist>
            </form>
        }
        .into_any())
    }
}
