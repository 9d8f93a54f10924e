//! A message's blobs (attachments and inline images) as its views reach them: the signed-in
//! client and the account to download from, and which types may be previewed.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::auth::Auth;
use crate::web_transport::Client;

/// What a message needs to fetch its blobs: the signed-in client and the account.
#[derive(Clone)]
pub struct Blobs {
    pub client: Option<Arc<Client>>,
    pub account: String,
}

impl Blobs {
    pub fn here() -> Self {
        let account = use_context::<ArcMemo<ParamsMap>>().and_then(|p| p.with_untracked(|p| p.get("account"))).unwrap_or_default();
        let client = use_context::<Auth>().and_then(|a| a.client.try_get_untracked().flatten());
        Blobs { client, account }
    }
}

/// Raster images a preview may show (never SVG: a blob: URL of it opened in a tab would run its
/// script as the app).
pub fn previewable(mime_type: &str) -> bool {
    matches!(mime_type.to_ascii_lowercase().as_str(), "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/avif" | "image/bmp")
}
