//! The agent's replies scheduled to leave later, for the Scheduled page: read from the server
//! (the submissions it holds in the agent's own account), canceled one by one, or taken back to
//! be edited in their conversation's composer. The list is read again whenever a reply leaves
//! this device's outbox (one scheduled a moment ago is on the server only from then), and every
//! ten seconds while it is open.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::date::format_utc;
use tandem_core::reply::scheduled::{cancel_scheduled, reopen_scheduled, scheduled_replies, ScheduledReply};
use tandem_core::reply::TakenBack;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::local_copy::LocalCopy;
use crate::local_time;
use crate::note_drafts::{put_draft, REPLY};
use crate::pending_writes::PendingWrites;
use crate::tr;
use crate::web_transport::Client;
use crate::wording::Words;

/// Held for less than this from now, a reply is in its undo window rather than scheduled.
const UNDO_WINDOW_MAX_SECS: i64 = 30;
/// The list is read again this often while it is open.
const READ_AGAIN_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Clone, Copy)]
pub struct ScheduledReplies {
    pub replies: RwSignal<Vec<ScheduledReply>>,
    pub loading: RwSignal<bool>,
    /// A sentence about the last read or cancel.
    pub message: RwSignal<Option<Words>>,
    auth: Auth,
    team_account: Memo<String>,
    /// Counts the reads: only the newest one's answer is shown.
    reads: StoredValue<u64>,
}

impl ScheduledReplies {
    /// Reads the list for the agent signed in; cancels copies go to `team_account` too.
    pub fn load(team_account: Memo<String>) -> Self {
        let this = ScheduledReplies {
            replies: RwSignal::new(Vec::new()),
            loading: RwSignal::new(true),
            message: RwSignal::new(None),
            auth: Auth::get(),
            team_account,
            reads: StoredValue::new(0),
        };
        let pending = PendingWrites::get();
        // The count, not the outbox: other writes queued meanwhile ask for no read.
        let sends = Memo::new(move |_| pending.sends_waiting());
        Effect::new(move |_| {
            sends.track();
            this.refresh();
        });
        // And every little while: replies leave when their time comes, another device schedules
        // some, and a submission the server has just taken may not be listed by it yet.
        crate::tasks::spawn_owned(async move {
            loop {
                crate::timer::sleep(READ_AGAIN_EVERY).await;
                this.refresh();
            }
        });
        this
    }

    fn refresh(self) {
        let Some(client) = self.auth.client.try_get().flatten() else { return };
        let Some(agent) = client.session().primary_mail_account().map(str::to_string) else {
            self.loading.try_set(false);
            self.message.try_set(Some(Words::new(|| tr!(composer.scheduled.no_account))));
            return;
        };
        let read = self.reads.try_update_value(|n| {
            *n += 1;
            *n
        });
        spawn_local(async move {
            let after = format_utc(local_time::now_secs() + UNDO_WINDOW_MAX_SECS);
            let answer = scheduled_replies(&client, &agent, &after).await;
            if self.reads.try_get_value() != read {
                return;
            }
            match answer {
                Ok(list) => {
                    self.replies.try_set(list);
                }
                Err(e) => {
                    let e = AppError::from(e);
                    self.message.try_set(Some(Words::new(move || tr!(composer.scheduled.not_read, error = &e))));
                }
            }
            self.loading.try_set(false);
        });
    }

    /// The client, the agent's own account and the listed reply with `message_id`.
    fn listed(&self, message_id: &str) -> Option<(std::sync::Arc<Client>, String, ScheduledReply)> {
        let client = self.auth.client()?;
        let agent = client.session().primary_mail_account().map(str::to_string)?;
        let reply = self.replies.with_untracked(|r| r.iter().find(|r| r.message_id == message_id).cloned())?;
        Some((client, agent, reply))
    }

    /// Cancels the reply with `message_id`: it will not leave.
    pub fn cancel(&self, message_id: String) {
        let Some((client, agent, reply)) = self.listed(&message_id) else { return };
        let (this, team) = (*self, self.team_account.get_untracked());
        spawn_local(async move {
            let answer = cancel_scheduled(&client, &agent, &team, &reply).await;
            let subject = reply.subject;
            let words = match answer {
                Ok(TakenBack::Canceled | TakenBack::NotThere) => {
                    Words::new(move || tr!(composer.scheduled.will_not_send, subject = &subject))
                }
                Ok(TakenBack::AlreadyLeft) => already_left(subject),
                Err(e) => {
                    let e = AppError::from(e);
                    Words::new(move || tr!(composer.scheduled.not_canceled, subject = &subject, error = &e))
                }
            };
            this.message.try_set(Some(words));
            this.refresh();
        });
    }

    /// Takes the reply with `message_id` back to be edited: it will not leave, and its draft is
    /// kept for its conversation, which `open` (given the thread id) then shows.
    pub fn edit(&self, message_id: String, open: impl FnOnce(String) + 'static) {
        let Some((client, agent, reply)) = self.listed(&message_id) else { return };
        let (this, team, copy) = (*self, self.team_account.get_untracked(), LocalCopy::get());
        spawn_local(async move {
            match reopen_scheduled(&client, &agent, &team, &reply).await {
                Ok(Some(reopened)) => {
                    if put_draft(copy, &team, REPLY, &reopened.thread_id, &Some(reopened.draft)).await {
                        open(reopened.thread_id);
                    } else {
                        let subject = reply.subject;
                        this.message.try_set(Some(Words::new(move || tr!(composer.scheduled.not_kept, subject = &subject))));
                    }
                }
                Ok(None) => {
                    this.message.try_set(Some(already_left(reply.subject)));
                }
                Err(e) => {
                    let (subject, e) = (reply.subject, AppError::from(e));
                    this.message.try_set(Some(Words::new(move || tr!(composer.scheduled.not_taken_back, subject = &subject, error = &e))));
                }
            }
            this.refresh();
        });
    }
}

/// The reply about `subject` left before it could be canceled or taken back.
fn already_left(subject: String) -> Words {
    Words::new(move || tr!(composer.scheduled.already_left, subject = &subject))
}
