//! Putting tags on threads and taking them off (docs/scheme.md, "Tags"). Tag names and colours
//! live in the team settings; threads carry only `$tandem_tag_<id>`.

use serde_json::{json, Value};

use super::activity::Activity;
use super::settings::{update_settings, TeamSettings};
use super::thread_record::{self, Author};
use super::thread_state::read_thread_state;
use crate::error::JmapError;
use crate::jmap::methods::{EmailQuery, EmailSet};
use crate::jmap::JmapClient;
use crate::model::keywords;
use crate::model::thread_state::ThreadState;
use crate::transport::Transport;

/// Puts tag `tag_id` (named `tag_name` now) on every email of the thread (`on`), or takes it off
/// all of them, recording `actor` in the thread's activity.
pub async fn tag_thread<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    actor: &Author,
    tag_id: &str,
    tag_name: &str,
    on: bool,
) -> Result<ThreadState, JmapError> {
    let state = read_thread_state(client, account_id, thread_id).await?;
    let keyword = keywords::tag(tag_id);
    let target = thread_record::target(client, account_id, &state).await?;
    let activity = Activity::Tagged { id: tag_id.to_string(), name: tag_name.to_string(), on };
    let mut set = EmailSet::new(account_id).create("activity", activity.record(&target, actor, state.status, state.assignee.as_deref()));
    for email in &state.emails {
        set = set.update(&email.id, json!({ format!("keywords/{keyword}"): if on { Value::Bool(true) } else { Value::Null } }));
    }
    client.call(set).await?.all_done()?;
    read_thread_state(client, account_id, thread_id).await
}

/// Deletes a tag: from the settings, and its keyword from every email that has it.
pub async fn delete_tag<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    author_login: &str,
    tag_id: &str,
) -> Result<TeamSettings, JmapError> {
    let keyword = keywords::tag(tag_id);
    let limit = client.limits().max_objects_in_set.min(client.limits().max_objects_in_get) as u64;
    loop {
        let ids = client.call(EmailQuery::new(account_id).filter(json!({ "hasKeyword": keyword })).limit(limit)).await?.ids;
        if ids.is_empty() {
            break;
        }
        let mut set = EmailSet::new(account_id);
        for id in &ids {
            set = set.update(id, json!({ format!("keywords/{keyword}"): null }));
        }
        client.call(set).await?.all_done()?;
    }
    update_settings(client, account_id, author_login, |s| {
        s.tags.retain(|t| t.id != tag_id);
        Ok(())
    })
    .await
}
