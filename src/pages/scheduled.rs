//! `…/scheduled`: the agent's replies scheduled to leave later, in the conversation pane; what
//! is listed and what a cancel does is `crate::scheduled`.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::scheduled_list::{ScheduledList, ScheduledRow};
use crate::local_time;
use crate::scheduled::ScheduledReplies;

#[component]
pub fn ScheduledPage() -> impl IntoView {
    let params = use_params_map();
    let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
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
        <ScheduledList rows=rows loading=scheduled.loading.into() message=scheduled.message.into()
            on_cancel=Callback::new(move |id| scheduled.cancel(id)) />
    }
}
