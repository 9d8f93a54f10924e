//! Bulk actions on selected threads, with the same effects as on one thread (keywords on every
//! email, one activity record per thread). Status and tags are read for all threads in one
//! request and written in one `Email/set` (split by `maxObjectsInSet`): three requests for any
//! selection. Assignment goes thread after thread, each with its own conflict check (`ifInState`
//! covers the whole account, so one write for all would fail as soon as any email changed). A
//! failure on one thread does not stop the others; the report says which failed and why.

use serde_json::{json, Value};

use super::activity::Activity;
use super::assignment::{assign, AssignOutcome};
use super::tandem_mailboxes::{self, NOTES};
use super::thread_record::{target_in, Author};
use super::thread_state::read_thread_states;
use crate::error::JmapError;
use crate::jmap::methods::EmailSet;
use crate::jmap::JmapClient;
use crate::model::keywords;
use crate::model::status::Status;
use crate::model::thread_state::ThreadState;
use crate::transport::Transport;

#[derive(Debug, Default, PartialEq)]
pub struct BulkReport {
    pub done: usize,
    /// Threads left as they were: (thread id, why).
    pub skipped: Vec<(String, Skipped)>,
}

/// Why a thread was left as it was (the app words it in the agent's language).
#[derive(Debug, Clone, PartialEq)]
pub enum Skipped {
    /// A teammate assigned it meanwhile, to this login (`None`: unassigned it).
    AssignedMeanwhile(Option<String>),
    /// The thread no longer exists.
    Gone,
    /// The server refused the change or failed.
    Failed(JmapError),
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skipped::AssignedMeanwhile(Some(login)) => write!(f, "{login} has it now"),
            Skipped::AssignedMeanwhile(None) => f.write_str("nobody has it now"),
            Skipped::Gone => f.write_str("This conversation no longer exists."),
            Skipped::Failed(e) => write!(f, "{e}"),
        }
    }
}

impl BulkReport {
    fn record(&mut self, thread: &str, result: Result<Option<Skipped>, JmapError>) {
        match result {
            Ok(None) => self.done += 1,
            Ok(Some(why)) => self.skipped.push((thread.to_string(), why)),
            Err(e) => self.skipped.push((thread.to_string(), Skipped::Failed(e))),
        }
    }

    /// One sentence for the agent.
    pub fn summary(&self) -> String {
        match self.skipped.len() {
            0 => format!("Done for {} conversation{}.", self.done, plural(self.done)),
            n => format!("Done for {}; {n} conversation{} left as they were: {}", self.done, plural(n), self.skipped[0].1),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Assigns each thread (given with the assignee the agent saw) to `to`.
pub async fn assign_all<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    threads: &[(String, Option<String>)],
    actor: &Author,
    to: Option<&str>,
) -> BulkReport {
    let mut report = BulkReport::default();
    for (thread, seen) in threads {
        let result = assign(client, account_id, thread, actor, seen.as_deref(), to).await.map(|o| match o {
            AssignOutcome::Done(_) => None,
            AssignOutcome::Conflict { current, .. } => Some(Skipped::AssignedMeanwhile(current)),
        });
        report.record(thread, result);
    }
    report
}

pub async fn set_status_all<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    threads: &[String],
    actor: &Author,
    status: Status,
) -> BulkReport {
    write_all(client, account_id, threads, actor, |state| {
        let updates = state.emails.iter().map(|e| (e.id.clone(), Value::Object(status.patch()))).collect();
        (Activity::Status(status), status, updates)
    })
    .await
}

pub async fn tag_all<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    threads: &[String],
    actor: &Author,
    tag_id: &str,
    tag_name: &str,
) -> BulkReport {
    let keyword = keywords::tag(tag_id);
    write_all(client, account_id, threads, actor, |state| {
        let updates = state.emails.iter().map(|e| (e.id.clone(), json!({ format!("keywords/{keyword}"): true }))).collect();
        (Activity::Tagged { id: tag_id.into(), name: tag_name.into(), on: true }, state.status, updates)
    })
    .await
}

