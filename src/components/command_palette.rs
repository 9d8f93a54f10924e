//! The command palette (Ctrl/⌘+K) and the list of shortcuts (`?`): two dialogs over the inbox.

use leptos::prelude::*;
use tandem_core::commands::{palette_find, Command};

use crate::command_words;
use crate::tr_live;

/// * `open`: whether it shows; it closes itself (Escape, a click outside, a command run).
/// * `commands`: what the screen offers now; `on_run` runs the one picked.
///
/// Typing filters by the start of words, in the interface's language; ↑ ↓ move, Enter runs.
/// Focus goes back where it was.
#[component]
pub fn CommandPalette(open: RwSignal<bool>, commands: Signal<Vec<Command>>, on_run: Callback<Command>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let current = RwSignal::new(0usize);
    let input = NodeRef::<leptos::html::Input>::new();
    // Matched against the words the agent reads (tracked: a switch of language ranks again).
    let found = Memo::new(move |_| {
        let typed = typed.get();
        let labelled = commands.get().into_iter().filter(|c| *c != Command::OpenPalette).map(|c| (c, command_words::command(c)));
        palette_find(&typed, labelled)
    });
    let returns_to = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        if open.get() {
            returns_to.set_value(active_element());
            typed.set(String::new());
            current.set(0);
            request_animation_frame(move || {
                if let Some(input) = input.get_untracked() {
                    let _ = input.focus();
                }
            });
        }
    });
    let close = move || {
        open.set(false);
        if let Some(element) = returns_to.get_value() {
            let _ = element.focus();
        }
    };
    let run = move |command: Command| {
        close();
        on_run.run(command);
    };
    let on_keydown = move |e: leptos::ev::KeyboardEvent| {
        let count = found.with(Vec::len);
        match e.key().as_str() {
            "Escape" => close(),
            "ArrowDown" if count > 0 => current.update(|c| *c = (*c + 1) % count),
            "ArrowUp" if count > 0 => current.update(|c| *c = (*c + count - 1) % count),
            "Enter" if !e.is_composing() => {
                if let Some(command) = found.with(|f| f.get(current.get_untracked()).copied()) {
                    run(command);
                }
            }
            _ => return,
        }
        e.prevent_default();
    };
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| close()></div>
            <div class="palette" role="dialog" aria-modal="true" aria-label=tr_live!(keys.open_palette)>
                <input
                    class="palette-input"
                    node_ref=input
                    role="combobox"
                    aria-expanded="true"
                    aria-controls="palette-list"
                    aria-label=tr_live!(keys.type_command)
                    placeholder=tr_live!(keys.type_command)
                    dir="auto"
                    autocomplete="off"
                    prop:value=typed
                    on:input=move |e| {
                        typed.set(event_target_value(&e));
                        current.set(0);
                    }
                    on:keydown=on_keydown
                />
                <ul class="palette-list" id="palette-list" role="listbox" aria-label=tr_live!(keys.commands)>
                    {move || {
                        found
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, command)| {
                                let chosen = move || current.get() == i;
                                view! {
                                    <li role="option" class="palette-item" class:chosen=chosen aria-selected=move || chosen().to_string()
                                        on:mousemove=move |_| current.set(i) on:click=move |_| run(command)>
                                        <span>{move || command_words::command(command)}</span>
                                        <kbd>{command.keys()}</kbd>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    {move || found.with(Vec::is_empty).then(|| view! { <li class="palette-none">{tr_live!(keys.no_match)}</li> })}
                </ul>
            </div>
        </Show>
    }
}

/// The list of shortcuts (`?`); Escape or the button closes it.
#[component]
pub fn ShortcutsHelp(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)></div>
            <div class="shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{tr_live!(keys.show_shortcuts)}</h2>
                <dl>
                    {Command::all()
                        .into_iter()
                        .map(|c| view! { <div class="shortcut"><dt><kbd>{c.keys()}</kbd></dt><dd>{move || command_words::command(c)}</dd></div> })
                        .collect_view()}
                </dl>
                <button class="primary" autofocus on:click=move |_| open.set(false)>{tr_live!(keys.close_help)}</button>
            </div>
        </Show>
    }
}

fn active_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?.document()?.active_element()?.dyn_into::<web_sys::HtmlElement>().ok()
}
