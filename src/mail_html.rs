//! HTML mail as the sender wrote it, safely: the bindings to `mail_html.js` (DOMPurify loaded on
//! demand, sanitized once into a DOM fragment, shown in a sandboxed frame with its own CSP; see
//! docs/html-mail.md), blob downloads with the agent's credentials, and the senders whose remote
//! content the agent always shows (kept in the local copy).

use std::collections::BTreeSet;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::cache::IdbStore;
use crate::tr;
use crate::web_transport::Client;

#[wasm_bindgen(module = "/src/mail_html.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadPurify)]
    fn load_purify_js() -> Promise;
    /// Loads DOMPurify when the browser is next idle (the inbox has shown).
    #[wasm_bindgen(js_name = preloadPurify)]
    pub fn preload_sanitizer();
    #[wasm_bindgen(js_name = setWords)]
    fn set_words_js(words: &Object);
    #[wasm_bindgen(catch, js_name = sanitize)]
    fn sanitize_js(html: &str, allow_remote: bool, trusted: bool, cids: &Object) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = render)]
    fn render_js(iframe: &JsValue, html: &str, allow_remote: bool, trusted: bool, cids: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = blobUrl)]
    fn blob_url_js(url: &str, authorization: &str) -> Promise;
    #[wasm_bindgen(js_name = save)]
    fn save_js(url: &str, authorization: &str, name: &str) -> Promise;
    #[wasm_bindgen(js_name = revoke)]
    pub fn revoke_blob_url(url: &str);
}

/// Why HTML could not be shown (the text is shown instead), in the language now.
fn message_of(e: JsValue) -> String {
    Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).map_or_else(|| tr!(conversation.viewer_failed), |m| worded(&m))
}

/// `mail_html.js`'s own sentences in the language now; any other (the browser's) as it is.
fn worded(message: &str) -> String {
    match message {
        "This build has no HTML viewer." => tr!(conversation.viewer_missing),
        "The HTML viewer did not start." => tr!(conversation.viewer_did_not_start),
        "The HTML viewer could not be loaded." => tr!(conversation.viewer_not_loaded),
        "The HTML viewer is not loaded." => tr!(conversation.viewer_not_ready),
        "The message frame could not be opened." => tr!(conversation.frame_failed),
        _ => match message.strip_prefix("The server answered ").and_then(|m| m.strip_suffix('.')) {
            Some(status) if !status.is_empty() && status.bytes().all(|b| b.is_ascii_digit()) => {
                tr!(conversation.server_answered, status = status)
            }
            _ => message.to_string(),
        },
    }
}

/// Loads DOMPurify (once; later calls return at once).
pub async fn load_sanitizer() -> Result<(), String> {
    JsFuture::from(load_purify_js()).await.map(|_| ()).map_err(message_of)
}

/// What sanitizing found, besides the markup.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    /// Remote resources hidden (or, when shown, present).
    pub remote: u32,
    /// The mail sets its own colours (it is shown on white, as its sender saw it).
    pub colored: bool,
}

fn shown_of(value: &JsValue) -> Shown {
    let get = |name: &str| Reflect::get(value, &name.into()).ok();
    Shown {
        remote: get("remote").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32,
        colored: get("colored").and_then(|v| v.as_bool()).unwrap_or(false),
    }
}

/// `cid` → blob: URL, as the sanitizer takes it.
pub fn cid_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Object {
    let map = Object::new();
    for (cid, url) in pairs {
        let _ = Reflect::set(&map, &cid.into(), &url.into());
    }
    map
}

/// Sanitizes `html` as the frame would show it and returns the markup as a string: for tests
/// only (the app never serializes the sanitized DOM).
pub fn sanitize_to_string(html: &str, allow_remote: bool, trusted: bool, cids: &Object) -> Result<(String, Shown), String> {
    set_words();
    let out = sanitize_js(html, allow_remote, trusted, cids).map_err(message_of)?;
    let fragment = Reflect::get(&out, &"fragment".into()).map_err(message_of)?;
    let holder = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("div").ok()).ok_or("no document")?;
    holder.append_child(fragment.unchecked_ref()).map_err(message_of)?;
    Ok((holder.inner_html(), shown_of(&out)))
}

/// Gives the sanitizer the words of the link titles it writes, in the language now (`{host}`
/// and the like mark where the sanitizer puts a value).
fn set_words() {
    let words = Object::new();
    let mismatch = tr!(conversation.html_link_mismatch, host = "{host}", named = "{named}", target = "{target}");
    let _ = Reflect::set(&words, &"mismatch".into(), &mismatch.into());
    let _ = Reflect::set(&words, &"disabled".into(), &tr!(conversation.html_link_disabled, title = "{title}").into());
    set_words_js(&words);
}

/// Shows `html` in `iframe`, sanitized; resolves once it is there.
pub async fn render(iframe: &web_sys::HtmlElement, html: &str, allow_remote: bool, trusted: bool, cids: &Object) -> Result<Shown, String> {
    set_words();
    let promise = render_js(iframe.as_ref(), html, allow_remote, trusted, cids).map_err(message_of)?;
    JsFuture::from(promise).await.map(|v| shown_of(&v)).map_err(message_of)
}

/// The session's download URL for a blob (RFC 8620 §6.2's template).
fn download_url(client: &Client, account: &str, blob_id: &str, name: &str, mime_type: &str) -> (String, String) {
    let template = client.session().download_url.clone();
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    let url = template
        .replace("{accountId}", &enc(account))
        .replace("{blobId}", &enc(blob_id))
        .replace("{name}", &enc(name))
        .replace("{type}", &enc(mime_type));
    (url, client.credentials().authorization_header())
}

/// A blob as a blob: URL (inline `cid:` images, attachment previews). Revoke it when done.
pub async fn blob_url(client: &Client, account: &str, blob_id: &str, mime_type: &str) -> Result<String, String> {
    let (url, authorization) = download_url(client, account, blob_id, "blob", mime_type);
    let value = JsFuture::from(blob_url_js(&url, &authorization)).await.map_err(message_of)?;
    value.as_string().ok_or_else(|| tr!(conversation.no_blob))
}

/// Saves a blob under `name` (an attachment, a message's original).
pub async fn save(client: &Client, account: &str, blob_id: &str, name: &str, mime_type: &str) -> Result<(), String> {
    let (url, authorization) = download_url(client, account, blob_id, name, mime_type);
    JsFuture::from(save_js(&url, &authorization, name)).await.map(|_| ()).map_err(message_of)
}

/// The `meta` key of the senders whose remote content is always shown.
const REMOTE_SENDERS: &str = "remoteContentSenders";

/// Whether the agent chose to always show remote content from `sender` (lower-cased address).
pub async fn remote_always(store: Option<Rc<IdbStore>>, account: &str, sender: &str) -> bool {
    let Some(store) = store else { return false };
    let kept: Option<BTreeSet<String>> = store.cache().meta(account, REMOTE_SENDERS).await.ok().flatten();
    kept.is_some_and(|s| s.contains(&sender.to_lowercase()))
}

/// Always show remote content from `sender`, on this device (the local copy; gone at sign-out).
pub async fn always_show_remote(store: Option<Rc<IdbStore>>, account: &str, sender: &str) {
    let Some(store) = store else { return };
    let mut kept: BTreeSet<String> = store.cache().meta(account, REMOTE_SENDERS).await.ok().flatten().unwrap_or_default();
    if kept.insert(sender.to_lowercase()) {
        let _ = store.cache().set_meta(account, REMOTE_SENDERS, &kept).await;
    }
}
