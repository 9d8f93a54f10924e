//! One message of a conversation. HTML mail is shown as the sender wrote it, sanitized, in a
//! sandboxed frame (`html_frame`); plain-text mail as text, its links made only from `http:`,
//! `https:` and `mailto:` addresses, quotes and signature folded. Every string from the message is
//! a text node here, and each paragraph picks its own direction (`dir="auto"`), so an Arabic reply
//! above an English quote reads right in both.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::conversation::{Attachment, Message};
use tandem_core::text::plain::{layout, Paragraph, Span};

use crate::components::html_frame::HtmlFrame;
use crate::components::message_blobs::{previewable, Blobs};
use crate::local_time;
use crate::mail_html;
use crate::tr_live;
use crate::wording::Words;
use crate::{tr, tr_count};

/// * `sent_by`: the name of the agent who sent this reply (the team's copy of one), else `None`.
#[component]
pub fn MessageView(message: Message, sent_by: Option<String>) -> impl IntoView {
    let date = local_time::long(&message.received_at);
    // A reply sent later is filed at the time it leaves (docs/scheme.md, "Replies").
    let scheduled = tandem_core::date::parse_utc(&message.received_at).is_some_and(|at| at > local_time::now_secs());
    let blobs = Blobs::here();
    // $phishing / $junk: links inert until the agent trusts this message.
    let trusted = RwSignal::new(!message.suspicious);
    let notice = RwSignal::new(None::<Words>);
    let html = message.html.clone().filter(|h| !h.trim().is_empty());
    let nothing_shown = message.body.trim().is_empty() && html.is_none();
    let problem: Option<fn() -> String> = match (message.encoding_problem, nothing_shown) {
        (true, _) => Some(|| tr!(conversation.garbled)),
        (false, true) if message.attachments.is_empty() => Some(|| tr!(conversation.no_text)),
        _ => None,
    };
    // Images the HTML shows inline are not listed again as attachments.
    let inline = |a: &Attachment| {
        html.as_deref().is_some_and(|h| a.cid.as_deref().is_some_and(|c| h.to_lowercase().contains(&format!("cid:{}", c.to_lowercase()))))
    };
    let listed: Vec<Attachment> = message.attachments.iter().filter(|a| !inline(a)).cloned().collect();
    let original = (!message.blob_id.is_empty()).then(|| message.blob_id.clone());
    let body = match html {
        Some(html) => view! {
            <HtmlFrame
                html=html
                text=message.body.clone()
                sender=message.from_email.clone()
                attachments=message.attachments.clone()
                trusted=trusted.into()
                blobs=blobs.clone()
            />
        }
        .into_any(),
        None => view! { <PlainText text=message.body.clone() trusted=trusted.into() /> }.into_any(),
    };
    let save_original = {
        let blobs = blobs.clone();
        move |_| {
            if let Some(blob) = original.clone() {
                save(&blobs, blob, "message.eml".into(), "message/rfc822".into(), notice);
            }
        }
    };
    let has_original = !message.blob_id.is_empty();
    view! {
        <section class="message" class:unread=message.unread data-message-id=message.id>
            <header class="message-header">
                <span class="from-name" dir="auto">{message.from_name}</span>
                <span class="from-email">{message.from_email}</span>
                {sent_by.map(|name| view! { <span class="sent-by" dir="auto">{move || tr!(conversation.sent_by, name = &name)}</span> })}
                {scheduled.then(|| view! { <span class="scheduled-badge">{tr_live!(conversation.scheduled)}</span> })}
                <time>{move || if scheduled { tr!(conversation.leaves_at, date = &date) } else { date.clone() }}</time>
            </header>
            {recipients(|| tr!(conversation.to), message.to)}
            {recipients(|| tr!(conversation.cc), message.cc)}
            {move || (!trusted.get()).then(|| view! {
                <div class="mail-bar warning" role="alert">
                    <span>{tr_live!(conversation.suspicious)}</span>
                    <button type="button" class="action" on:click=move |_| trusted.set(true)>{tr_live!(conversation.trust)}</button>
                </div>
            })}
            {problem.map(|p| view! {
                <div class="mail-bar problem" role="status">
                    <span>{move || p()}</span>
                    {has_original.then(|| view! { <button type="button" class="action" on:click=save_original.clone()>{tr_live!(conversation.download_original)}</button> })}
                </div>
            })}
            <div class="body">{body}</div>
            {move || notice.get().map(|n| view! { <p class="notice error" role="alert">{n.text()}</p> })}
            {(!listed.is_empty()).then(|| view! {
                <ul class="attachments">
                    {listed.into_iter().map(|a| attachment(a, blobs.clone(), notice)).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// Plain text: paragraphs with their line breaks, links, and the quoted part and signature behind
/// one "…" toggle.
#[component]
fn PlainText(text: String, trusted: Signal<bool>) -> impl IntoView {
    let mut groups: Vec<(bool, Vec<Paragraph>)> = Vec::new();
    for p in layout(&text) {
        match groups.last_mut() {
            Some((folded, list)) if *folded == p.folded => list.push(p),
            _ => groups.push((p.folded, vec![p])),
        }
    }
    groups
        .into_iter()
        .map(|(folded, paragraphs)| {
            let shown = move || paragraphs.iter().map(|p| paragraph(p, trusted)).collect_view();
            if folded {
                let open = RwSignal::new(false);
                view! {
                    <button type="button" class="fold" aria-expanded=move || open.get().to_string() title=tr_live!(conversation.show_quoted)
                        on:click=move |_| open.update(|o| *o = !*o)>"…"</button>
                    <div class="folded" hidden=move || !open.get()>{shown()}</div>
                }
                .into_any()
            } else {
                shown().into_any()
            }
        })
        .collect_view()
}

fn paragraph(p: &Paragraph, trusted: Signal<bool>) -> impl IntoView + use<> {
    let spans = p.spans.clone();
    view! {
        <p dir="auto">
            {spans.into_iter().map(|s| match s {
                Span::Text(t) => t.into_any(),
                Span::Link { href, text } => {
                    let title = href.clone();
                    (move || if trusted.get() {
                        view! { <a href=href.clone() target="_blank" rel="noopener noreferrer" title=title.clone()>{text.clone()}</a> }.into_any()
                    } else {
                        // Worded in this closure, which runs again when the language changes.
                        view! { <span class="inert-link" title=tr!(conversation.link_disabled, url = &title)>{text.clone()}</span> }.into_any()
                    }).into_any()
                }
            }).collect_view()}
        </p>
    }
}

/// Recipients named before the rest are folded behind "and N more".
const RECIPIENTS_SHOWN: usize = 5;

/// "To: a, b": each address isolated (`<bdi>`), so an Arabic name does not reorder its neighbours.
/// A long list shows its first few and a button for the rest. `label`: "To: " in the language now.
fn recipients(label: fn() -> String, list: Vec<String>) -> impl IntoView {
    (!list.is_empty()).then(|| {
        let all = RwSignal::new(list.len() <= RECIPIENTS_SHOWN);
        let hidden = list.len().saturating_sub(RECIPIENTS_SHOWN);
        let names = move || {
            let shown = if all.get() { list.len() } else { RECIPIENTS_SHOWN };
            let last = shown - 1;
            let separator = tr!(conversation.recipient_separator);
            list.iter()
                .take(shown)
                .enumerate()
                .map(|(i, r)| view! { <bdi>{r.clone()}</bdi>{(i < last).then(|| separator.clone())} })
                .collect_view()
        };
        view! {
            <div class="recipients">
                {move || label()}
                {names}
                <Show when=move || !all.get()>
                    " "
                    <button type="button" class="link-button more-recipients" on:click=move |_| all.set(true)>
                        {move || tr_count!(hidden, conversation.more_recipients, count = crate::intl::number(hidden))}
                    </button>
                </Show>
            </div>
        }
    })
}

/// Largest attachment previewed (larger ones are only offered).
const PREVIEW_MAX: u64 = 5 * 1024 * 1024;

fn attachment(a: Attachment, blobs: Blobs, notice: RwSignal<Option<Words>>) -> impl IntoView {
    let preview = RwSignal::new(None::<String>);
    if previewable(&a.mime_type) && a.size <= PREVIEW_MAX {
        if let Some(client) = blobs.client.clone() {
            let (account, blob, kind) = (blobs.account.clone(), a.blob_id.clone(), a.mime_type.clone());
            spawn_local(async move {
                if let Ok(url) = mail_html::blob_url(&client, &account, &blob, &kind).await {
                    if preview.try_set(Some(url.clone())).is_some() {
                        mail_html::revoke_blob_url(&url);
                    }
                }
            });
            on_cleanup(move || {
                if let Some(url) = preview.try_get_untracked().flatten() {
                    mail_html::revoke_blob_url(&url);
                }
            });
        }
    }
    let (name, kind, blob, bytes) = (a.name.clone(), a.mime_type.clone(), a.blob_id.clone(), a.size);
    let download = move |_| save(&blobs, blob.clone(), name.clone(), kind.clone(), notice);
    view! {
        <li class="attachment" title=a.mime_type.clone()>
            {move || preview.get().map(|src| view! { <img class="attachment-preview" src=src alt="" /> })}
            <span class="attachment-name" dir="auto">{a.name}</span>
            <span class="attachment-size">{move || crate::intl::size(bytes)}</span>
            <button type="button" class="link-button" on:click=download>{tr_live!(conversation.download)}</button>
        </li>
    }
}

/// Saves a blob under its real name; a failure is told under the message.
fn save(blobs: &Blobs, blob_id: String, name: String, mime_type: String, notice: RwSignal<Option<Words>>) {
    let Some(client) = blobs.client.clone() else {
        notice.set(Some(Words::new(|| tr!(conversation.sign_in_to_download))));
        return;
    };
    let account = blobs.account.clone();
    spawn_local(async move {
        let result = mail_html::save(&client, &account, &blob_id, &name, &mime_type).await;
        notice.try_set(result.err().map(|e| Words::new(move || tr!(conversation.download_failed, name = &name, error = &e))));
    });
}
