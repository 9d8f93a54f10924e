//! Light and dark: the system's choice, unless the agent picks one (kept on this device). The
//! choice is `html[data-theme]`, which style/app.css follows; `sw-register.js` sets it again
//! before the first paint of the next load, so a dark screen never flashes light.

use web_sys::Storage;

use crate::tr;

const KEY: &str = "tandem.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn name(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The one after, as the switch cycles: system → light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    /// What the switch says, in the agent's language (tracked).
    pub fn label(self) -> String {
        match self {
            Theme::System => tr!(inbox.theme_system),
            Theme::Light => tr!(inbox.theme_light),
            Theme::Dark => tr!(inbox.theme_dark),
        }
    }
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The agent's choice on this device.
pub fn chosen() -> Theme {
    match storage().and_then(|s| s.get_item(KEY).ok().flatten()).as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::System,
    }
}

/// Keeps `theme` on this device and shows it now.
pub fn choose(theme: Theme) {
    if let Some(storage) = storage() {
        let _ = match theme {
            Theme::System => storage.remove_item(KEY),
            other => storage.set_item(KEY, other.name()),
        };
    }
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.name()),
        };
    }
}
