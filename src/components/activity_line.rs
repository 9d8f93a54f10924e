//! One activity record in the timeline: who changed what, and when, as a quiet line, worded in
//! the agent's language. What happened is read from the record's headers (`X-Tandem-Activity`,
//! `X-Tandem-Author`, `X-Tandem-Snooze-Until`: `Activity::of_record`): the actor is named from
//! the roster, a tag by its current name in the team settings (a tag deleted since: its name in
//! the sentence, else its id). A record without the headers (written before them) is read from
//! its English sentence (`Activity::read`), and one that cannot be read is shown as it is.

use leptos::prelude::*;
use tandem_core::conversation::Message;
use tandem_core::team::activity::Activity;
use tandem_core::team::settings::TeamSettings;
use tandem_core::team::status::Status;

use crate::local_time;
use crate::team_context::TeamContext;
use crate::tr;

#[component]
pub fn ActivityLine(record: Message) -> impl IntoView {
    let date = local_time::long(&record.received_at);
    let settings = use_context::<TeamContext>().map(|t| t.settings);
    let headers =
        record.activity_headers.as_ref().and_then(|h| Activity::of_record(&h.activity, &h.author, h.snooze_until.as_deref(), &record.body));
    let read = headers.is_none().then(|| Activity::read(&record.body)).flatten();
    let body = record.body;
    let text = move || match (&headers, &read) {
        (Some((login, activity)), _) => {
            let named = settings.map(|s| s.with(|s| named(s, login, activity)));
            let (actor, activity) = named.unwrap_or_else(|| (login.clone(), activity.clone()));
            words(&actor, &activity, is_self(login, &activity))
        }
        (None, Some((actor, activity))) => words(actor, activity, matches!(activity, Activity::Assigned(Some(to)) if to == actor)),
        (None, None) => body.clone(),
    };
    view! {
        <div class="activity" data-message-id=record.id>
            <span class="activity-text" dir="auto">{text}</span>
            <time>{date}</time>
        </div>
    }
}

/// The agent took the conversation themself (logins compare without case).
fn is_self(login: &str, activity: &Activity) -> bool {
    matches!(activity, Activity::Assigned(Some(to)) if to.eq_ignore_ascii_case(login))
}

/// A record read from its headers, as shown: the actor and an assignee by their roster names, a
/// tag by its current name (else its name at the time, else its id).
fn named(settings: &TeamSettings, login: &str, activity: &Activity) -> (String, Activity) {
    let activity = match activity {
        Activity::Assigned(Some(to)) => Activity::Assigned(Some(settings.agent_name(to))),
        Activity::Tagged { id, name, on } => {
            let current = settings.tag(id).map(|t| t.name.clone()).filter(|n| !n.trim().is_empty());
            let name = current.or_else(|| Some(name.clone()).filter(|n| !n.is_empty())).unwrap_or_else(|| id.clone());
            Activity::Tagged { id: id.clone(), name, on: *on }
        }
        other => other.clone(),
    };
    (settings.agent_name(login), activity)
}

/// The sentence of `activity` by `actor`, in the language now; `took`: the actor assigned
/// themself.
fn words(actor: &str, activity: &Activity, took: bool) -> String {
    match activity {
        Activity::Assigned(Some(_)) if took => tr!(conversation.activity_took, actor = actor),
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
