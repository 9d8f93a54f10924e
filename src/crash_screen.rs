//! What an agent sees if the app stops. The release build aborts on a panic (`panic = "abort"`):
//! the wasm instance is dead after it, so nothing of Leptos can run any more. The panic hook
//! therefore replaces the page with a plain DOM screen that needs no Rust to work: a sentence that
//! says the app stopped, a reload link (an `<a href>` to this page, no script), and the report to
//! send. The report goes in as text (`textContent`), never as markup: it may quote mail.
//!
//! The screen speaks the interface's language, read from `<html lang>` (which `language` keeps
//! set) rather than from its signal: nothing reactive may run once the app has stopped.

use web_sys::{Document, Element};

use crate::i18n::{td_string, Locale};

/// Installs the hook: the panic is logged to the console as before, then the screen is shown.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Replaces the page with the crash screen. Returns `None` (and leaves the page) if the DOM is not
/// there to change; never panics — it runs inside the panic hook.
pub fn show(report: &str) -> Option<()> {
    let screen = screen(report)?;
    let body = web_sys::window()?.document()?.body()?;
    body.set_text_content(None);
    body.append_child(&screen).ok()?;
    Some(())
}

/// The crash screen, not yet in the page.
pub fn screen(report: &str) -> Option<Element> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let l = page_locale(&document);
    let reload = element(&document, "a", "button", &td_string!(l, errors.crash_reload))?;
    reload.set_attribute("href", &window.location().href().ok()?).ok()?;
    let details = element(&document, "pre", "crash-report", &full_report(report))?;
    details.set_attribute("dir", "ltr").ok()?;
    let card = element(&document, "div", "crash-card", "")?;
    for child in [
        element(&document, "h1", "", &td_string!(l, errors.crash_title))?,
        element(&document, "p", "", &td_string!(l, errors.crash_text))?,
        reload,
        element(&document, "p", "crash-hint", &td_string!(l, errors.crash_hint))?,
        details,
    ] {
        card.append_child(&child).ok()?;
    }
    let screen = element(&document, "main", "crash-screen", "")?;
    screen.set_attribute("role", "alert").ok()?;
    screen.append_child(&card).ok()?;
    Some(screen)
}

/// The language the page is shown in (`<html lang>`), English if it says none the app speaks.
fn page_locale(document: &Document) -> Locale {
    let lang = document.document_element().and_then(|root| root.get_attribute("lang"));
    lang.and_then(|tag| crate::language::matching(&tag)).unwrap_or(Locale::en)
}

/// The panic message with what identifies the build and the browser.
fn full_report(panic: &str) -> String {
    let agent = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    format!("Tandem {}\n{panic}\n{agent}", env!("CARGO_PKG_VERSION"))
}

/// An element with a class and text (either may be empty).
fn element(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = document.create_element(tag).ok()?;
    el.set_class_name(class);
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Some(el)
}
