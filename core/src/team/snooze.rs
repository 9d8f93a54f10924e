//! Waking snoozed threads. There is no server process: every Tandem client, while the team inbox
//! is open, looks at the snoozed threads and reopens those whose time has come. Several clients
//! doing it at once is harmless — reopening is idempotent, at worst two records say so.

use super::activity::Activity;
use super::status::change_status;
use super::thread_record::Author;
use super::thread_state::read_thread_state;
use super::views::View;
use crate::date::parse_utc;
use crate::error::JmapError;
use crate::jmap::methods::EmailQuery;
use crate::jmap::JmapClient;
use crate::model::status::Status;
use crate::transport::Transport;

/// Reopens the snoozed threads of `inbox` whose snooze ended at or before `now_secs`; returns how
/// many. A snoozed thread without a readable end date is left snoozed.
pub async fn wake_due<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    inbox: &str,
    now_secs: i64,
    actor: &Author,
) -> Result<usize, JmapError> {
    let limit = client.limits().max_objects_in_get as u64;
    let ids = client
        .call(EmailQuery::new(account_id).filter(View::Snoozed.filter(inbox, &actor.login)).collapse_threads(true).limit(limit))
        .await?
        .ids;
    let mut woken = 0;
    for thread_id in thread_ids(client, account_id, &ids).await? {
        let state = read_thread_state(client, account_id, &thread_id).await?;
        let due = state.snoozed_until.as_deref().and_then(parse_utc).is_some_and(|until| until <= now_secs);
        if state.status == Status::Snoozed && due {
            change_status(client, account_id, &thread_id, actor, Status::Open, Activity::Woke).await?;
            woken += 1;
        }
    }
    Ok(woken)
}

async fn thread_ids<T: Transport>(client: &JmapClient<T>, account_id: &str, email_ids: &[String]) -> Result<Vec<String>, JmapError> {
    if email_ids.is_empty() {
        return Ok(Vec::new());
    }
    let get = crate::jmap::methods::EmailGet::new(account_id, crate::jmap::Ids::List(email_ids.to_vec())).properties(&["id", "threadId"]);
    Ok(client.call(get).await?.list.into_iter().map(|e| e.thread_id).collect())
}
