//! The interface's words: English built in, Arabic and Chinese fetched when an agent first needs
//! them. A message is read by its key's constant (`crate::i18n::keys::…`, compiled by build.rs
//! from `locales/`) with [`td_string!`](crate::td_string), or in the language now with
//! [`tr!`](crate::tr).
//!
//! Why not leptos_i18n's own code (which build.rs still uses to check the catalogs): it compiles
//! every language into the app, ~14 KB brotli of words no English agent reads, and its way of
//! fetching them makes every message's reading asynchronous and fetches English too. Here one
//! language's catalog (its parts merged by scripts/catalogs-hook.mjs, named with a content hash in
//! index.html's `#tandem-catalogs` template, so the service worker keeps it for offline use) is
//! fetched once and kept; until it is here the interface stays in the language it shows
//! (`language`), and a message missing from it is said in English.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Display;
use std::rc::Rc;

use futures::future::{LocalBoxFuture, Shared};
use futures::FutureExt;
use tandem_core::text::placeholders::{pieces, Piece};
use wasm_bindgen::JsCast;

use crate::i18n::{Locale, ENGLISH, KEYS};

/// A message of the catalogs: its id, and the names of its placeholders (`{{ name }}`).
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub id: usize,
    pub placeholders: &'static [&'static str],
}

impl Key {
    pub const fn new(id: usize, placeholders: &'static [&'static str]) -> Self {
        Key { id, placeholders }
    }

    /// Whether `given` names each placeholder of the message once, and nothing else
    /// (`td_string!` asserts it as a constant: otherwise the build fails).
    pub const fn fits(self, given: &[&str]) -> bool {
        if given.len() != self.placeholders.len() {
            return false;
        }
        let mut i = 0;
        while i < given.len() {
            let mut found = false;
            let mut j = 0;
            while j < self.placeholders.len() {
                found |= same(given[i], self.placeholders[j]);
                j += 1;
            }
            if !found {
                return false;
            }
            i += 1;
        }
        true
    }
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A message in `locale`, its placeholders filled: `td_string!(locale, part.key)` or
/// `td_string!(locale, part.key, name = value, …)`. A key or a placeholder the catalogs do not
/// have does not compile.
#[macro_export]
macro_rules! td_string {
    ($locale:expr, $part:ident $(. $key:ident)+ $(, $name:ident = $value:expr)* $(,)?) => {{
        const KEY: $crate::catalogs::Key = $crate::i18n::keys::$part $(::$key)+;
        const _: () = assert!(KEY.fits(&[$(stringify!($name)),*]), "the message has other placeholders");
        $crate::catalogs::say($locale, KEY, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    }};
}

/// One language's messages, by id (`None`: missing, said in English).
type Catalog = Vec<Option<Box<str>>>;

/// A catalog's fetch, shared by whoever waits for it.
type Fetching = Shared<LocalBoxFuture<'static, Result<(), CatalogError>>>;

thread_local! {
    static KEPT: RefCell<HashMap<Locale, Rc<Catalog>>> = RefCell::new(HashMap::new());
    static FETCHING: RefCell<HashMap<Locale, Fetching>> = RefCell::new(HashMap::new());
}

/// The message `key` in `locale` with its placeholders filled (see [`td_string!`]).
pub fn say(locale: Locale, key: Key, values: &[(&str, &dyn Display)]) -> String {
    // `try_borrow`: the crash screen words itself from a panic, which may have come mid-install.
    let kept = (locale != Locale::en).then(|| KEPT.with(|k| k.try_borrow().ok()?.get(&locale).cloned())).flatten();
    let message = kept.as_ref().and_then(|c| c.get(key.id)?.as_deref()).unwrap_or(ENGLISH[key.id]);
    fill(message, values)
}

/// `message` with each `{{ name }}` replaced by the value of that name (an unknown name by
/// nothing; a `{{` never closed stays as it is).
pub fn fill(message: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(message.len());
    for piece in pieces(message) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Placeholder { inside, .. } => {
                if let Some((_, value)) = values.iter().find(|(n, _)| *n == inside.trim()) {
                    out.push_str(&value.to_string());
                }
            }
        }
    }
    out
}

/// Whether `locale`'s words are here (English always is).
pub fn is_here(locale: Locale) -> bool {
    locale == Locale::en || KEPT.with(|k| k.borrow().contains_key(&locale))
}

/// Why a language's words could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// This build names no catalog for the language (a build without catalogs-hook.mjs).
    NotInBuild,
    /// The fetch failed or was answered with an error (offline before it was kept).
    Unreachable(String),
    /// What came is not a catalog.
    Unreadable(String),
}

/// Keeps `locale`'s catalog, given as its parts' JSON merged (`{"common": {…}, …}`).
pub fn install(locale: Locale, json: &str) -> Result<(), CatalogError> {
    let parts: serde_json::Value = tandem_core::json::parse(json).map_err(|e| CatalogError::Unreadable(e.to_string()))?;
    let mut catalog: Catalog = vec![None; KEYS.len()];
    let mut found = 0;
    read_into(&parts, &mut String::new(), &mut catalog, &mut found);
    if found == 0 {
        return Err(CatalogError::Unreadable("no message of this build".into()));
    }
    KEPT.with(|k| k.borrow_mut().insert(locale, Rc::new(catalog)));
    Ok(())
}

