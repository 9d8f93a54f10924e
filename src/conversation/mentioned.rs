//! Opened from the Mentions view, a conversation shows the note that mentions the agent: the
//! row's link names it (`#note-<email id>`), and once the conversation has it, it is scrolled
//! into view and marked for a moment. Once per opening: a later refresh does not scroll again.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use super::shown::ShownConversation;

/// Scrolls to the note the location's fragment names, once the conversation shows it.
pub fn scroll_to_mentioned(shown: ShownConversation) {
    let hash = use_location().hash;
    let done = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let fragment = hash.get();
        let Some(wanted) = fragment.strip_prefix("#note-").and_then(|id| js_sys::decode_uri_component(id).ok()).map(String::from) else {
            return;
        };
        let has_it = shown.with(|c| c.is_some_and(|c| c.messages.iter().any(|m| m.id == wanted)));
        if !has_it || done.with_value(|d| d.as_deref() == Some(fragment.as_str())) {
            return;
        }
        // After this render: the note's element exists once the effects of the update have run.
        request_animation_frame(move || {
            if let Some(note) = note_element(&wanted) {
                done.try_set_value(Some(fragment));
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Center);
                note.scroll_into_view_with_scroll_into_view_options(&options);
                let _ = note.class_list().add_1("mentioned");
            }
        });
    });
}

/// The note of `email_id` on the page (compared as text: an id is the server's, never a selector).
fn note_element(email_id: &str) -> Option<web_sys::Element> {
    let notes = web_sys::window()?.document()?.query_selector_all("section.note[data-message-id]").ok()?;
    (0..notes.length())
        .filter_map(|i| notes.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|el| el.get_attribute("data-message-id").as_deref() == Some(email_id))
}
