//! An HTML message in its sandboxed frame (see `mail_html`): no script can ever run in it (no
//! `allow-scripts`); `allow-same-origin` only so the app can fill and measure it and it can show
//! the app's blob: images; links open in a new tab. Remote content stays hidden behind a bar until
//! the agent shows it, for this message or always for this sender.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::conversation::Attachment;

use crate::components::message_blobs::{previewable, Blobs};
use crate::local_copy::LocalCopy;
use crate::mail_html::{self, cid_map, Shown};
use crate::tr;
use crate::tr_live;

/// What the frame is at.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Loading,
    Ready,
    /// The HTML viewer could not be loaded (offline on a first visit): the text is shown.
    Failed(String),
}

#[component]
pub fn HtmlFrame(
    html: String,
    text: String,
    sender: String,
    attachments: Vec<Attachment>,
    trusted: Signal<bool>,
    blobs: Blobs,
) -> impl IntoView {
    let frame = NodeRef::<leptos::html::Iframe>::new();
    let stage = RwSignal::new(Stage::Loading);
    let allow_remote = RwSignal::new(false);
    let shown = RwSignal::new(None::<Shown>);
    let cids = StoredValue::new(Vec::<(String, String)>::new());
    let copy = use_context::<LocalCopy>();
    let store = copy.and_then(|c| c.store_untracked());
    let account = blobs.account.clone();
    let lower = html.to_lowercase();
    let inline: Vec<Attachment> = attachments
        .into_iter()
        .filter(|a| previewable(&a.mime_type) && a.cid.as_deref().is_some_and(|c| lower.contains(&format!("cid:{}", c.to_lowercase()))))
        .collect();
    {
        let (account, sender) = (account.clone(), sender.clone());
        spawn_local(async move {
            if mail_html::remote_always(store, &account, &sender).await {
                allow_remote.try_set(true);
            }
            if let Err(e) = mail_html::load_sanitizer().await {
                stage.try_set(Stage::Failed(e));
                return;
            }
            // Inline images first, so the one sanitizing pass puts their blob: URLs in place.
            if let Some(client) = blobs.client.clone() {
                for a in &inline {
                    if let (Ok(url), Some(cid)) = (mail_html::blob_url(&client, &account, &a.blob_id, &a.mime_type).await, a.cid.clone()) {
                        if cids.try_update_value(|c| c.push((cid, url.clone()))).is_none() {
                            mail_html::revoke_blob_url(&url);
                        }
                    }
                }
            }
            stage.try_set(Stage::Ready);
        });
    }
    on_cleanup(move || {
        cids.try_with_value(|c| c.iter().for_each(|(_, url)| mail_html::revoke_blob_url(url)));
    });
    // Shown again (sanitized again, from the source) when the agent shows remote content or
    // trusts the message, and when the language changes (the sanitizer words the links' titles):
    // never the previous output re-parsed.
    let html = StoredValue::new(html);
    Effect::new(move |_| {
        let (remote, trusted, _language) = (allow_remote.get(), trusted.get(), crate::language::current());
        if stage.get() != Stage::Ready {
            return;
        }
        let Some(iframe) = frame.get() else { return };
        let map = cids.with_value(|c| cid_map(c.iter().map(|(a, b)| (a.as_str(), b.as_str()))));
        let source = html.get_value();
        spawn_local(async move {
            match mail_html::render(&iframe, &source, remote, trusted, &map).await {
                Ok(s) => {
                    shown.try_set(Some(s));
                }
                Err(e) => {
                    stage.try_set(Stage::Failed(e));
                }
            }
        });
    });
    let always = move |_| {
        allow_remote.set(true);
        let (store, account, sender) = (copy.and_then(|c| c.store_untracked()), account.clone(), sender.clone());
        spawn_local(async move { mail_html::always_show_remote(store, &account, &sender).await });
    };
    let hidden = move || !allow_remote.get() && shown.get().is_some_and(|s| s.remote > 0);
    let failed = move || match stage.get() {
        Stage::Failed(e) => Some(e),
        _ => None,
    };
    view! {
        <Show when=hidden>
            <div class="mail-bar remote" role="status">
                <span>{tr_live!(conversation.remote_hidden)}</span>
                <button type="button" class="action" on:click=move |_| allow_remote.set(true)>{tr_live!(conversation.show_remote)}</button>
                <button type="button" class="action" on:click=always.clone()>{tr_live!(conversation.always_remote)}</button>
            </div>
        </Show>
        <iframe
            node_ref=frame
            class="mail-frame"
            class:colored=move || shown.get().is_some_and(|s| s.colored)
            hidden=move || failed().is_some()
            title=tr_live!(conversation.frame_title)
            sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
            referrerpolicy="no-referrer"
        ></iframe>
        {move || failed().map(|e| {
            let paragraphs: Vec<String> = text.split("\n\n").filter(|p| !p.trim().is_empty()).map(str::to_string).collect();
            view! {
                <p class="mail-bar problem" role="status">{tr!(conversation.shown_as_text, error = e)}</p>
                {paragraphs.into_iter().map(|p| view! { <p dir="auto">{p}</p> }).collect_view()}
            }
        })}
    }
}