/// Puts every string of `value` under `key` into its id's place, when the build has that key.
fn read_into(value: &serde_json::Value, key: &mut String, catalog: &mut Catalog, found: &mut usize) {
    match value {
        serde_json::Value::Object(map) => {
            for (name, inner) in map {
                let length = key.len();
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(name);
                read_into(inner, key, catalog, found);
                key.truncate(length);
            }
        }
        serde_json::Value::String(message) => {
            if let Ok(id) = KEYS.binary_search(&key.as_str()) {
                catalog[id] = Some(message.as_str().into());
                *found += 1;
            }
        }
        _ => {}
    }
}

/// Fetches and keeps `locale`'s catalog, which this build names by the language's `tag`. Callers
/// at the same time share one request (the menu fetches ahead, then the pick waits for it).
pub async fn fetch(locale: Locale, tag: &str) -> Result<(), CatalogError> {
    let fetching = FETCHING.with(|f| f.borrow().get(&locale).cloned());
    let fetching = fetching.unwrap_or_else(|| {
        let url = named(tag);
        let shared = async move { fetch_from(locale, url).await }.boxed_local().shared();
        FETCHING.with(|f| f.borrow_mut().insert(locale, shared.clone()));
        shared
    });
    let fetched = fetching.clone().await;
    FETCHING.with(|f| {
        let mut f = f.borrow_mut();
        if f.get(&locale).is_some_and(|now| now.ptr_eq(&fetching)) {
            f.remove(&locale);
        }
    });
    fetched
}

async fn fetch_from(locale: Locale, url: Option<String>) -> Result<(), CatalogError> {
    let url = url.ok_or(CatalogError::NotInBuild)?;
    let response = gloo_net::http::Request::get(&url).send().await.map_err(|e| CatalogError::Unreachable(e.to_string()))?;
    if !response.ok() {
        return Err(CatalogError::Unreachable(format!("HTTP {}", response.status())));
    }
    let json = response.text().await.map_err(|e| CatalogError::Unreachable(e.to_string()))?;
    install(locale, &json)
}

/// The address of the catalog of the language tagged `tag` in this build (index.html's
/// `#tandem-catalogs`).
fn named(tag: &str) -> Option<String> {
    let template = web_sys::window()?.document()?.get_element_by_id("tandem-catalogs")?;
    let template: web_sys::HtmlTemplateElement = template.dyn_into().ok()?;
    let selector = format!("link[hreflang=\"{tag}\"]");
    template.content().query_selector(&selector).ok()??.get_attribute("href")
}

/// A language's catalog merged as the build's hook merges it, from `locales/<language>/` (for the
/// browser tests, whose runner has no build to fetch it from; only they embed it).
#[macro_export]
macro_rules! catalog_from_sources {
    ($language:literal) => {
        $crate::catalog_from_sources!($language: common signin inbox conversation composer settings keys errors)
    };
    ($language:literal: $($part:ident)*) => {
        $crate::catalogs::merged(&[$((
            stringify!($part),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", $language, "/", stringify!($part), ".json")),
        )),*])
    };
}

/// Parts' JSON texts as one catalog (`{"common": {…}, …}`), as [`install`] takes it.
pub fn merged(parts: &[(&str, &str)]) -> String {
    let parts: Vec<String> = parts.iter().map(|(part, json)| format!("{part:?}:{json}")).collect();
    format!("{{{}}}", parts.join(","))
}

/// Keeps the Arabic and Chinese catalogs from the sources (the app's own browser tests).
#[cfg(test)]
pub(crate) fn install_from_sources() {
    for (locale, json) in [(Locale::ar, crate::catalog_from_sources!("ar")), (Locale::zh, crate::catalog_from_sources!("zh"))] {
        install(locale, &json).expect("the catalogs in locales/ are whole");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name_and_hostile_messages_never_panic() {
        let count: &dyn Display = &3;
        assert_eq!(fill("{{ count }} changes, {{count}} in all", &[("count", count)]), "3 changes, 3 in all");
        assert_eq!(fill("{{ who }} left", &[]), " left");
        assert_eq!(fill("a {{ b", &[]), "a {{ b");
        assert_eq!(fill("}} {{}} {{ {{ x }}", &[]), "}}  ");
        for message in ["{{", "}}", "{{}}", "{{{{}}}}", "é{{é}}é", "{{ x }}}", "{", "", "🙂{{🙂"] {
            let _ = fill(message, &[("x", count)]);
        }
    }

    #[test]
    fn the_sources_catalogs_hold_every_message_of_this_build() {
        install_from_sources();
        for locale in [Locale::ar, Locale::zh] {
            let kept = KEPT.with(|k| k.borrow().get(&locale).cloned()).expect("kept");
            let missing: Vec<&str> = kept.iter().zip(KEYS).filter(|(m, _)| m.is_none()).map(|(_, k)| k).collect();
            assert!(missing.is_empty(), "{locale:?} lacks {missing:?}");
        }
        let status = crate::i18n::keys::common::status_open;
        assert_eq!(say(Locale::en, status, &[]), "Open");
        assert_eq!(say(Locale::ar, status, &[]), "مفتوحة");
        assert!(install(Locale::ar, "[1, 2]").is_err() && install(Locale::ar, "{").is_err());
        assert_eq!(say(Locale::ar, status, &[]), "مفتوحة", "a bad catalog leaves the kept one");
    }

    #[test]
    fn a_key_fits_exactly_its_placeholders_in_any_order() {
        assert!(Key::new(0, &["a", "b"]).fits(&["b", "a"]));
        assert!(Key::new(0, &[]).fits(&[]));
        assert!(!Key::new(0, &["a"]).fits(&["b"]));
        assert!(!Key::new(0, &["a"]).fits(&[]));
        assert!(!Key::new(0, &["a"]).fits(&["a", "a"]));
        assert!(!Key::new(0, &["ab"]).fits(&["a"]));
    }
}
