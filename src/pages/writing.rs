//! Writing a reply or a new conversation, as both pages show it: what arrived meanwhile, the
//! composer, send later and the saved replies. The reply flow decides; this wires it to the
//! components.

use leptos::prelude::*;
use tandem_core::team::saved_replies::SavedReply;

use crate::components::reply_composer::{AfterSend, ReplyComposer};
use crate::components::saved_reply_picker::SavedReplyPicker;
use crate::components::send_later::SendLater;
use crate::components::stale_reply::StaleReply;
use crate::local_time;
use crate::reply_flow::ReplyFlow;
use crate::saved_replies::SavedReplies;
use crate::wording::Words;

/// * `replies`: the flow of the reply being written.
/// * `on_send`: the agent sends (the page says what follows).
#[component]
pub fn Writing(replies: ReplyFlow, on_send: Callback<AfterSend>) -> impl IntoView {
    // Saved replies: read when the agent first asks for one.
    let saved = SavedReplies::new(replies.account());
    let picking = RwSignal::new(false);
    Effect::new(move |_| {
        if picking.get() {
            saved.load();
        }
    });
    view! {
        <StaleReply
            news=replies.news.into()
            on_send_anyway=Callback::new(move |_| {
                replies.accept_news();
                on_send.run(replies.last_choice.get_untracked());
            })
            on_review=Callback::new(move |_| replies.accept_news())
        />
        <ReplyComposer
            draft=replies.draft
            account=replies.account().into()
            from=replies.from_label()
            busy=Signal::derive(move || replies.sending.get())
            error=Words::shown(replies.error)
            on_send=on_send
            on_discard=Callback::new(move |_| replies.discard())
            on_set_from=Callback::new(move |(name, address)| replies.set_team_from(name, address))
            picking=picking
        />
        <SendLater
            scheduled=replies.scheduled_for
            choose=Callback::new(move |choice: String| replies.choose_send_time(&choice))
            label=Signal::derive(move || replies.scheduled_for.get().map(|at| local_time::long(&at)))
            busy=Signal::derive(move || replies.sending.get())
            on_schedule=Callback::new(move |_| on_send.run(AfterSend::Keep))
        />
        <SavedReplyPicker
            open=picking
            replies=saved.replies.into()
            loading=saved.loading.into()
            error=Words::shown(saved.error)
            on_pick=Callback::new(move |reply: SavedReply| replies.insert_saved(&reply))
            on_save_as=Callback::new(move |name: String| {
                if let Some(text) = replies.draft.with_untracked(|d| d.as_ref().map(|d| d.text.clone())) {
                    saved.save_as(name, text);
                }
            })
            on_edit=Callback::new(move |reply: SavedReply| saved.edit(reply))
            on_delete=Callback::new(move |id: String| saved.delete(id))
            editing=saved.editing
        />
    }
}
