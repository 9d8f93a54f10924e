//! Changing a thread's status (docs/scheme.md, "Status"): the keywords on every email and an
//! activity record, in one request. The value, [`Status`], is `model::status`'s (re-exported here).

use serde_json::Value;

use super::activity::Activity;
use super::thread_record::{self, Author};
use super::thread_state::read_thread_state;
use crate::error::JmapError;
use crate::jmap::methods::EmailSet;
use crate::jmap::JmapClient;
use crate::model::thread_state::ThreadState;
use crate::transport::Transport;

pub use crate::model::status::Status;

/// Gives every email of the thread `status`, recording `actor` in its activity. Concurrent status
/// changes end with the last one written on every email, since each write sets all three keywords.
pub async fn set_status<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    actor: &Author,
    status: Status,
) -> Result<ThreadState, JmapError> {
    change_status(client, account_id, thread_id, actor, status, Activity::Status(status)).await
}

/// Snoozes the thread until `until` (a UTC date, `2026-11-23T09:00:00Z`): status snoozed, and an
/// activity record with `X-Tandem-Snooze-Until` that [`super::snooze::wake_due`] reads.
pub async fn snooze<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    actor: &Author,
    until: &str,
) -> Result<ThreadState, JmapError> {
    change_status(client, account_id, thread_id, actor, Status::Snoozed, Activity::Snoozed { until: until.to_string() }).await
}

pub(crate) async fn change_status<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    actor: &Author,
    status: Status,
    activity: Activity,
) -> Result<ThreadState, JmapError> {
    let state = read_thread_state(client, account_id, thread_id).await?;
    let target = thread_record::target(client, account_id, &state).await?;
    let record = activity.record(&target, actor, status, state.assignee.as_deref());
    let mut set = EmailSet::new(account_id).create("activity", record);
    for email in &state.emails {
        set = set.update(&email.id, Value::Object(status.patch()));
    }
    client.call(set).await?.all_done()?;
    read_thread_state(client, account_id, thread_id).await
}
