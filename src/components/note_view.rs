//! An internal note in the timeline: unmistakably not customer mail, with its author and time;
//! its author may edit or delete it.

use leptos::prelude::*;
use tandem_core::conversation::Message;

use crate::local_time;
use crate::tr_live;

/// * `note`: the note (a `Message` whose `note_author` is set).
/// * `own`: the signed-in agent wrote it.
/// * `editing`, `edit_draft`: which note is being edited and its text, owned by the page so that
///   a refresh of the conversation does not lose an edit in progress.
/// * `on_edit`: called with (note id, new text); `on_delete` with the note id.
#[component]
pub fn NoteView(
    note: Message,
    own: bool,
    busy: Signal<bool>,
    editing: RwSignal<Option<String>>,
    edit_draft: RwSignal<String>,
    on_edit: Callback<(String, String)>,
    on_delete: Callback<String>,
) -> impl IntoView {
    let id = note.id.clone();
    let is_editing = Memo::new(move |_| editing.with(|e| e.as_deref() == Some(id.as_str())));
    let body = note.body.clone();
    let author = note.note_author.clone().unwrap_or_default();
    let date = local_time::long(&note.received_at);
    let paragraphs: Vec<String> = note.body.split("\n\n").map(str::to_string).collect();
    let (id_edit, id_delete, id_start) = (note.id.clone(), note.id.clone(), note.id.clone());
    view! {
        <section class="note" class:unread=note.unread data-message-id=note.id.clone() aria-label=tr_live!(conversation.internal_note)>
            <header class="message-header">
                <span class="note-badge">{tr_live!(conversation.internal_note)}</span>
                <span class="from-name" dir="auto">{author}</span>
                <time>{date}</time>
            </header>
            <Show
                when=move || is_editing.get()
                fallback=move || {
                    let paragraphs = paragraphs.clone();
                    view! { <div class="body">{paragraphs.into_iter().map(|p| view! { <p dir="auto">{p}</p> }).collect_view()}</div> }
                }
            >
                <textarea class="note-input" dir="auto" aria-label=tr_live!(conversation.edit_note) bind:value=edit_draft></textarea>
                <div class="note-buttons">
                    <button class="action primary-soft" disabled=busy on:click={
                        let id = id_edit.clone();
                        move |_| {
                            on_edit.run((id.clone(), edit_draft.get_untracked()));
                            editing.set(None);
                        }
                    }>{tr_live!(conversation.save)}</button>
                    <button class="action" on:click=move |_| editing.set(None)>{tr_live!(conversation.cancel)}</button>
                </div>
            </Show>
            <Show when=move || own && !is_editing.get()>
                <div class="note-buttons">
                    <button class="link-button" disabled=busy on:click={
                        let (id, body) = (id_start.clone(), body.clone());
                        move |_| {
                            edit_draft.set(body.clone());
                            editing.set(Some(id.clone()));
                        }
                    }>{tr_live!(conversation.edit)}</button>
                    <button class="link-button danger" disabled=busy on:click={
                        let id = id_delete.clone();
                        move |_| on_delete.run(id.clone())
                    }>{tr_live!(conversation.delete)}</button>
                </div>
            </Show>
        </section>
    }
}
