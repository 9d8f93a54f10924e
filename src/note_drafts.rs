//! Drafts kept in the local copy, one per conversation and kind: a note or a reply half-written in
//! a conversation survives switching conversations, a reload and a closed tab (until sign-out,
//! which deletes the copy). Each draft is one `meta` value (`<kind>:<thread id>`, e.g.
//! `noteDraft:T42`), written a moment after the last key press, and at once when the draft is
//! emptied (sent, or discarded). An empty draft is the type's default.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::local_copy::LocalCopy;
use crate::timer::sleep;

/// Quiet time after a key press before the draft is written.
const SAVE_AFTER: Duration = Duration::from_millis(400);

/// The note composer's draft.
pub const NOTE: &str = "noteDraft";
/// The reply composer's draft.
pub const REPLY: &str = "replyDraft";

/// Binds the note composer's `draft` to the open conversation `thread` of `account`.
pub fn keep_note_drafts(account: Memo<String>, thread: Memo<String>, draft: RwSignal<String>) {
    keep_drafts(NOTE, account, thread, draft);
}

/// Binds a composer's `draft` of `kind` to the open conversation `thread` of `account`. Returns
/// whether the draft kept for the open conversation has been read (a composer that opens by
/// itself waits for it, so that it reopens what was kept rather than hiding it).
pub fn keep_drafts<T>(kind: &'static str, account: Memo<String>, thread: Memo<String>, draft: RwSignal<T>) -> Signal<bool>
where
    T: Clone + Default + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    let key = move |thread_id: &str| format!("{kind}:{thread_id}");
    let copy = LocalCopy::get();
    // Drafts of conversations opened in this page, for an instant switch.
    let drafts = StoredValue::new(HashMap::<String, T>::new());
    // What the copy holds for each conversation, as far as this page knows (unknown: nothing
    // is written until the agent types, so a kept draft not read yet is never overwritten).
    let stored = StoredValue::new(HashMap::<String, T>::new());
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
        draft.set(drafts.with_value(|d| d.get(&current).cloned()).unwrap_or_default());
        current
    });
    // A conversation first opened in this page gets the draft kept in the copy, read once the
    // copy is open (after a reload it opens a moment after the page).
    let read_for = StoredValue::new(std::collections::HashSet::<String>::new());
    let restored_for = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let (Some(store), thread_id) = (copy.store(), thread.get()) else { return };
        if !read_for.try_update_value(|r| r.insert(thread_id.clone())).unwrap_or(false) || drafts.with_value(|d| d.contains_key(&thread_id))
        {
            restored_for.set(Some(thread_id));
            return;
        }
        let account = account.get_untracked();
        spawn_local(async move {
            let kept = store.cache().meta::<T>(&account, &key(&thread_id)).await.ok().flatten().unwrap_or_default();
            // Still this conversation, and nothing typed meanwhile.
            if kept != T::default()
                && thread.try_get_untracked().as_ref() == Some(&thread_id)
                && draft.try_with_untracked(|d| *d == T::default()) == Some(true)
            {
                stored.try_update_value(|s| s.insert(thread_id.clone(), kept.clone()));
                draft.try_set(kept);
            }
            restored_for.try_set(Some(thread_id));
        });
    });
    // Each change is written for the conversation it was typed in, unless a newer change of that
    // conversation follows (switching to another conversation outdates nothing).
    let generation = StoredValue::new(HashMap::<String, u64>::new());
    Effect::new(move |first: Option<()>| {
        let text = draft.get();
        if first.is_none() {
            return;
        }
        let thread_id = shown_for.get_value();
        // Any change outdates a write still waiting: a draft emptied (sent) before its last
        // keys were written must not be written back after.
        let mine = generation.try_update_value(|g| {
            let n = g.entry(thread_id.clone()).or_default();
            *n += 1;
            *n
        });
        let Some(store) = copy.store_untracked() else { return };
        if thread_id.is_empty() || stored.with_value(|s| s.get(&thread_id).cloned().unwrap_or_default() == text) {
            return;
        }
        let account = account.get_untracked();
        spawn_local(async move {
            if text != T::default() {
                sleep(SAVE_AFTER).await;
                // After an await, the page may be gone: accessors that do not panic.
                if generation.try_with_value(|g| g.get(&thread_id).copied()).flatten() != mine {
                    return;
                }
            }
            if store.cache().set_meta(&account, &key(&thread_id), &text).await.is_ok() {
                stored.try_update_value(|s| s.insert(thread_id, text));
            }
        });
    });
    Signal::derive(move || restored_for.with(|r| r.as_ref() == Some(&thread.get())))
}

/// Keeps `draft` in the copy as the draft of `kind` for `thread` of `account`: the composer
/// opening on that conversation reopens it (a scheduled reply taken back to be edited).
pub async fn put_draft<T: Serialize>(copy: LocalCopy, account: &str, kind: &str, thread: &str, draft: &T) -> bool {
    let Some(store) = copy.store_untracked() else { return false };
    store.cache().set_meta(account, &format!("{kind}:{thread}"), draft).await.is_ok()
}
