//! The offline app shell's service worker (`sw.js`) is registered by the page's early script
//! (`sw-register.js`) once the first screen is up, not while it comes: on a browser's first visit
//! its install fetches every part of the app, which would compete with the sign-in's requests and
//! the first rows. This tells the early script that the first rows are on screen (it registers
//! anyway a few seconds after the page loaded, for a screen without rows), and that a sign-in has
//! begun (its rows are on their way: the few seconds count again from then, longer).

/// The event the early script registers at.
const FIRST_SCREEN: &str = "tandem:first-screen";
/// The event that puts the early script's registration off.
const SIGN_IN: &str = "tandem:sign-in";

/// The first rows are on screen.
pub fn first_screen_shown() {
    tell(FIRST_SCREEN);
}

/// A sign-in has begun.
pub fn sign_in_started() {
    tell(SIGN_IN);
}

fn tell(name: &str) {
    let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(name)) else { return };
    let _ = window.dispatch_event(&event);
}
