//! The bar above the thread list while conversations are selected: bulk assign, close and tag.
//! Its code is in the part of bulk actions (`code_parts`), fetched at the first selection.

use std::collections::BTreeMap;

use leptos::prelude::*;
use tandem_core::team::settings::TeamSettings;

use crate::code_parts::{part_fn, Unreachable};
use crate::components::on_demand::on_demand;
use crate::intl;
use crate::tr_live;
use crate::{tr, tr_count};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    AssignToMe,
    Close,
    /// Put this tag id on every selected thread.
    Tag(String),
}

/// What the bar shows and what its buttons do.
#[derive(Clone, Copy)]
pub struct Selected {
    /// Selected thread ids (with the assignee the agent saw); cleared by "Clear".
    pub selection: RwSignal<BTreeMap<String, Option<String>>>,
    /// The team's tags.
    pub settings: Signal<TeamSettings>,
    /// An action is running.
    pub busy: Signal<bool>,
    /// Runs one.
    pub on_action: Callback<BulkAction>,
}

/// * `selected`: the selection, and the actions on it.
#[component]
pub fn BulkBar(selected: Selected) -> impl IntoView {
    view! {
        <Show when=move || selected.selection.with(|s| !s.is_empty())>
            {on_demand(bulk_bar(selected), || tr!(errors.action_unreachable))}
        </Show>
    }
}

part_fn! {
    bulk_actions,
    /// The bar's count, buttons and tag menu.
    fn bulk_bar(selected: Selected) -> Result<AnyView, Unreachable> {
        let Selected { selection, settings, busy, on_action } = selected;
        let count = move || selection.with(BTreeMap::len);
        Ok(view! {
            <div class="bulk-bar" role="toolbar" aria-label=tr_live!(inbox.selected_label)>
                <span class="bulk-count">{move || tr_count!(count(), inbox.selected_count, count = intl::number(count()))}</span>
                <button class="action" disabled=busy on:click=move |_| on_action.run(BulkAction::AssignToMe)>{tr_live!(common.assign_to_me)}</button>
                <button class="action" disabled=busy on:click=move |_| on_action.run(BulkAction::Close)>{tr_live!(inbox.close)}</button>
                <select class="add-tag" aria-label=tr_live!(inbox.tag_selected) disabled=busy on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        on_action.run(BulkAction::Tag(id));
                    }
                }>
                    <option value="" selected>{tr_live!(inbox.tag_choose)}</option>
                    {move || settings.get().tags.into_iter().map(|t| view! { <option value=t.id.clone()>{t.name}</option> }).collect_view()}
                </select>
                <button class="link-button" on:click=move |_| selection.set(BTreeMap::new())>{tr_live!(inbox.clear)}</button>
            </div>
        }
        .into_any())
    }
}
