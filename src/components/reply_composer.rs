//! Writing to the customer at the foot of a conversation: recipients, subject, the reply, the
//! earlier message quoted below (or not), and the three ways to send. It only renders the draft
//! and reports the agent's choice; the page decides what sending means. The draft is the page's
//! signal, kept in the local copy, so nothing typed is lost when sending fails. Files attached
//! (picked, dropped on the composer, pasted into the reply) upload while it is open and go with
//! the draft; Send waits for them.

use leptos::html::Textarea;
use leptos::prelude::*;
use tandem_core::reply::formatting::{apply, Mark};
use tandem_core::reply::ReplyDraft;

use crate::attachments::Attachments;
use crate::components::attachment_tray::{pasted_files, AttachmentTray, DropTarget, Files};
use crate::components::format_bar::{shortcut, FormatBar};
use crate::tr;
use crate::tr_live;

/// What to do with the conversation once the reply is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSend {
    Keep,
    Close,
    Pending,
}

/// * `draft`: the reply being written (`None`: the composer is closed).
/// * `account`: the team account, where attached files are uploaded.
/// * `from`: the team's address shown as From (`None` while the team has none set).
/// * `busy`: a send is being queued.
/// * `error`: why the last send did not go (a sentence), shown above the buttons.
/// * `on_send`: the agent sends, and says what becomes of the conversation.
/// * `on_discard`: the agent throws the draft away.
/// * `on_set_from`: the agent sets the team's (name, address), asked for while it has none.
/// * `picking`: set when the agent asks for a saved reply (its button, or `/` at the start of a
///   line, which is taken out of the text).
#[component]
pub fn ReplyComposer(
    draft: RwSignal<Option<ReplyDraft>>,
    account: Signal<String>,
    from: Signal<Option<String>>,
    busy: Signal<bool>,
    error: Signal<Option<String>>,
    on_send: Callback<AfterSend>,
    on_discard: Callback<()>,
    on_set_from: Callback<(String, String)>,
    picking: RwSignal<bool>,
) -> impl IntoView {
    let team_name = RwSignal::new(String::new());
    let team_address = RwSignal::new(String::new());
    let text = move |get: fn(&ReplyDraft) -> &String| move || draft.with(|d| d.as_ref().map(|d| get(d).clone()).unwrap_or_default());
    let edit = move |set: fn(&mut ReplyDraft, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            draft.update(|d| {
                if let Some(d) = d {
                    set(d, value);
                }
            });
        }
    };
    let forward = move || draft.with(|d| d.as_ref().is_some_and(|d| d.forward));
    let quote = move || draft.with(|d| d.as_ref().is_some_and(|d| d.quote));
    let quoted = move || draft.with(|d| d.as_ref().and_then(|d| d.quoted.clone()));
    let attachments = Attachments::new(draft, account);
    let on_files = Callback::new(move |files: Files| attachments.add(files.take()));
    let drop = DropTarget::new(on_files);
    let blocked = move || busy.get() || from.with(Option::is_none) || attachments.uploading();
    let send = move |after: AfterSend| {
        if !blocked() {
            on_send.run(after);
        }
    };
    let input = NodeRef::<Textarea>::new();
    let to_input = NodeRef::<leptos::html::Input>::new();
    // The agent types at once: in the reply, before the signature; in To when nobody is there yet
    // (a new conversation).
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let (Some(area), Some(to)) = (input.get(), to_input.get()) else { return false };
        // Once the composer is in the page (a detached element takes no focus).
        request_animation_frame(move || {
            if to.value().trim().is_empty() {
                to.focus().ok();
            } else {
                area.focus().ok();
                area.set_selection_range(0, 0).ok();
            }
        });
        true
    });
    let on_mark = Callback::new(move |mark: Mark| mark_selection(input, draft, mark));
    // Ctrl/⌘+Enter sends, never while an input method is composing (Chinese, Japanese, …).
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) && !ev.is_composing() {
            ev.prevent_default();
            send(AfterSend::Keep);
        }
    };
    let on_reply_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(mark) = shortcut(&ev) {
            ev.prevent_default();
            on_mark.run(mark);
        }
    };
    view! {
        <form class="reply-composer" aria-label=move || if forward() { tr!(composer.forward) } else { tr!(composer.reply) } on:keydown=on_keydown on:submit=move |ev| {
            ev.prevent_default();
            send(AfterSend::Keep);
        }
            on:dragenter=move |ev| drop.enter(ev) on:dragover=move |ev| drop.hover(ev) on:dragleave=move |ev| drop.leave(ev) on:drop=move |ev| drop.drop(ev)
            class:dragging=move || drop.over.get()>
            <Show when=move || drop.over.get()>
                <div class="reply-drop-hint" aria-hidden="true">{tr_live!(composer.drop_hint)}</div>
            </Show>
            <div class="reply-from">
                <span class="reply-field-label">{tr_live!(composer.from)}</span>
                {move || match from.get() {
                    Some(address) => view! { <span dir="auto">{address}</span> }.into_any(),
                    None => view! {
                        <span class="reply-missing">{tr_live!(composer.set_from)}</span>
                        <input type="text" class="reply-team-name" dir="auto" aria-label=tr_live!(composer.team_name) placeholder=tr_live!(composer.team_name_example) bind:value=team_name />
                        <input type="email" class="reply-team-address" aria-label=tr_live!(composer.team_address) placeholder="support@example.com" bind:value=team_address />
                        <button type="button" class="action" on:click=move |_| on_set_from.run((team_name.get_untracked(), team_address.get_untracked()))>{tr_live!(composer.save)}</button>
                    }.into_any(),
                }}
            </div>
            <label class="reply-field">
                <span class="reply-field-label">{tr_live!(composer.to)}</span>
                <input type="text" dir="auto" autocomplete="off" node_ref=to_input prop:value=text(|d| &d.to) on:input=edit(|d, v| d.to = v) />
            </label>
            <label class="reply-field">
                <span class="reply-field-label">{tr_live!(composer.cc)}</span>
                <input type="text" dir="auto" autocomplete="off" prop:value=text(|d| &d.cc) on:input=edit(|d, v| d.cc = v) />
            </label>
            <label class="reply-field">
                <span class="reply-field-label">{tr_live!(composer.bcc)}</span>
                <input type="text" dir="auto" autocomplete="off" prop:value=text(|d| &d.bcc) on:input=edit(|d, v| d.bcc = v) />
            </label>
            <label class="reply-field">
                <span class="reply-field-label">{tr_live!(composer.subject)}</span>
                <input type="text" dir="auto" prop:value=text(|d| &d.subject) on:input=edit(|d, v| d.subject = v) />
            </label>
            <FormatBar text=Signal::derive(text(|d| &d.text)) on_mark=on_mark />
            <textarea class="reply-input" dir="auto" aria-label=tr_live!(composer.your_reply) placeholder=tr_live!(composer.reply_placeholder)
                node_ref=input on:keydown=on_reply_keydown prop:value=text(|d| &d.text) on:input=move |ev| {
                    let mut value = event_target_value(&ev);
                    if value.ends_with('/') && (value.len() == 1 || value.ends_with("\n/")) {
                        value.pop();
                        picking.set(true);
                    }
                    draft.update(|d| if let Some(d) = d { d.text = value });
                }
                on:paste=move |ev| if let Some(files) = pasted_files(&ev) { on_files.run(files) }></textarea>
            <Show when=move || quoted().is_some()>
                <label class="reply-quote-toggle">
                    <input type="checkbox" prop:checked=quote on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| if let Some(d) = d { d.quote = on });
                    } />
                    {move || format!(" {}", if forward() { tr!(composer.include_forwarded) } else { tr!(composer.quote_earlier) })}
                </label>
                <Show when=quote>
                    <blockquote class="reply-quoted" dir="auto">
                        <p class="reply-quoted-attribution" dir="auto">{move || quoted().map(|q| q.0)}</p>
                        <p class="reply-quoted-text" dir="auto">{move || quoted().map(|q| q.1)}</p>
                    </blockquote>
                </Show>
            </Show>
            <AttachmentTray
                attached=Memo::new(move |_| draft.with(|d| d.as_ref().map(|d| d.attachments.clone()).unwrap_or_default())).into()
                uploads=attachments.uploads.into()
                on_files=on_files
                on_remove_upload=Callback::new(move |id| attachments.remove_upload(id))
                on_remove_attached=Callback::new(move |at| attachments.remove_attached(at))
            />
            {move || error.get().map(|e| view! { <p class="reply-error" role="alert">{e}</p> })}
            <div class="reply-buttons">
                <button type="submit" class="action primary-soft" disabled=blocked>{tr_live!(composer.send)}</button>
                <button type="button" class="action" disabled=blocked on:click=move |_| send(AfterSend::Close)>{tr_live!(composer.send_and_close)}</button>
                <button type="button" class="action" disabled=blocked on:click=move |_| send(AfterSend::Pending)>{tr_live!(composer.send_and_pending)}</button>
                <button type="button" class="action" on:click=move |_| picking.update(|p| *p = !*p)>{tr_live!(composer.saved_replies)}</button>
                <button type="button" class="action discard" disabled=move || busy.get() on:click=move |_| on_discard.run(())>{tr_live!(composer.discard)}</button>
            </div>
        </form>
    }
}

/// Writes `mark` around the reply's selection, keeps what it selects next selected, and keeps the
/// draft in step.
fn mark_selection(input: NodeRef<Textarea>, draft: RwSignal<Option<ReplyDraft>>, mark: Mark) {
    let Some(area) = input.get_untracked() else { return };
    let (start, end) = (area.selection_start().ok().flatten().unwrap_or(0), area.selection_end().ok().flatten().unwrap_or(0));
    let (text, from, to) = apply(mark, &area.value(), start, end);
    area.set_value(&text);
    area.set_selection_range(from, to).ok();
    area.focus().ok();
    draft.update(|d| {
        if let Some(d) = d {
            d.text = text;
        }
    });
}
