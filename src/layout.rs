//! Sizes the app's stylesheet gives its parts, for code that needs them before anything is drawn:
//! how many thread rows a window shows decides how many threads a sign-in asks for first.

/// Height of a thread row, in CSS pixels (style/app.css fits a row into it; the virtual list
/// places rows by it).
pub const THREAD_ROW_HEIGHT: f64 = 76.0;

/// How many thread rows this window's height holds (0 where it cannot be read).
pub fn thread_rows_in_window() -> u64 {
    let height = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(0.0);
    (height / THREAD_ROW_HEIGHT).ceil().max(0.0) as u64
}
