//! Writing an internal note at the foot of a conversation. The text stays in the box until the
//! server has saved the note, so a failure loses nothing.

use leptos::prelude::*;

/// * `busy`: a change is being saved.
/// * `on_add`: called with the note's text; `draft` is cleared by the page once it is saved.
#[component]
pub fn NoteComposer(draft: RwSignal<String>, busy: Signal<bool>, on_add: Callback<String>) -> impl IntoView {
    let empty = move || draft.with(|d| d.trim().is_empty());
    view! {
        <form class="note-composer" on:submit=move |ev| {
            ev.prevent_default();
            if !empty() {
                on_add.run(draft.get_untracked());
            }
        }>
            <label class="note-composer-label" for="note-input">"Internal note — only your team sees it"</label>
            <textarea id="note-input" class="note-input" dir="auto" placeholder="Write a note for your team…" bind:value=draft></textarea>
            <div class="note-buttons">
                <button type="submit" class="action primary-soft" disabled=move || busy.get() || empty()>"Add note"</button>
            </div>
        </form>
    }
}
