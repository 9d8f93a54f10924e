//! The composer's formatting buttons: bold, italic, link, lists and quote, written as marks
//! around the selection (see `tandem_core::reply::formatting`), and a preview of how the
//! customer will see the reply. Pressing a button keeps the focus (and the selection) in the
//! reply.

use leptos::prelude::*;
use tandem_core::reply::formatting::{to_html, Mark};

use crate::tr;
use crate::tr_live;

/// Each button's mark and class; its words are [`words`].
const BUTTONS: [(Mark, &str); 6] = [
    (Mark::Bold, "format-bold"),
    (Mark::Italic, "format-italic"),
    (Mark::Link, "format-link"),
    (Mark::Bullets, ""),
    (Mark::Numbered, ""),
    (Mark::Quote, ""),
];

/// A button's label and its title (also its accessible name), in the language now. B and I stay
/// as they are, like the keys that go with them.
fn words(mark: Mark) -> (String, String) {
    match mark {
        Mark::Bold => ("B".into(), tr!(composer.format.bold_title)),
        Mark::Italic => ("I".into(), tr!(composer.format.italic_title)),
        Mark::Link => (tr!(composer.format.link), tr!(composer.format.link_title)),
        Mark::Bullets => (tr!(composer.format.bullets), tr!(composer.format.bullets_title)),
        Mark::Numbered => (tr!(composer.format.numbered), tr!(composer.format.numbered_title)),
        Mark::Quote => (tr!(composer.format.quote), tr!(composer.format.quote_title)),
    }
}

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
    let buttons = BUTTONS.map(|(mark, class)| {
        view! {
            <button type="button" class=format!("format-button {class}") title=move || words(mark).1 aria-label=move || words(mark).1
                on:mousedown=|ev| ev.prevent_default() on:click=move |_| on_mark.run(mark)>{move || words(mark).0}</button>
        }
    });
    view! {
        <div class="format-bar" role="toolbar" aria-label=tr_live!(composer.format.toolbar)>
            {buttons.into_iter().collect_view()}
            <button type="button" class="format-button format-preview" aria-pressed=move || preview.get().to_string()
                on:click=move |_| preview.update(|p| *p = !*p)>{tr_live!(composer.format.preview)}</button>
        </div>
        <Show when=move || preview.get()>
            // The renderer escapes every character and makes only its own few tags (a property test
            // holds it to that), so its output can be shown as it is.
            <div class="reply-preview" aria-label=tr_live!(composer.format.preview) inner_html=move || text.with(|t| to_html(t))></div>
        </Show>
    }
}