/// One thread's part of a bulk write: its activity record, the status after it, its patches.
type Plan = (Activity, Status, Vec<(String, Value)>);

/// Reads every thread's state in one request, then writes each thread's `plan` — all threads in
/// as few `Email/set`s as `maxObjectsInSet` allows, each thread whole within one.
async fn write_all<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    threads: &[String],
    actor: &Author,
    plan: impl Fn(&ThreadState) -> Plan,
) -> BulkReport {
    let mut report = BulkReport::default();
    let read = async {
        Ok::<_, JmapError>((
            read_thread_states(client, account_id, threads).await?,
            tandem_mailboxes::ensure(client, account_id, NOTES).await?,
        ))
    };
    let (states, notes) = match read.await {
        Ok(read) => read,
        Err(e) => {
            threads.iter().for_each(|t| report.record(t, Err(e.clone())));
            return report;
        }
    };
    for gone in threads.iter().filter(|t| !states.iter().any(|s| &s.thread_id == *t)) {
        report.skipped.push((gone.clone(), Skipped::Gone));
    }
    let max = client.limits().max_objects_in_set.max(2);
    let mut chunk = Chunk::new(account_id);
    for (i, state) in states.iter().enumerate() {
        let (activity, status_after, updates) = plan(state);
        if !chunk.threads.is_empty() && chunk.objects + updates.len() + 1 > max {
            std::mem::replace(&mut chunk, Chunk::new(account_id)).send(client, &mut report).await;
        }
        let record = activity.record(&target_in(notes.clone(), state), actor, status_after, state.assignee.as_deref());
        chunk.add(&state.thread_id, format!("r{i}"), record, updates);
    }
    if !chunk.threads.is_empty() {
        chunk.send(client, &mut report).await;
    }
    report
}

/// Threads written in one `Email/set`: (thread id, its creation id, its email ids).
struct Chunk {
    set: EmailSet,
    objects: usize,
    threads: Vec<(String, String, Vec<String>)>,
}

impl Chunk {
    fn new(account_id: &str) -> Self {
        Chunk { set: EmailSet::new(account_id), objects: 0, threads: Vec::new() }
    }

    fn add(&mut self, thread: &str, creation: String, record: Value, updates: Vec<(String, Value)>) {
        let set = std::mem::replace(&mut self.set, EmailSet::new(""));
        let mut set = set.create(&creation, record);
        let ids = updates.iter().map(|(id, _)| id.clone()).collect();
        self.objects += updates.len() + 1;
        for (id, patch) in updates {
            set = set.update(&id, patch);
        }
        self.set = set;
        self.threads.push((thread.to_string(), creation, ids));
    }

    /// Sends it and reports each thread: done, or left as it was with the server's reason.
    async fn send<T: Transport>(self, client: &JmapClient<T>, report: &mut BulkReport) {
        match client.call(self.set).await {
            Err(e) => self.threads.iter().for_each(|(t, _, _)| report.record(t, Err(e.clone()))),
            Ok(response) => {
                let (not_created, not_updated) = (response.not_created.unwrap_or_default(), response.not_updated.unwrap_or_default());
                for (thread, creation, ids) in &self.threads {
                    let refused = not_created.get(creation).or_else(|| ids.iter().find_map(|id| not_updated.get(id)));
                    report.record(thread, refused.map_or(Ok(None), |e| Err(JmapError::Method(e.clone()))));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        assert_eq!(BulkReport { done: 3, skipped: vec![] }.summary(), "Done for 3 conversations.");
        let r = BulkReport { done: 1, skipped: vec![("t".into(), Skipped::AssignedMeanwhile(Some("bob".into())))] };
        assert_eq!(r.summary(), "Done for 1; 1 conversation left as they were: bob has it now");
    }
}
