//! Checks the interface's message catalogs (`locales/<language>/<part>.json`) and compiles them
//! into the `i18n` module (src/catalogs.rs says how it is read).
//!
//! The check is leptos_i18n's parser: a key missing from a language, or a placeholder that
//! differs, is reported here at build time, never found by an agent. The code is written here:
//! an id and its placeholders for every key (so `tr!` with a key or a placeholder that does not
//! exist does not compile), the keys' names, and the English words. Only English is compiled in;
//! the other languages are fetched when an agent first needs them (scripts/catalogs-hook.mjs
//! puts them into the build).

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;

/// One catalog file per part of the app, so each stays short (ARCHITECTURE.md, "Languages").
const PARTS: [&str; 8] = ["common", "signin", "inbox", "conversation", "composer", "settings", "keys", "errors"];
/// The languages, the first built in (src/catalogs.rs); catalogs-hook.mjs names the same.
const LOCALES: [&str; 3] = ["en", "ar", "zh"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    println!("cargo::rerun-if-changed=locales");
    check()?;
    let mut messages = BTreeMap::new();
    for part in PARTS {
        let path = Path::new("locales").join(LOCALES[0]).join(format!("{part}.json"));
        let catalog: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
        flatten(&catalog, part, &mut messages).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("mod.rs"), module(&messages)?)?;
    Ok(())
}

/// leptos_i18n's parser on every language: its warnings and errors become the build's.
fn check() -> Result<(), Box<dyn Error>> {
    let options = ParseOptions::default().interpolate_display(true);
    let mut config = Config::new(LOCALES[0])?;
    for locale in &LOCALES[1..] {
        config = config.add_locale(locale)?;
    }
    let catalogs = parse_locales(None, config.add_namespaces(PARTS)?.parse_options(options))?;
    for path in catalogs.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    for warning in catalogs.diag.warnings().iter() {
        println!("cargo::warning={warning}");
    }
    for error in catalogs.diag.errors().iter() {
        println!("cargo::error={error}");
    }
    Ok(())
}

/// Every message of a catalog by its dotted key (`composer.outbox.labels`).
fn flatten(value: &serde_json::Value, key: &str, out: &mut BTreeMap<String, String>) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            let fits = k.starts_with(|c: char| c.is_ascii_lowercase())
                && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !fits {
                return Err(format!("{key}.{k}: a key is lower case letters, digits and _"));
            }
            flatten(v, &format!("{key}.{k}"), out)
        }),
        serde_json::Value::String(s) => {
            out.insert(key.to_string(), s.clone());
            Ok(())
        }
        other => Err(format!("{key}: a message is a string, not {other}")),
    }
}

/// The names of a message's placeholders (`{{ name }}`), in order of first use.
fn placeholders(message: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for piece in message.split("{{").skip(1) {
        if let Some(name) = piece.split("}}").next().map(str::trim).filter(|n| !names.iter().any(|m| m == n)) {
            names.push(name.to_string());
        }
    }
    names
}

/// The `i18n` module: the languages, the keys' names and English words by id, and a constant
/// per key (`keys::composer::outbox::labels`) nested as the catalogs are.
fn module(messages: &BTreeMap<String, String>) -> Result<String, std::fmt::Error> {
    let mut code = String::from("#[allow(non_upper_case_globals, clippy::all)]\npub mod i18n {\n");
    writeln!(code, "    /// The interface's languages, English first (built in).")?;
    writeln!(code, "    #[derive(Copy, Clone, Debug, Hash, PartialEq, Eq, Default)]\n    #[allow(non_camel_case_types)]")?;
    writeln!(code, "    pub enum Locale {{ #[default] {} }}", LOCALES.join(", "))?;
    writeln!(code, "    pub use crate::catalogs::Key;\n    pub use crate::td_string;")?;
    writeln!(
        code,
        "    /// Every key, by id (sorted).\n    pub static KEYS: [&str; {}] = {:?};",
        messages.len(),
        messages.keys().collect::<Vec<_>>()
    )?;
    writeln!(
        code,
        "    /// Every message in English, by id.\n    pub static ENGLISH: [&str; {}] = {:?};",
        messages.len(),
        messages.values().collect::<Vec<_>>()
    )?;
    code.push_str("    pub mod keys {\n");
    let mut open: Vec<&str> = Vec::new();
    for (id, (key, message)) in messages.iter().enumerate() {
        let path: Vec<&str> = key.split('.').collect();
        let (modules, name) = path.split_at(path.len() - 1);
        let shared = open.iter().zip(modules).take_while(|(a, b)| a == b).count();
        for _ in shared..open.len() {
            code.push_str("}\n");
        }
        open.truncate(shared);
        for module in &modules[shared..] {
            writeln!(code, "pub mod {module} {{ use crate::catalogs::Key;")?;
            open.push(module);
        }
        writeln!(code, "pub const {}: Key = Key::new({id}, &{:?});", name[0], placeholders(message))?;
    }
    code.push_str(&"}\n".repeat(open.len()));
    code.push_str("    }\n}\n");
    Ok(code)
}
