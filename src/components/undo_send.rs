//! The bar that follows a send: the reply is held for a few seconds (by the server, or by this
//! device where the server cannot hold mail), with a countdown and a button that takes it back
//! into the composer.

use leptos::prelude::*;

use crate::intl;
use crate::tr;
use crate::tr_live;

/// * `seconds_left`: the countdown; the bar shows while it is `Some`.
/// * `on_undo`: the agent takes the reply back.
/// * `undoing`: a take-back is in progress (the button waits).
/// * `on_device`: this device holds the reply (the server cannot): it leaves only while Tandem is
///   open, which the bar says.
#[component]
pub fn UndoSend(seconds_left: Signal<Option<u32>>, undoing: Signal<bool>, on_undo: Callback<()>, on_device: Signal<bool>) -> impl IntoView {
    view! {
        <Show when=move || seconds_left.get().is_some()>
            <div class="undo-send" role="status">
                <span>{move || match seconds_left.get() {
                    Some(0) | None => tr!(composer.undo.sending),
                    Some(s) => tr!(composer.undo.sends_in, seconds = intl::number(s as usize)),
                }}</span>
                <Show when=move || on_device.get()>
                    <span class="undo-on-device">{tr_live!(composer.undo.on_device)}</span>
                </Show>
                <button type="button" class="action" disabled=undoing on:click=move |_| on_undo.run(())>{tr_live!(composer.undo.button)}</button>
            </div>
        </Show>
    }
}
