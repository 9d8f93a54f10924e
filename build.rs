//! Compiles the interface's message catalogs (`locales/<language>/<part>.json`) into the `i18n`
//! module (src/i18n.rs). A key missing from a language, or a placeholder that differs, is
//! reported here at build time, never found by an agent.
//!
//! This is what `leptos_i18n_build::TranslationsInfos` does, with its parser and code generator
//! called directly: that crate also compiles ICU's data exporter, which Tandem never runs.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;

/// One catalog file per part of the app, so each stays short (ARCHITECTURE.md, "Languages").
const PARTS: [&str; 8] = ["common", "signin", "inbox", "conversation", "composer", "settings", "keys", "errors"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Placeholders take any `Display` value (`tr!` gives strings, never views).
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")?.add_locale("ar")?.add_locale("zh")?.add_namespaces(PARTS)?.parse_options(options);
    let catalogs = parse_locales(None, config)?;
    for path in catalogs.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    for warning in catalogs.diag.warnings().iter() {
        println!("cargo::warning={warning}");
    }
    for error in catalogs.diag.errors().iter() {
        println!("cargo::error={error}");
    }
    let module = leptos_i18n_codegen::gen_code(&catalogs, None, false, None, true)?;
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("mod.rs"), module.to_string())?;
    Ok(())
}
