//! The offline app shell's service worker (`sw.js`) is registered by the page's early script
//! (`sw-register.js`) once the first screen is up, not while it comes: on a browser's first visit
//! its install fetches every part of the app, which would compete with the sign-in's requests and
//! the first rows. This tells the early script that the first rows are on screen (it registers
//! anyway a few seconds after the page loaded, for a screen without rows).

/// The event the early script waits for.
const FIRST_SCREEN: &str = "tandem:first-screen";

/// The first rows are on screen.
pub fn first_screen_shown() {
    let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(FIRST_SCREEN)) else { return };
    let _ = window.dispatch_event(&event);
}
