//! Thread statuses: open, pending, snoozed, closed (docs/scheme.md, "Status").

use serde_json::{Map, Value};

use super::activity::Activity;
use super::keywords::{CLOSED, PENDING, SNOOZED};
use super::thread_record::{self, Author};
use super::thread_state::{read_thread_state, ThreadState};
use crate::error::JmapError;
use crate::jmap::methods::EmailSet;
use crate::jmap::JmapClient;
use crate::transport::Transport;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Pending,
    Snoozed,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Pending, Status::Snoozed, Status::Closed];

    pub fn keyword(self) -> Option<&'static str> {
        match self {
            Status::Open => None,
            Status::Pending => Some(PENDING),
            Status::Snoozed => Some(SNOOZED),
            Status::Closed => Some(CLOSED),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Pending => "Pending",
            Status::Snoozed => "Snoozed",
            Status::Closed => "Closed",
        }
    }

    /// The status of a thread whose emails have these keyword sets: S when every email has S's
    /// keyword, else open (a new inbound email, without the keyword, reopens the thread).
    pub fn of_thread<'a>(keyword_sets: impl IntoIterator<Item = &'a std::collections::BTreeMap<String, bool>> + Clone) -> Status {
        let mut sets = keyword_sets.into_iter().peekable();
        if sets.peek().is_none() {
            return Status::Open;
        }
        let all: Vec<_> = sets.collect();
        [Status::Closed, Status::Pending, Status::Snoozed]
            .into_iter()
            .find(|s| all.iter().all(|k| k.get(s.keyword().unwrap()).copied().unwrap_or(false)))
            .unwrap_or(Status::Open)
    }

    /// The keyword patch that gives an email this status (and no other).
    pub fn patch(self) -> Map<String, Value> {
        let mut patch = Map::new();
        for s in [Status::Pending, Status::Snoozed, Status::Closed] {
            let k = s.keyword().unwrap();
            patch.insert(format!("keywords/{k}"), if s == self { Value::Bool(true) } else { Value::Null });
        }
        patch
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn kw(list: &[&str]) -> BTreeMap<String, bool> {
        list.iter().map(|k| (k.to_string(), true)).collect()
    }

    #[test]
    fn a_thread_has_a_status_only_when_all_its_emails_do() {
        let closed = [kw(&[CLOSED, "$seen"]), kw(&[CLOSED])];
        assert_eq!(Status::of_thread(closed.iter()), Status::Closed);
        let reopened = [kw(&[CLOSED]), kw(&[CLOSED]), kw(&[])];
        assert_eq!(Status::of_thread(reopened.iter()), Status::Open);
        let none: [BTreeMap<String, bool>; 0] = [];
        assert_eq!(Status::of_thread(none.iter()), Status::Open);
    }

    #[test]
    fn a_status_patch_clears_the_others() {
        let p = Status::Pending.patch();
        assert_eq!(p["keywords/$tandem_pending"], Value::Bool(true));
        assert_eq!(p["keywords/$tandem_closed"], Value::Null);
        assert!(Status::Open.patch().values().all(Value::is_null));
    }
}
