//! Renaming, recolouring and deleting the team's tags (names in any language, shown as text).
//! The editing rows are code in a part (`code_parts`), fetched at the first opening.

use leptos::prelude::*;
use tandem_core::team::settings::{Tag, TeamSettings};

use crate::code_parts::{part_fn, Unreachable};
use crate::components::on_demand::on_demand;
use crate::tr;
use crate::tr_live;

/// A tag's edit: its id, and its new name and colour where the agent changed them.
pub type TagSave = (String, Option<String>, Option<String>);

/// * `settings`: the team's tags; `busy`: a change is being saved.
/// * `on_save`: (tag id, new name, new colour `#rrggbb`), each `None` where the agent left it as
///   the row showed it (a teammate's change to it stays); `on_delete`: the tag id.
#[component]
pub fn TagManager(
    settings: Signal<TeamSettings>,
    busy: Signal<bool>,
    on_save: Callback<TagSave>,
    on_delete: Callback<String>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <div class="tag-manager">
            <button class="link" on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { tr!(settings.done) } else { tr!(settings.manage_tags) }}</button>
            <Show when=move || open.get()>
                {on_demand(tag_edits(settings, busy, on_save, on_delete), || tr!(errors.action_unreachable))}
            </Show>
        </div>
    }
}

part_fn! {
    team_settings,
    /// A row per tag: its colour and name, saved or deleted by the row's buttons.
    fn tag_edits(
        settings: Signal<TeamSettings>,
        busy: Signal<bool>,
        on_save: Callback<TagSave>,
        on_delete: Callback<String>,
    ) -> Result<AnyView, Unreachable> {
        // Keyed by what a row shows: a reload of the same settings keeps each row and its edits.
        let row = move |t: Tag| {
            let name = RwSignal::new(t.name.clone());
            let color = RwSignal::new(t.color.clone());
            let (save_id, delete_id) = (t.id.clone(), t.id.clone());
            let changed = move |now: String, shown: &String| (now != *shown).then_some(now);
            let shown = (t.name.clone(), t.color.clone());
            let save = move |_| on_save.run((save_id.clone(), changed(name.get_untracked(), &shown.0), changed(color.get_untracked(), &shown.1)));
            view! {
                <li class="tag-edit" data-tag-id=t.id.clone() data-tag-name=t.name.clone()>
                    <input type="color" aria-label=tr_live!(settings.tag_colour) bind:value=color />
                    <input class="tag-name" aria-label=tr_live!(settings.tag_name) dir="auto" bind:value=name />
                    <button class="action" disabled=busy on:click=save>{tr_live!(settings.save)}</button>
                    <button class="link-button danger" disabled=busy on:click=move |_| on_delete.run(delete_id.clone())>{tr_live!(settings.delete)}</button>
                </li>
            }
        };
        Ok(view! {
            <ul class="tag-edits">
                <For each=move || settings.get().tags key=|t| (t.id.clone(), t.name.clone(), t.color.clone()) children=row />
            </ul>
        }
        .into_any())
    }
}
