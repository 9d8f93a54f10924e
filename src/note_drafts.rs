//! Note drafts kept in the local copy: a note half-written in a conversation survives switching
//! conversations, a reload and a closed tab (until sign-out, which deletes the copy). Each
//! conversation's draft is one `meta` value (`noteDraft:<thread id>`), written a moment after the
//! last key press, and at once when the draft is emptied (a note was added).

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::local_copy::LocalCopy;
use crate::timer::sleep;

/// Quiet time after a key press before the draft is written.
const SAVE_AFTER: Duration = Duration::from_millis(400);

fn key(thread_id: &str) -> String {
    format!("noteDraft:{thread_id}")
}

/// Binds the composer's `draft` to the open conversation `thread` of `account`.
pub fn keep_note_drafts(account: Memo<String>, thread: Memo<String>, draft: RwSignal<String>) {
    let copy = LocalCopy::get();
    // Drafts of conversations opened in this page, for an instant switch.
    let drafts = StoredValue::new(HashMap::<String, String>::new());
    // What the copy holds for each conversation, as far as this page knows (unknown: nothing
    // is written until the agent types, so a kept draft not read yet is never overwritten).
    let stored = StoredValue::new(HashMap::<String, String>::new());
    // The draft shown is the one of the conversation open: set only by the effect below.
    let shown_for = StoredValue::new(String::new());
    Effect::new(move |previous: Option<String>| {
        let current = thread.get();
        if let Some(previous) = previous {
            drafts.update_value(|d| {
                d.insert(previous, draft.get_untracked());
            });
        }
        shown_for.set_value(current.clone());
        match drafts.with_value(|d| d.get(&current).cloned()) {
            Some(text) => draft.set(text),
            None => {
                draft.set(String::new());
                let (store, account, thread_id) = (copy.store_untracked(), account.get_untracked(), current.clone());
                if let Some(store) = store {
                    spawn_local(async move {
                        let kept = store.cache().meta::<String>(&account, &key(&thread_id)).await.ok().flatten().unwrap_or_default();
                        // Still this conversation, and nothing typed meanwhile.
                        if !kept.is_empty() && thread.get_untracked() == thread_id && draft.with_untracked(String::is_empty) {
                            stored.update_value(|s| {
                                s.insert(thread_id, kept.clone());
                            });
                            draft.set(kept);
                        }
                    });
                }
            }
        }
        current
    });
    // Each change is written for the conversation it was typed in, unless a newer one follows.
    let generation = StoredValue::new(0u64);
    Effect::new(move |first: Option<()>| {
        let text = draft.get();
        if first.is_none() {
            return;
        }
        let thread_id = shown_for.get_value();
        let Some(store) = copy.store_untracked() else { return };
        if thread_id.is_empty() || stored.with_value(|s| s.get(&thread_id).map_or("", String::as_str) == text) {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let account = account.get_untracked();
        spawn_local(async move {
            if !text.is_empty() {
                sleep(SAVE_AFTER).await;
                if generation.get_value() != mine {
                    return;
                }
            }
            if store.cache().set_meta(&account, &key(&thread_id), &text).await.is_ok() {
                stored.update_value(|s| {
                    s.insert(thread_id, text);
                });
            }
        });
    });
}
