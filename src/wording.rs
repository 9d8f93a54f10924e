//! A sentence for the agent kept as how to word it, not as the words: each time it is read it is
//! said in the interface's language of that moment (`tr!` inside). Read inside a reactive
//! closure (`move || words.text()`), it is tracked like `tr!` itself, so a message on screen when
//! the agent switches languages is said again in the new one. The status area's notices keep
//! their sentences so, and so does every message a page or component keeps (an error, the
//! outcome of an action); an error is kept typed and worded when read (`From<AppError>`, in
//! `app_error`).

use std::sync::Arc;

use leptos::prelude::*;

/// How to word a sentence, in the language of the moment it is read.
#[derive(Clone)]
pub struct Words(Arc<dyn Fn() -> String + Send + Sync>);

impl Words {
    /// `say` makes the sentence each time it is read (`tr!` inside, with what it needs moved in).
    pub fn new(say: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Words(Arc::new(say))
    }

    /// The sentence in the interface's language now (tracked: re-read on a switch).
    pub fn text(&self) -> String {
        (self.0)()
    }

    /// The sentence `kept` holds, for a component that shows text: worded as it is read, so
    /// again on a switch.
    pub fn shown(kept: RwSignal<Option<Words>>) -> Signal<Option<String>> {
        Signal::derive(move || kept.get().map(|words| words.text()))
    }
}
