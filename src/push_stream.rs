//! JMAP push where the server offers it: the session's event source, streamed through `fetch`
//! (the browser's `EventSource` cannot send the `Authorization` header; without it Cyrus answers
//! 401 and Chromium raises its login prompt). Each `StateChange` for the open account asks the
//! sync driver for a pass at once; while the stream is up, the driver polls rarely.
//!
//! A server that answers anything but a `text/event-stream` (Cyrus 3.6: `204 No Content`) has no
//! push: the app keeps polling and does not ask again this session. A stream that breaks is
//! reopened after a pause; polling covers the gap.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::push::{event_source_url, EventStream};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::auth::Auth;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::sync_status::SyncStatus;
use crate::timer::sleep;

/// Seconds between the server's pings (a silent stream is a dead one).
const PING_SECONDS: u32 = 30;
const RETRY_AFTER: Duration = Duration::from_secs(60);

/// Listens to `account`'s changes for as long as the calling component lives.
pub fn listen(account: Memo<String>) {
    let (auth, sync) = (Auth::get(), SyncStatus::get());
    let Ok(controller) = web_sys::AbortController::new() else { return };
    let signal = controller.signal();
    on_cleanup(move || {
        controller.abort();
        sync.push_live.try_set(false);
    });
    spawn_local(async move {
        // Opening the stream competed with the first screen's request and rows at a sign-in;
        // what changes meanwhile, the sync's first pass reads.
        sync.after_first_paint().await;
        loop {
            if signal.aborted() {
                return;
            }
            let Some(client) = auth.client.try_get_untracked().flatten() else {
                // Still signing in (a reload restores the login in the background).
                if signal.aborted() {
                    return;
                }
                sleep(Duration::from_secs(1)).await;
                continue;
            };
            let template = client.session().event_source_url.clone();
            if template.is_empty() || signal.aborted() {
                return;
            }
            let request = gloo_net::http::Request::get(&event_source_url(&template, PING_SECONDS))
                .header("Authorization", &client.credentials().authorization_header())
                .header("Accept", "text/event-stream")
                .credentials(web_sys::RequestCredentials::Omit)
                .abort_signal(Some(&signal));
            let response = match request.send().await {
                Ok(r) => r,
                Err(_) if signal.aborted() => return,
                Err(_) => {
                    sleep(RETRY_AFTER).await;
                    continue;
                }
            };
            let is_stream = response.ok() && response.headers().get("content-type").is_some_and(|t| t.starts_with("text/event-stream"));
            let Some(body) = response.body().filter(|_| is_stream) else { return };
            sync.push_live.try_set(true);
            if let Ok(reading) = reading(body, account, sync).await {
                reading.await;
            }
            sync.push_live.try_set(false);
            if signal.aborted() {
                return;
            }
            sleep(RETRY_AFTER).await;
        }
    });
}

part_fn! {
    sync_pass,
    /// Reads the stream until it ends: code in the sync driver's part (`code_parts`), as only a
    /// server that pushes needs it.
    fn reading(body: web_sys::ReadableStream, account: Memo<String>, sync: SyncStatus) -> Result<Later<()>, Unreachable> {
        Ok(Box::pin(read(body, account, sync)))
    }
}

/// Reads the stream until it ends, nudging the driver on each change to `account`.
async fn read(body: web_sys::ReadableStream, account: Memo<String>, sync: SyncStatus) {
    let reader = body.get_reader();
    let Ok(read) = js_sys::Reflect::get(&reader, &"read".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else { return };
    let mut events = EventStream::new();
    loop {
        let Ok(promise) = read.call0(&reader).and_then(|p| p.dyn_into::<js_sys::Promise>()) else { return };
        let Ok(chunk) = JsFuture::from(promise).await else { return };
        if js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return;
        }
        let Ok(bytes) = js_sys::Reflect::get(&chunk, &"value".into()).and_then(|v| v.dyn_into::<js_sys::Uint8Array>()) else { return };
        let changes = EventStream::state_changes(&events.feed(&bytes.to_vec()));
        // The page that listened is gone (its account memo with it): stop reading.
        let Some(account) = account.try_get_untracked() else { return };
        if changes.iter().any(|c| c.touches(&account)) {
            sync.refresh_soon();
        }
    }
}
