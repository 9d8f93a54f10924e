//! A piece of the screen whose code is a part (`code_parts`): nothing while the part is fetched
//! (one the service worker keeps comes in milliseconds), then the view it makes; a sentence and a
//! reload when it cannot come (offline before it was kept, or a newer version of Tandem replaced
//! it on the host).

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped;

use crate::code_parts::Unreachable;
use crate::tr_live;

#[derive(Clone, Copy, PartialEq)]
enum Code {
    Fetching,
    Here,
    Unreachable,
}

/// The view `load` makes, once its code is here, made under the caller's owner (with its
/// contexts); `unreachable` says, in the agent's language, what could not be loaded.
pub fn on_demand(load: impl Future<Output = Result<AnyView, Unreachable>> + 'static, unreachable: fn() -> String) -> impl IntoView {
    let code = RwSignal::new(Code::Fetching);
    let made = StoredValue::new_local(None::<AnyView>);
    spawn_local_scoped(async move {
        match load.await {
            Ok(view) => {
                made.set_value(Some(view));
                code.try_set(Code::Here);
            }
            Err(Unreachable) => {
                code.try_set(Code::Unreachable);
            }
        }
    });
    move || match code.get() {
        Code::Fetching => ().into_any(),
        Code::Here => made.try_update_value(Option::take).flatten().unwrap_or_else(|| ().into_any()),
        Code::Unreachable => view! {
            <div class="part-unreachable" role="alert">
                <p>{unreachable}</p>
                <button class="primary" on:click=|_| reload()>{tr_live!(errors.crash_reload)}</button>
            </div>
        }
        .into_any(),
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
