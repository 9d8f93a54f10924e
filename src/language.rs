//! The interface's language: English, Arabic (laid out right to left) or Chinese (Simplified).
//! It follows the browser's languages until the agent picks one, which this device keeps
//! (`localStorage`; `sw-register.js` reads it to set `lang` and `dir` before the first paint, so
//! an Arabic screen never flashes left to right).
//!
//! The words are in the catalogs, `locales/<language>/<part>.json`, which build.rs checks and
//! compiles into `crate::i18n` (a key missing from a language is reported at build time). Views
//! and services read them with [`tr!`](crate::tr) in the language now. English is built in; the
//! others are fetched when first needed (`catalogs`): the app starts once the agent's language
//! is here ([`start`]), and a switch shows the new language once its words are. A language whose
//! words cannot be fetched (offline before they were kept) leaves the interface as it was, and
//! the language menu says so ([`unavailable`]).
//! The language itself is one signal here rather than leptos_i18n's context, which brings a
//! cookie library, a date-time library and locale negotiation (~40 KB brotli) for what is one
//! `localStorage` key and a prefix match on `navigator.languages`.
//! Dates and numbers are the browser's `Intl`, in the same language (`intl`).

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::catalogs;
use crate::i18n::Locale;

/// Where this device keeps the agent's choice (read by `sw-register.js` too).
pub const KEY: &str = "tandem.language";

thread_local! {
    /// The language shown: English until another's words are here.
    static NOW: RwSignal<Locale> = RwSignal::new(Locale::en);
    /// The language last asked for, which a fetch that ends shows only if it still is.
    static WANTED: Cell<Locale> = const { Cell::new(Locale::en) };
    /// The language asked for whose words could not be fetched, while it is the one asked for.
    static UNAVAILABLE: RwSignal<Option<Locale>> = RwSignal::new(None);
}

/// The language now, tracked: a view that reads it is written again when the agent switches.
pub fn current() -> Locale {
    NOW.with(|now| now.get())
}

/// The language the agent asked for whose words could not be fetched (tracked), if any.
pub fn unavailable() -> Option<Locale> {
    UNAVAILABLE.with(|u| u.get())
}

/// Switches the interface's language and keeps the choice on this device; it shows once its
/// words are here (at once for one already fetched).
pub fn choose(locale: Locale) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, tag(locale));
    }
    if ask_for(locale) {
        spawn_local(fetch_then_show(locale));
    }
}

/// Fetches the words of every language not here yet, showing none: the agent has the language
/// menu in hand, and the pick that follows shows at once.
pub fn fetch_ahead() {
    for locale in ALL.into_iter().filter(|l| !catalogs::is_here(*l)) {
        spawn_local(async move {
            let _ = catalogs::fetch(locale, tag(locale)).await;
        });
    }
}

/// Shows the agent's language, then runs `then` (the app's mounting): at once when its words
/// are here (English), else once they are fetched or could not be (English shown then). Fetches
/// with wasm-bindgen's `spawn_local`: Leptos's executor starts with the app.
pub fn start(then: impl FnOnce() + 'static) {
    let wanted = initial();
    if ask_for(wanted) {
        spawn_local(async move {
            fetch_then_show(wanted).await;
            then();
        });
    } else {
        then();
    }
}

/// Asks for `locale`: shows it if its words are here, else says whether they must be fetched.
fn ask_for(locale: Locale) -> bool {
    WANTED.with(|w| w.set(locale));
    UNAVAILABLE.with(|u| u.set(None));
    if catalogs::is_here(locale) {
        show(locale);
        return false;
    }
    true
}

async fn fetch_then_show(locale: Locale) {
    let fetched = catalogs::fetch(locale, tag(locale)).await;
    if WANTED.with(|w| w.get()) != locale {
        return;
    }
    match fetched {
        Ok(()) => show(locale),
        Err(error) => {
            leptos::logging::warn!("The words of {} could not be had: {error:?}", tag(locale));
            show(NOW.with(|now| now.get_untracked()));
            UNAVAILABLE.with(|u| u.set(Some(locale)));
        }
    }
}

