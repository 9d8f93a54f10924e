//! The composer's formatting buttons: bold, italic, link, lists and quote, written as marks
//! around the selection (see `tandem_core::reply::formatting`), and a preview of how the
//! customer will see the reply. Pressing a button keeps the focus (and the selection) in the
//! reply.

use leptos::prelude::*;
use tandem_core::reply::formatting::{to_html, Mark};

const BUTTONS: [(Mark, &str, &str, &str); 6] = [
    (Mark::Bold, "B", "Bold (Ctrl+B)", "format-bold"),
    (Mark::Italic, "I", "Italic (Ctrl+I)", "format-italic"),
    (Mark::Link, "Link", "Link (Ctrl+K)", "format-link"),
    (Mark::Bullets, "• List", "Bulleted list", ""),
    (Mark::Numbered, "1. List", "Numbered list", ""),
    (Mark::Quote, "❝ Quote", "Quote", ""),
];

/// The mark a shortcut stands for: Ctrl/⌘ with B, I or K, never while an input method composes.
pub fn shortcut(ev: &leptos::ev::KeyboardEvent) -> Option<Mark> {
    if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || ev.is_composing() {
        return None;
    }
    match ev.key().to_ascii_lowercase().as_str() {
        "b" => Some(Mark::Bold),
        "i" => Some(Mark::Italic),
        "k" => Some(Mark::Link),
        _ => None,
    }
}

/// * `text`: the reply as written (for the preview).
/// * `on_mark`: the agent pressed a button.
#[component]
pub fn FormatBar(text: Signal<String>, on_mark: Callback<Mark>) -> impl IntoView {
    let preview = RwSignal::new(false);
    let buttons = BUTTONS.map(|(mark, label, title, class)| {
        view! {
            <button type="button" class=format!("format-button {class}") title=title aria-label=title
                on:mousedown=|ev| ev.prevent_default() on:click=move |_| on_mark.run(mark)>{label}</button>
        }
    });
    view! {
        <div class="format-bar" role="toolbar" aria-label="Formatting">
            {buttons.into_iter().collect_view()}
            <button type="button" class="format-button format-preview" aria-pressed=move || preview.get().to_string()
                on:click=move |_| preview.update(|p| *p = !*p)>"Preview"</button>
        </div>
        <Show when=move || preview.get()>
            // The renderer escapes every character and makes only its own few tags (a property test
            // holds it to that), so its output can be shown as it is.
            <div class="reply-preview" aria-label="Preview" inner_html=move || text.with(|t| to_html(t))></div>
        </Show>
    }
}
