//! One activity record in the timeline: who changed what, and when, as a quiet line. The record's
//! body is its English sentence (for any mail client); the line words it in the agent's language
//! from what the sentence says (`Activity::read`), and shows a sentence it cannot read as it is.

use leptos::prelude::*;
use tandem_core::conversation::Message;
use tandem_core::team::activity::Activity;
use tandem_core::team::status::Status;

use crate::local_time;
use crate::tr;

#[component]
pub fn ActivityLine(record: Message) -> impl IntoView {
    let date = local_time::long(&record.received_at);
    let read = Activity::read(&record.body);
    let body = record.body;
    let text = move || read.as_ref().map_or_else(|| body.clone(), |(actor, activity)| words(actor, activity));
    view! {
        <div class="activity" data-message-id=record.id>
            <span class="activity-text" dir="auto">{text}</span>
            <time>{date}</time>
        </div>
    }
}

/// The sentence of `activity` by `actor`, in the language now.
fn words(actor: &str, activity: &Activity) -> String {
    match activity {
        Activity::Assigned(Some(to)) if to == actor => tr!(conversation.activity_took, actor = actor),
        Activity::Assigned(Some(to)) => tr!(conversation.activity_assigned, actor = actor, to = to),
        Activity::Assigned(None) => tr!(conversation.activity_unassigned, actor = actor),
        Activity::Status(Status::Open) => tr!(conversation.activity_reopened, actor = actor),
        Activity::Status(Status::Pending) => tr!(conversation.activity_pending, actor = actor),
        Activity::Status(Status::Snoozed) => tr!(conversation.activity_marked_snoozed, actor = actor),
        Activity::Status(Status::Closed) => tr!(conversation.activity_closed, actor = actor),
        Activity::Snoozed { until } => {
            // The date in the agent's language and time zone (as written if it cannot be read).
            let shown = Some(local_time::long(until)).filter(|d| !d.is_empty()).unwrap_or_else(|| until.clone());
            tr!(conversation.activity_snoozed, actor = actor, until = shown)
        }
        Activity::Woke => tr!(conversation.activity_woke),
        Activity::Tagged { name, on: true, .. } => tr!(conversation.activity_tagged, actor = actor, tag = name),
        Activity::Tagged { name, on: false, .. } => tr!(conversation.activity_untagged, actor = actor, tag = name),
    }
}
