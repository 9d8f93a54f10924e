//! Writing an internal note at the foot of a conversation. The text stays in the box until the
//! server has saved the note, so a failure loses nothing.

use crate::tr_live;
use leptos::prelude::*;

/// * `busy`: a change is being saved.
/// * `roster`: (login, name) of the team, offered after `@`.
/// * `on_add`: called with the note's text; `draft` is cleared by the page once it is saved.
#[component]
pub fn NoteComposer(
    draft: RwSignal<String>,
    busy: Signal<bool>,
    roster: Signal<Vec<(String, String)>>,
    on_add: Callback<String>,
) -> impl IntoView {
    let empty = move || draft.with(|d| d.trim().is_empty());
    // The word being typed, when it starts with '@': offer the matching teammates.
    let typing_mention =
        move || draft.with(|d| d.rsplit(char::is_whitespace).next().and_then(|w| w.strip_prefix('@')).map(str::to_lowercase));
    let suggestions = move || {
        let Some(prefix) = typing_mention() else { return Vec::new() };
        roster
            .get()
            .into_iter()
            .filter(|(login, name)| login.starts_with(&prefix) || name.to_lowercase().starts_with(&prefix))
            .take(6)
            .collect::<Vec<_>>()
    };
    let complete = move |login: String| {
        draft.update(|d| {
            let cut = d.rfind('@').unwrap_or(d.len());
            d.truncate(cut);
            d.push('@');
            d.push_str(&login);
            d.push(' ');
        });
    };
    view! {
        <form class="note-composer" on:submit=move |ev| {
            ev.prevent_default();
            if !empty() {
                on_add.run(draft.get_untracked());
            }
        }>
            <label class="note-composer-label" for="note-input">{tr_live!(conversation.note_label)}</label>
            <textarea id="note-input" class="note-input" dir="auto" placeholder=tr_live!(conversation.note_placeholder) bind:value=draft
                on:keydown=move |ev| {
                    // Ctrl/⌘+Enter adds the note, as it sends a reply.
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) && !ev.is_composing() {
                        ev.prevent_default();
                        if !empty() && !busy.get_untracked() {
                            on_add.run(draft.get_untracked());
                        }
                    }
                }></textarea>
            <Show when=move || !suggestions().is_empty()>
                <ul class="mention-suggestions" role="listbox" aria-label=tr_live!(conversation.mention_label)>
                    {move || suggestions().into_iter().map(|(login, name)| {
                        let pick = login.clone();
                        view! {
                            <li role="option">
                                <button type="button" class="mention-option" on:click=move |_| complete(pick.clone())>
                                    <span dir="auto">{name}</span>" "<span class="mention-login">"@"{login}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
            <div class="note-buttons">
                <button type="submit" class="action primary-soft" disabled=move || busy.get() || empty()>{tr_live!(conversation.add_note)}</button>
            </div>
        </form>
    }
}
