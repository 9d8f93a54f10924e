//! Replies teammates are writing in this conversation (their shared drafts): who, since when, and
//! what so far, read-only. The agent's own draft is in their composer, not here.

use crate::tr_live;
use leptos::prelude::*;

/// One teammate's draft as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRow {
    pub id: String,
    /// "Bob Martin".
    pub who: String,
    /// "5 min ago".
    pub age: String,
    pub text: String,
}

/// * `drafts`: the teammates' drafts, oldest first; nothing shows when there is none.
#[component]
pub fn TeammateDrafts(drafts: Signal<Vec<DraftRow>>) -> impl IntoView {
    view! {
        <Show when=move || !drafts.with(Vec::is_empty)>
            <section class="teammate-drafts" aria-label=tr_live!(conversation.drafts_label)>
                <For each=move || drafts.get() key=|d| d.id.clone() let:d>
                    <details class="teammate-draft">
                        <summary>
                            <span class="drafting-mark" aria-hidden="true">"✎ "</span>
                            <span dir="auto">{d.who}</span>
                            {tr_live!(conversation.is_writing)}
                            <span class="draft-age">{d.age}</span>
                        </summary>
                        <p class="draft-text" dir="auto">{d.text}</p>
                    </details>
                </For>
            </section>
        </Show>
    }
}
