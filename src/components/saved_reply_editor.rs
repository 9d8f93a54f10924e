//! Writing or changing one saved reply: its name, its folder and its text (with variables such
//! as `{{customer.first_name | there}}` and the formatting marks of the composer).

use leptos::prelude::*;
use tandem_core::team::saved_replies::SavedReply;

use crate::tr;
use crate::tr_live;

/// * `reply`: the saved reply as it is (an empty id: a new one).
/// * `busy`: it is being saved.
/// * `on_save`: the agent saves it as edited; `on_cancel`: they leave it as it was.
#[component]
pub fn SavedReplyEditor(reply: SavedReply, busy: Signal<bool>, on_save: Callback<SavedReply>, on_cancel: Callback<()>) -> impl IntoView {
    let is_new = reply.id.is_empty();
    let id = reply.id.clone();
    let name = RwSignal::new(reply.name);
    let folder = RwSignal::new(reply.folder);
    let body = RwSignal::new(reply.body);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_save.run(SavedReply { id: id.clone(), name: name.get_untracked(), folder: folder.get_untracked(), body: body.get_untracked() });
    };
    view! {
        <form class="saved-editor" aria-label=move || if is_new { tr!(settings.new_saved_reply) } else { tr!(settings.edit_saved_reply) } on:submit=save>
            <label>{tr_live!(settings.name)}<input type="text" dir="auto" bind:value=name /></label>
            <label>{tr_live!(settings.folder)}<input type="text" dir="auto" placeholder=tr_live!(settings.no_folder) bind:value=folder /></label>
            <label>{tr_live!(settings.text)}<textarea dir="auto" rows="6" bind:value=body></textarea></label>
            <div class="saved-editor-buttons">
                <button type="submit" class="action primary-soft" disabled=busy>{tr_live!(settings.save_saved_reply)}</button>
                <button type="button" class="action" on:click=move |_| on_cancel.run(())>{tr_live!(settings.cancel)}</button>
            </div>
        </form>
    }
}
