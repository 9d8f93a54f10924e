//! A reload's first paint: the screen the agent left, drawn as text by `/first-paint.js` before
//! the wasm has downloaded, from a snapshot `first_paint.js` keeps shortly after a change, and
//! again when the page is hidden or left if it changed since (issue 12). The app removes it once
//! its own list is on the screen, or at once on a screen that has no list, and forgets it with
//! the login at sign-out.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/first_paint.js")]
extern "C" {
    #[wasm_bindgen(js_name = watchFirstPaint)]
    fn watch_js(at_most_ms: u32);
    #[wasm_bindgen(js_name = dropFirstPaint)]
    fn drop_js();
    #[wasm_bindgen(js_name = forgetFirstPaint)]
    fn forget_js();
}

/// How long a snapshot may stay at most when the app never shows a list (a failed read, an empty
/// mailbox): it is an old picture, never a substitute for the app's own screen.
const AT_MOST_MS: u32 = 3_000;

/// At start: keep the screen when the agent leaves, and make sure the picture goes in time.
pub fn install() {
    watch_js(AT_MOST_MS);
}

/// The app's own screen is up (its list, or a screen without one): the picture goes.
pub fn replaced() {
    drop_js();
}

/// Signing out: the snapshot goes with the login.
pub fn forget() {
    forget_js();
}
