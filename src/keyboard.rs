//! Keyboard first: one listener turns keys into the core's commands (`core::commands`) and runs
//! the handler the screen registered for it ([`Keyboard::on`]: the inbox registers moving between
//! conversations and going to views, the conversation its actions). A key typed into a field, or
//! while an input method composes (Arabic, Chinese), is never taken (Escape leaves the field);
//! Ctrl/⌘+K opens the command palette from anywhere, which lists the commands the screen offers
//! now.

use std::cell::Cell;

use leptos::prelude::*;
use tandem_core::commands::{Command, KeyPress, Keymap};
use wasm_bindgen::JsCast;

/// A handler registered by a screen, while it is on screen.
#[derive(Clone, Copy)]
struct Handler {
    id: u64,
    command: Command,
    run: Callback<()>,
}

/// The shortcuts, the palette and the shortcuts list, in context for the inbox page.
#[derive(Clone, Copy)]
pub struct Keyboard {
    handlers: RwSignal<Vec<Handler>>,
    /// The command palette is open.
    pub palette: RwSignal<bool>,
    /// The list of shortcuts (`?`) is open.
    pub help: RwSignal<bool>,
}

thread_local!(static NEXT_ID: Cell<u64> = const { Cell::new(0) });

impl Keyboard {
    /// Creates the context and listens to the window's keys while its owner lives.
    pub fn provide() -> Self {
        let keyboard = Keyboard { handlers: RwSignal::new(Vec::new()), palette: RwSignal::new(false), help: RwSignal::new(false) };
        provide_context(keyboard);
        let keymap = StoredValue::new(Keymap::default());
        let listener = window_event_listener(leptos::ev::keydown, move |e| {
            if e.default_prevented() || e.is_composing() || e.repeat() && e.key() != "j" && e.key() != "k" {
                return;
            }
            let press = KeyPress { key: &e.key(), command: e.ctrl_key() || e.meta_key(), alt: e.alt_key() };
            let typing = typing_in(e.target());
            // What is typed into a field is text, not the start of a `g` sequence.
            if typing && !press.command && press.key != "Escape" {
                keymap.try_set_value(Keymap::default());
                return;
            }
            let command = keymap.try_update_value(|k| k.press(&press)).flatten();
            match command {
                // Escape leaves a field (its text stays), so the shortcuts work again.
                Some(Command::BackToList) if typing && e.key() == "Escape" => blur(e.target()),
                Some(Command::OpenPalette) => {
                    e.prevent_default();
                    keyboard.help.set(false);
                    keyboard.palette.set(true);
                }
                // Escape before the palette's field has the focus still closes it.
                Some(Command::BackToList) if keyboard.palette.get_untracked() && e.key() == "Escape" => keyboard.palette.set(false),
                Some(_) if typing || keyboard.palette.get_untracked() => {}
                Some(Command::BackToList) if keyboard.help.get_untracked() => keyboard.help.set(false),
                Some(command) if keyboard.run(command) => e.prevent_default(),
                _ => {}
            }
        });
        on_cleanup(move || listener.remove());
        keyboard.on(Command::ShowShortcuts, move || keyboard.help.update(|h| *h = !*h));
        keyboard
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// Runs `run` on `command` while the current owner (the screen) lives. The latest
    /// registration of a command wins (the open conversation's over the list's).
    pub fn on(&self, command: Command, run: impl Fn() + Send + Sync + 'static) {
        let id = NEXT_ID.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        self.handlers.update(|h| h.push(Handler { id, command, run: Callback::new(move |()| run()) }));
        let handlers = self.handlers;
        on_cleanup(move || {
            handlers.try_update(|h| h.retain(|x| x.id != id));
        });
    }

    /// Runs the handler of `command`, if the screen offers it; says whether one ran.
    pub fn run(&self, command: Command) -> bool {
        let handler = self.handlers.with_untracked(|h| h.iter().rev().find(|x| x.command == command).copied());
        match handler {
            Some(h) => {
                h.run.run(());
                true
            }
            None => false,
        }
    }

    /// The commands the screen offers now, in the order of `Command::all` (tracked).
    pub fn available(&self) -> Vec<Command> {
        let offered: Vec<Command> = self.handlers.with(|h| h.iter().map(|x| x.command).collect());
        Command::all().into_iter().filter(|c| offered.contains(c)).collect()
    }
}

/// Whether a key pressed on `target` is typed into a field.
pub fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return false };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || element.is_content_editable()
}

fn blur(target: Option<web_sys::EventTarget>) {
    if let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.blur();
    }
}

/// Focuses the first element `selector` finds (a menu the agent then opens with the keyboard).
pub fn focus(selector: &str) {
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = found {
        let _ = element.focus();
    }
}
