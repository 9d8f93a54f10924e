//! `…/scheduled`: the agent's replies scheduled to leave later, in the conversation pane; what
//! is listed and what a cancel or an edit does is `crate::scheduled` (an edit opens the
//! reply's conversation with it in the composer).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::scheduled_list::{ScheduledList, ScheduledRow};
use crate::local_time;
use crate::scheduled::ScheduledReplies;
use crate::wording::Words;

#[component]
pub fn ScheduledPage() -> impl IntoView {
    let params = use_params_map();
    let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
    let mailbox = Memo::new(move |_| params.read().get("mailbox").unwrap_or_default());
    let navigate = use_navigate();
    let scheduled = ScheduledReplies::load(account);
    let rows = Signal::derive(move || {
        scheduled.replies.with(|list| {
            list.iter()
                .map(|r| ScheduledRow {
                    message_id: r.message_id.clone(),
                    when: local_time::long(&r.send_at),
                    to: r.to.join(", "),
                    subject: r.subject.clone(),
                    preview: r.preview.clone(),
                })
                .collect()
        })
    });
    view! {
        <ScheduledList rows=rows loading=scheduled.loading.into() message=Words::shown(scheduled.message)
            on_cancel=Callback::new(move |id| scheduled.cancel(id))
            on_edit=Callback::new(move |id| {
                let navigate = navigate.clone();
                let to = move |thread: String| format!("/a/{}/m/{}/t/{thread}", account.get_untracked(), mailbox.get_untracked());
                scheduled.edit(id, move |thread| navigate(&to(thread), Default::default()));
            }) />
    }
}
