//! Saved replies offered while replying: found by typing part of a name, inserted with a click;
//! the reply being written can be saved as one; one can be written new, edited in place, or
//! deleted.

use leptos::prelude::*;
use tandem_core::team::saved_replies::SavedReply;

use crate::components::saved_reply_editor::SavedReplyEditor;
use crate::tr;
use crate::tr_live;

/// * `open`: the picker shows while true (the composer opens it: its button, or `/` at the start
///   of a line).
/// * `replies`: the team's saved replies; `loading` while they are read; `error` a sentence.
/// * `on_pick`: the agent inserts one; `on_save_as`: saves the reply being written under a name;
///   `on_edit`: saves one written or changed in place (an empty id: a new one); `on_delete`:
///   deletes one (by id).
/// * `editing`: the saved reply open in the editor (the page closes it once it is saved).
#[component]
pub fn SavedReplyPicker(
    open: RwSignal<bool>,
    replies: Signal<Vec<SavedReply>>,
    loading: Signal<bool>,
    error: Signal<Option<String>>,
    on_pick: Callback<SavedReply>,
    on_save_as: Callback<String>,
    on_edit: Callback<SavedReply>,
    on_delete: Callback<String>,
    editing: RwSignal<Option<SavedReply>>,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let shown = move || {
        let wanted = search.get().to_lowercase();
        replies
            .get()
            .into_iter()
            .filter(|r| r.name.to_lowercase().contains(&wanted) || r.folder.to_lowercase().contains(&wanted))
            .collect::<Vec<_>>()
    };
    view! {
        <Show when=move || open.get()>
            <div class="saved-replies" role="dialog" aria-label=tr_live!(composer.saved_replies)>
                {move || editing.get().map(|reply| view! {
                    <SavedReplyEditor reply=reply busy=loading on_save=on_edit on_cancel=Callback::new(move |_| editing.set(None)) />
                })}
                <input type="search" class="saved-search" dir="auto" placeholder=tr_live!(composer.saved.find_placeholder) aria-label=tr_live!(composer.saved.find) bind:value=search />
                {move || error.get().map(|e| view! { <p class="reply-error" role="alert">{e}</p> })}
                {move || loading.get().then(|| view! { <p class="saved-loading">{tr_live!(composer.saved.loading)}</p> })}
                <ul class="saved-list">
                    {move || shown().into_iter().map(|reply| {
                        let (pick, id, edit_name, delete_name) = (reply.clone(), reply.id.clone(), reply.name.clone(), reply.name.clone());
                        view! {
                            <li>
                                <button type="button" class="saved-pick" on:click=move |_| {
                                    on_pick.run(pick.clone());
                                    open.set(false);
                                }>
                                    <span class="saved-folder" dir="auto">{reply.folder.clone()}</span>
                                    <span class="saved-name" dir="auto">{reply.name.clone()}</span>
                                </button>
                                <button type="button" class="link saved-edit" aria-label=move || tr!(composer.saved.edit_named, name = &edit_name) on:click={
                                    let reply = reply.clone();
                                    move |_| editing.set(Some(reply.clone()))
                                }>{tr_live!(composer.saved.edit)}</button>
                                <button type="button" class="icon saved-delete" aria-label=move || tr!(composer.saved.delete_named, name = &delete_name) on:click=move |_| on_delete.run(id.clone())>"×"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="saved-save-as">
                    <input type="text" dir="auto" placeholder=tr_live!(composer.saved.name) aria-label=tr_live!(composer.saved.save_as_label) bind:value=new_name />
                    <button type="button" class="action" disabled=move || new_name.with(|n| n.trim().is_empty()) on:click=move |_| {
                        on_save_as.run(new_name.get_untracked());
                        new_name.set(String::new());
                    }>{tr_live!(composer.saved.save_as)}</button>
                    <button type="button" class="action" on:click=move |_| editing.set(Some(SavedReply {
                        id: String::new(),
                        name: String::new(),
                        folder: String::new(),
                        body: String::new(),
                    }))>{tr_live!(composer.saved.create)}</button>
                    <button type="button" class="action" on:click=move |_| open.set(false)>{tr_live!(composer.saved.close)}</button>
                </div>
            </div>
        </Show>
    }
}
