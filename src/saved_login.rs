//! The login kept for this tab (sessionStorage), so a reload does not sign the agent out.
//! It is removed on sign-out and never leaves the tab.

use serde::{Deserialize, Serialize};

const KEY: &str = "tandem.login";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLogin {
    pub server: String,
    pub username: String,
    pub password: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn load() -> Option<SavedLogin> {
    serde_json::from_str(&storage()?.get_item(KEY).ok()??).ok()
}

pub fn save(login: &SavedLogin) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(login)) {
        let _ = s.set_item(KEY, &json);
    }
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