fn show(locale: Locale) {
    show_on_page(locale);
    NOW.with(|now| now.set(locale));
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
/// (`{move || tr!(inbox.count, count = n)}`) it follows a switch of language; a message without
/// placeholders is shown with [`tr_live!`].
#[macro_export]
macro_rules! tr {
    ($($message:tt)+) => {
        $crate::i18n::td_string!($crate::language::current(), $($message)+)
    };
}

/// The message `key` in the language shown (tracked), for a view's text or attribute. One
/// closure type for every message without placeholders: the views' code that renders it and
/// follows the language is made once, not once per message (see [`tr_live!`]).
pub fn live(key: crate::catalogs::Key) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || crate::catalogs::say(current(), key, &[])
}

/// `tr_live!(part.key)`: [`live`] of a message without placeholders, in a view in place of
/// `move || tr!(part.key)` (a key the catalogs do not have, or a message with placeholders, does
/// not compile).
#[macro_export]
macro_rules! tr_live {
    ($part:ident $(. $key:ident)+) => {{
        const KEY: $crate::catalogs::Key = $crate::i18n::keys::$part $(::$key)+;
        const _: () = assert!(KEY.fits(&[]), "the message has placeholders");
        $crate::language::live(KEY)
    }};
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use serde_json::Value;

    use super::*;

    #[test]
    fn a_browser_language_finds_the_interface_by_its_primary_subtag() {
        assert_eq!(matching("ar-EG"), Some(Locale::ar));
        assert_eq!(matching("ar"), Some(Locale::ar));
        assert_eq!(matching("zh-TW"), Some(Locale::zh));
        assert_eq!(matching("ZH_cn"), Some(Locale::zh));
        assert_eq!(matching("zh-Hans"), Some(Locale::zh));
        assert_eq!(matching("en-GB"), Some(Locale::en));
        assert_eq!(matching("fr-FR"), None);
        assert_eq!(matching(""), None);
        assert_eq!(matching("-"), None);
        // The kept choice is a tag this module wrote.
        assert!(ALL.iter().all(|l| matching(tag(*l)) == Some(*l)));
    }

    /// Every message of a catalog part, by its dotted key.
    fn messages(value: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| messages(v, &format!("{prefix}{k}."), out)),
            Value::String(s) => {
                out.insert(prefix.trim_end_matches('.').to_string(), s.clone());
            }
            other => panic!("{prefix}: a message is a string, not {other}"),
        }
    }

    fn placeholders(message: &str) -> Vec<String> {
        let mut names: Vec<String> =
            message.split("{{").skip(1).filter_map(|rest| rest.split("}}").next()).map(|n| n.trim().to_string()).collect();
        names.sort();
        names
    }

    /// What build.rs only warns about is a failure here: each language has every message of
    /// English, with the same placeholders, none empty, and nothing more.
    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let parts: Vec<String> =
            std::fs::read_dir(root.join("en")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert!(parts.len() >= 8, "the parts of the catalog: {parts:?}");
        let read = |language: &str, part: &str| {
            let text = std::fs::read_to_string(root.join(language).join(part)).unwrap_or_else(|e| panic!("{language}/{part}: {e}"));
            let mut out = BTreeMap::new();
            messages(&serde_json::from_str(&text).unwrap_or_else(|e| panic!("{language}/{part}: {e}")), "", &mut out);
            out
        };
        let mut total = 0;
        for part in &parts {
            let english = read("en", part);
            total += english.len();
            for language in ["ar", "zh"] {
                let other = read(language, part);
                let keys = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
                assert_eq!(keys(&other), keys(&english), "{language}/{part}: not the same messages as en/{part}");
                for (key, text) in &other {
                    assert!(!text.trim().is_empty(), "{language}/{part}: {key} is empty");
                    let (theirs, ours) = (placeholders(text), placeholders(&english[key]));
                    if is_counted_form(key) {
                        // "محادثتان" (two conversations) needs no number.
                        assert!(theirs.iter().all(|p| ours.contains(p)), "{language}/{part}: {key} has a placeholder English lacks");
                    } else {
                        assert_eq!(theirs, ours, "{language}/{part}: {key} has other placeholders than English");
                    }
                }
            }
        }
        assert!(total > 0);
    }

    const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

    /// A form of a counted message (`tr_count!`): `part.key.few`, beside `part.key.other`.
    fn is_counted_form(key: &str) -> bool {
        key.rsplit_once('.').is_some_and(|(_, form)| FORMS.contains(&form))
    }
}
