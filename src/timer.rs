//! Waiting in the browser: a `setTimeout` as a future, and a moment for the main thread.

use std::time::Duration;

use wasm_bindgen::JsCast;

/// Resolves after `duration` (on the browser's event loop; never blocks).
pub async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, duration.as_millis().min(i32::MAX as u128) as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Gives the main thread a moment (to paint, to handle input) and goes on right after: the
/// browser's `scheduler.yield()` where it has one (the rest of the job keeps its place ahead of
/// other tasks), else a `setTimeout` of 0.
pub async fn yield_now() {
    let global = js_sys::global();
    let scheduler = js_sys::Reflect::get(&global, &"scheduler".into()).ok().filter(|s| s.is_object());
    let yield_fn =
        scheduler.as_ref().and_then(|s| js_sys::Reflect::get(s, &"yield".into()).ok()).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let (Some(scheduler), Some(yield_fn)) = (scheduler, yield_fn) {
        if let Ok(promise) = yield_fn.call0(&scheduler).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            return;
        }
    }
    sleep(Duration::ZERO).await;
}
