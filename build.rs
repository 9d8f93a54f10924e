//! Compiles the interface's message catalogs (`locales/<language>/<part>.json`) into the `i18n`
//! module (src/i18n.rs). A key missing from a language, or a placeholder that differs, is
//! reported here at build time, never found by an agent.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// One catalog file per part of the app, so each stays short (ARCHITECTURE.md, "Languages").
const PARTS: [&str; 8] = ["common", "signin", "inbox", "conversation", "composer", "settings", "keys", "errors"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Placeholders take any `Display` value (`tr!` gives strings, never views).
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")?.add_locale("ar")?.add_locale("zh")?.add_namespaces(PARTS)?.parse_options(options);
    let catalogs = TranslationsInfos::parse(config)?;
    catalogs.emit_diagnostics();
    catalogs.rerun_if_locales_changed();
    catalogs.generate_i18n_module(out)?;
    Ok(())
}
