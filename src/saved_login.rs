//! The login kept so a reload does not sign the agent out: for this tab only (sessionStorage) by
//! default, or on this device (localStorage) when the agent chose "Remember me". It is removed
//! from both on sign-out.

use serde::{Deserialize, Serialize};

const KEY: &str = "tandem.login";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedLogin {
    pub server: String,
    pub username: String,
    /// The password, or the API token when `token`.
    pub password: String,
    pub token: bool,
    /// Kept on this device, beyond the tab.
    pub remember: bool,
}

fn tab() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn device() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(storage: Option<web_sys::Storage>) -> Option<SavedLogin> {
    tandem_core::json::parse(&storage?.get_item(KEY).ok()??).ok()
}

/// This tab's login, else the one remembered on this device.
pub fn load() -> Option<SavedLogin> {
    read(tab()).or_else(|| read(device()))
}

pub fn save(login: &SavedLogin) {
    clear();
    let storage = if login.remember { device() } else { tab() };
    if let (Some(s), Ok(json)) = (storage, serde_json::to_string(login)) {
        let _ = s.set_item(KEY, &json);
    }
}

pub fn clear() {
    for storage in [tab(), device()].into_iter().flatten() {
        let _ = storage.remove_item(KEY);
    }
}
