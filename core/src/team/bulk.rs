//! Bulk actions on selected threads: the same operations as on one thread, thread after thread,
//! so each keeps its guarantees (assignment conflicts, activity records). A failure on one
//! thread does not stop the others; the report says which failed and why.

use super::assignment::{assign, AssignOutcome};
use super::status::{set_status, Status};
use super::tags::tag_thread;
use super::thread_record::Author;
use crate::error::JmapError;
use crate::jmap::JmapClient;
use crate::transport::Transport;

#[derive(Debug, Default, PartialEq)]
pub struct BulkReport {
    pub done: usize,
    /// Threads left as they were: (thread id, why).
    pub skipped: Vec<(String, String)>,
}

impl BulkReport {
    fn record(&mut self, thread: &str, result: Result<Option<String>, JmapError>) {
        match result {
            Ok(None) => self.done += 1,
            Ok(Some(why)) => self.skipped.push((thread.to_string(), why)),
            Err(e) => self.skipped.push((thread.to_string(), e.to_string())),
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
    if n == 1 { "" } else { "s" }
}

/// Assigns each thread (given with the assignee the agent saw) to `to`.
pub async fn assign_all<T: Transport>(client: &JmapClient<T>, account_id: &str, threads: &[(String, Option<String>)], actor: &Author, to: Option<&str>) -> BulkReport {
    let mut report = BulkReport::default();
    for (thread, seen) in threads {
        let result = assign(client, account_id, thread, actor, seen.as_deref(), to).await.map(|o| match o {
            AssignOutcome::Done(_) => None,
            AssignOutcome::Conflict { current, .. } => Some(format!("{} has it now", current.unwrap_or_else(|| "nobody".into()))),
        });
        report.record(thread, result);
    }
    report
}

pub async fn set_status_all<T: Transport>(client: &JmapClient<T>, account_id: &str, threads: &[String], actor: &Author, status: Status) -> BulkReport {
    let mut report = BulkReport::default();
    for thread in threads {
        report.record(thread, set_status(client, account_id, thread, actor, status).await.map(|_| None));
    }
    report
}

pub async fn tag_all<T: Transport>(client: &JmapClient<T>, account_id: &str, threads: &[String], actor: &Author, tag_id: &str, tag_name: &str) -> BulkReport {
    let mut report = BulkReport::default();
    for thread in threads {
        report.record(thread, tag_thread(client, account_id, thread, actor, tag_id, tag_name, true).await.map(|_| None));
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries() {
        assert_eq!(BulkReport { done: 3, skipped: vec![] }.summary(), "Done for 3 conversations.");
        let r = BulkReport { done: 1, skipped: vec![("t".into(), "bob has it now".into())] };
        assert_eq!(r.summary(), "Done for 1; 1 conversation left as they were: bob has it now");
    }
}
