//! The bar above the thread list while conversations are selected: bulk assign, close and tag.

use std::collections::BTreeMap;

use leptos::prelude::*;
use tandem_core::team::settings::TeamSettings;

use crate::intl;
use crate::{tr, tr_count};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    AssignToMe,
    Close,
    /// Put this tag id on every selected thread.
    Tag(String),
}

/// * `selection`: selected thread ids (with the assignee the agent saw); cleared by "Clear".
/// * `settings`: the team's tags; `busy`: an action is running; `on_action`: run one.
#[component]
pub fn BulkBar(
    selection: RwSignal<BTreeMap<String, Option<String>>>,
    settings: Signal<TeamSettings>,
    busy: Signal<bool>,
    on_action: Callback<BulkAction>,
) -> impl IntoView {
    let count = move || selection.with(BTreeMap::len);
    view! {
        <Show when=move || { count() > 0 }>
            <div class="bulk-bar" role="toolbar" aria-label=move || tr!(inbox.selected_label)>
                <span class="bulk-count">{move || tr_count!(count(), inbox.selected_count, count = intl::number(count()))}</span>
                <button class="action" disabled=busy on:click=move |_| on_action.run(BulkAction::AssignToMe)>{move || tr!(common.assign_to_me)}</button>
                <button class="action" disabled=busy on:click=move |_| on_action.run(BulkAction::Close)>{move || tr!(inbox.close)}</button>
                <select class="add-tag" aria-label=move || tr!(inbox.tag_selected) disabled=busy on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        on_action.run(BulkAction::Tag(id));
                    }
                }>
                    <option value="" selected>{move || tr!(inbox.tag_choose)}</option>
                    {move || settings.get().tags.into_iter().map(|t| view! { <option value=t.id.clone()>{t.name}</option> }).collect_view()}
                </select>
                <button class="link-button" on:click=move |_| selection.set(BTreeMap::new())>{move || tr!(inbox.clear)}</button>
            </div>
        </Show>
    }
}
