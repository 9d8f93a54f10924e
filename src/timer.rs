//! Waiting in the browser: a `setTimeout` as a future.

use std::time::Duration;

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
