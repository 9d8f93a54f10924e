//! Assigning a thread, safely when several agents act at once (docs/scheme.md, "Concurrent
//! assignment"): read the thread, check that its assignee is still the one the agent saw, write
//! with `ifInState`, and on `stateMismatch` read again.

use serde_json::{Map, Value};

use super::activity::Activity;
use super::tandem_mailboxes::{self, NOTES};
use super::thread_record::{target_in, Author};
use super::thread_state::read_thread_state;
use crate::error::{ErrorKind, JmapError};
use crate::jmap::methods::EmailSet;
use crate::jmap::JmapClient;
use crate::model::keywords::{self, ASSIGNED};
use crate::model::thread_state::ThreadState;
use crate::transport::Transport;

/// How many times a write is retried when the account changed for unrelated reasons.
const MAX_ATTEMPTS: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub enum AssignOutcome {
    /// The thread now has the requested assignee (possibly because it already had).
    Done(ThreadState),
    /// Someone else changed the assignee since the agent looked; nothing was written.
    Conflict { current: Option<String>, state: ThreadState },
}

/// Sets the thread's assignee to `to` (a login; `None` unassigns), provided its assignee is still
/// `expected` (what the agent saw).
/// `actor` is recorded in the thread's activity.
pub async fn assign<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    actor: &Author,
    expected: Option<&str>,
    to: Option<&str>,
) -> Result<AssignOutcome, JmapError> {
    let normalize = |l: Option<&str>| l.map(|s| s.to_lowercase());
    let (expected, to) = (normalize(expected), normalize(to));
    let notes = tandem_mailboxes::ensure(client, account_id, NOTES).await?;
    for _ in 0..MAX_ATTEMPTS {
        let state = read_thread_state(client, account_id, thread_id).await?;
        if state.assignee == to {
            return Ok(AssignOutcome::Done(state));
        }
        if state.assignee != expected {
            return Ok(AssignOutcome::Conflict { current: state.assignee.clone(), state });
        }
        let record = Activity::Assigned(to.clone()).record(&target_in(notes.clone(), &state), actor, state.status, to.as_deref());
        let mut set = EmailSet::new(account_id).if_in_state(&state.email_state).create("activity", record);
        for email in &state.emails {
            set = set.update(&email.id, Value::Object(patch(&email.keywords, to.as_deref())));
        }
        match client.call(set).await {
            Ok(response) => match response.first_error() {
                Some(e) => return Err(e),
                None => return Ok(AssignOutcome::Done(read_thread_state(client, account_id, thread_id).await?)),
            },
            Err(JmapError::Method(e)) if e.kind == ErrorKind::StateMismatch => continue,
            Err(e) => return Err(e),
        }
    }
    Err(JmapError::Protocol("the team inbox kept changing; the assignment was not saved, try again".into()))
}

/// The keyword patch that moves one email from its current assignee to `to`.
fn patch(current: &std::collections::BTreeMap<String, bool>, to: Option<&str>) -> Map<String, Value> {
    let mut patch = Map::new();
    for k in current.keys().filter(|k| keywords::is_assignee(k)) {
        patch.insert(format!("keywords/{k}"), Value::Null);
    }
    match to {
        Some(login) => {
            patch.insert(format!("keywords/{}", keywords::assignee(login)), Value::Bool(true));
            patch.insert(format!("keywords/{ASSIGNED}"), Value::Bool(true));
        }
        None => {
            patch.insert(format!("keywords/{ASSIGNED}"), Value::Null);
        }
    }
    patch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reassigning_removes_the_old_assignee() {
        let current = [("$tandem_to_bob".to_string(), true), ("$seen".to_string(), true)].into_iter().collect();
        let p = patch(&current, Some("alice"));
        assert_eq!(p["keywords/$tandem_to_bob"], Value::Null);
        assert_eq!(p["keywords/$tandem_to_alice"], Value::Bool(true));
        assert_eq!(p["keywords/$tandem_assigned"], Value::Bool(true));
        assert!(!p.contains_key("keywords/$seen"));
        let p = patch(&current, None);
        assert_eq!(p["keywords/$tandem_assigned"], Value::Null);
    }
}
