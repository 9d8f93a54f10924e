//! The interface's language: English, Arabic (laid out right to left) or Chinese (Simplified).
//! It follows the browser's languages until the agent picks one, which this device keeps
//! (`localStorage`; `sw-register.js` reads it to set `lang` and `dir` before the first paint, so
//! an Arabic screen never flashes left to right).
//!
//! The words are in the catalogs, `locales/<language>/<part>.json`, which build.rs checks and
//! compiles into `crate::i18n` with leptos_i18n (a key missing from a language is reported at
//! build time). Views and services read them with [`tr!`](crate::tr) in the language now. The
//! language itself is one signal here rather than leptos_i18n's context, which brings a cookie
//! library, a date-time library and locale negotiation (~40 KB brotli) for what is one
//! `localStorage` key and a prefix match on `navigator.languages`.
//! Dates and numbers are the browser's `Intl`, in the same language (`intl`).

use leptos::prelude::*;

use crate::i18n::Locale;

/// Where this device keeps the agent's choice (read by `sw-register.js` too).
pub const KEY: &str = "tandem.language";

thread_local! {
    static NOW: RwSignal<Locale> = RwSignal::new(initial());
}

/// The language now, tracked: a view that reads it is written again when the agent switches.
pub fn current() -> Locale {
    NOW.with(|now| now.get())
}

/// Switches the interface's language, keeps the choice on this device and shows it now.
pub fn choose(locale: Locale) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, tag(locale));
    }
    show_on_page(locale);
    NOW.with(|now| now.set(locale));
}

/// Sets `<html lang dir>` for the language at start (the early script may have done it already).
pub fn start() {
    show_on_page(NOW.with(|now| now.get_untracked()));
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The agent's choice on this device, else the first of the browser's languages the interface
/// speaks, else English.
fn initial() -> Locale {
    let chosen = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    let browser = web_sys::window().map(|w| w.navigator().languages().iter().filter_map(|l| l.as_string()).collect::<Vec<_>>());
    chosen.into_iter().chain(browser.unwrap_or_default()).find_map(|tag| matching(&tag)).unwrap_or(Locale::en)
}

/// The interface language a BCP 47 tag asks for, by its primary subtag ("ar-EG" → Arabic,
/// "zh-TW" → Chinese: Simplified is the only Chinese there is).
pub fn matching(tag: &str) -> Option<Locale> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    ALL.into_iter().find(|l| self::tag(*l).split('-').next() == Some(primary.as_str()))
}

fn show_on_page(locale: Locale) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let _ = root.set_attribute("lang", tag(locale));
    let _ = root.set_attribute("dir", if is_rtl(locale) { "rtl" } else { "ltr" });
}

/// Whether the language is written right to left (the whole layout is mirrored).
pub fn is_rtl(locale: Locale) -> bool {
    locale == Locale::ar
}

/// The language's tag, for the browser's `Intl`, for `lang` and for the kept choice.
pub fn tag(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::ar => "ar",
        Locale::zh => "zh-Hans",
    }
}

/// Each language's own name for itself, as a language menu shows it whatever the interface's
/// language is (an agent who cannot read the current one still finds theirs).
pub fn own_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::ar => "العربية",
        Locale::zh => "简体中文",
    }
}

/// Every language the interface speaks, in the menu's order.
pub const ALL: [Locale; 3] = [Locale::en, Locale::ar, Locale::zh];

/// A message of the catalogs in the language now, as a `String`: `tr!(part.key)` or, with
/// placeholders, `tr!(part.key, name = value)`. Tracked: inside a closure in a view
/// (`{move || tr!(inbox.title)}`) it follows a switch of language.
#[macro_export]
macro_rules! tr {
    ($($message:tt)+) => {
        $crate::i18n::td_string!($crate::language::current(), $($message)+).to_string()
    };
}
