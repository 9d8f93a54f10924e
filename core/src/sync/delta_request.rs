//! One round of a delta sync as one request: `Mailbox/changes`, `Email/changes` and
//! `Thread/changes` from the stored states, each followed by the `*/get` of what it reports, by
//! result reference (eleven calls, three independent chains):
//!
//! ```text
//! Mailbox/changes → Mailbox/get(created), Mailbox/get(updated)
//! Email/changes   → Email/get(created, with text for previews), Email/get(updated)
//! Thread/changes  → Thread/get(created) → Email/get(its emails)
//!                 → Thread/get(updated) → Email/get(its emails)
//! ```
//!
//! Every thread that changed comes with all of its emails, so a thread an email joins (or
//! leaves, or whose keywords change: Cyrus 3.6 reports those threads as updated too) is stored
//! whole, even if some of its emails are in mailboxes the store never synced.

use std::collections::BTreeSet;

use super::records::{EmailRecord, MailboxRecord, PREVIEW_SOURCE_BYTES, RECORD_PROPERTIES, RECORD_WITH_TEXT_PROPERTIES};
use super::store::{StoreBatch, SyncState};
use crate::error::JmapError;
use crate::jmap::methods::{EmailChanges, EmailGet, MailboxChanges, MailboxGet, ThreadChanges, ThreadGet};
use crate::jmap::objects::{ChangesResponse, Email, GetResponse, Mailbox, Thread};
use crate::jmap::{CallRef, Request, Response};

pub(crate) struct DeltaCalls {
    mailbox_changes: CallRef<ChangesResponse>,
    mailboxes: [CallRef<GetResponse<Mailbox>>; 2],
    email_changes: CallRef<ChangesResponse>,
    thread_changes: CallRef<ChangesResponse>,
    emails_created: CallRef<GetResponse<Email>>,
    emails_updated: CallRef<GetResponse<Email>>,
    threads: [CallRef<GetResponse<Thread>>; 2],
    members: [CallRef<GetResponse<Email>>; 2],
}

/// Adds one round's calls, from `state`, at most `max_changes` ids per type.
pub(crate) fn add_delta(request: &mut Request, account_id: &str, state: &SyncState, max_changes: u64) -> DeltaCalls {
    let mailbox_changes = request.add(MailboxChanges::new(account_id, &state.mailbox).max_changes(max_changes));
    let mailboxes = ["/created", "/updated"].map(|path| request.add(MailboxGet::new(account_id, mailbox_changes.ids(path))));
    let email_changes = request.add(EmailChanges::new(account_id, &state.email).max_changes(max_changes));
    let created =
        EmailGet::new(account_id, email_changes.ids("/created")).properties(RECORD_WITH_TEXT_PROPERTIES).preview_text(PREVIEW_SOURCE_BYTES);
    let emails_created = request.add(created);
    let emails_updated = request.add(EmailGet::new(account_id, email_changes.ids("/updated")).properties(RECORD_PROPERTIES));
    let thread_changes = request.add(ThreadChanges::new(account_id, &state.thread).max_changes(max_changes));
    let threads = ["/created", "/updated"].map(|path| request.add(ThreadGet::new(account_id, thread_changes.ids(path))));
    let members = [0, 1].map(|i| request.add(EmailGet::new(account_id, threads[i].ids("/list/*/emailIds")).properties(RECORD_PROPERTIES)));
    DeltaCalls { mailbox_changes, mailboxes, email_changes, thread_changes, emails_created, emails_updated, threads, members }
}

/// One round's answer.
#[derive(Debug, Clone)]
pub(crate) struct Delta {
    pub mailbox: ChangesResponse,
    pub email: ChangesResponse,
    pub thread: ChangesResponse,
    mailboxes: Vec<Mailbox>,
    threads: Vec<Thread>,
    created: Vec<Email>,
    refreshed: Vec<Email>,
}

impl DeltaCalls {
    /// The round's answer; an error of a `*/changes` call comes first (the `*/get` calls that
    /// reference it fail with it).
    pub(crate) fn read(&self, response: &Response) -> Result<Delta, JmapError> {
        let mailbox = response.get(&self.mailbox_changes)?;
        let email = response.get(&self.email_changes)?;
        let thread = response.get(&self.thread_changes)?;
        let mut delta =
            Delta { mailbox, email, thread, mailboxes: Vec::new(), threads: Vec::new(), created: Vec::new(), refreshed: Vec::new() };
        for call in &self.mailboxes {
            delta.mailboxes.extend(response.get(call)?.list);
        }
        for call in &self.threads {
            delta.threads.extend(response.get(call)?.list);
        }
        delta.created = response.get(&self.emails_created)?.list;
        delta.refreshed = response.get(&self.emails_updated)?.list;
        for call in &self.members {
            delta.refreshed.extend(response.get(call)?.list);
        }
        Ok(delta)
    }
}

impl Delta {
    pub(crate) fn has_more(&self) -> bool {
        self.mailbox.has_more_changes || self.email.has_more_changes || self.thread.has_more_changes
    }

    /// The states after this round; a destroyed mailbox is no longer covered.
    pub(crate) fn next_state(&self, old: &SyncState) -> SyncState {
        SyncState {
            mailbox: self.mailbox.new_state.clone(),
            email: self.email.new_state.clone(),
            thread: self.thread.new_state.clone(),
            mailboxes: old.mailboxes.iter().filter(|m| !self.mailbox.destroyed.contains(m)).cloned().collect(),
        }
    }

    /// Whether the server reported nothing at all.
    pub(crate) fn is_empty(&self) -> bool {
        [&self.mailbox, &self.email, &self.thread].iter().all(|c| c.created.is_empty() && c.updated.is_empty() && c.destroyed.is_empty())
    }

    /// The round as one store batch, recording `state`.
    pub(crate) fn into_batch(self, account_id: &str, state: SyncState) -> StoreBatch {
        let mut batch = StoreBatch::new(account_id);
        batch.mailboxes = self.mailboxes.into_iter().map(MailboxRecord::from).collect();
        batch.mailboxes_destroyed = self.mailbox.destroyed;
        batch.threads = self.threads.into_iter().map(Into::into).collect();
        batch.threads_destroyed = self.thread.destroyed;
        let created: BTreeSet<String> = self.created.iter().map(|e| e.id.clone()).collect();
        let mut seen = BTreeSet::new();
        batch.email_updates =
            self.refreshed.iter().filter(|e| !created.contains(&e.id) && seen.insert(e.id.clone())).map(EmailRecord::from).collect();
        batch.emails = self.created.iter().map(EmailRecord::from).collect();
        batch.emails_destroyed = self.email.destroyed;
        batch.state = Some(state);
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_round_is_eleven_calls_in_three_chains_that_fit_one_request() {
        let mut request = Request::new();
        let state = SyncState { mailbox: "m1".into(), email: "e1".into(), thread: "t1".into(), mailboxes: vec![] };
        add_delta(&mut request, "A", &state, 100);
        let v = request.to_json();
        let calls = v["methodCalls"].as_array().unwrap();
        let names: Vec<&str> = calls.iter().map(|c| c[0].as_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "Mailbox/changes",
                "Mailbox/get",
                "Mailbox/get",
                "Email/changes",
                "Email/get",
                "Email/get",
                "Thread/changes",
                "Thread/get",
                "Thread/get",
                "Email/get",
                "Email/get"
            ]
        );
        assert_eq!(calls[3][1]["sinceState"], "e1");
        assert_eq!(calls[3][1]["maxChanges"], 100);
        assert_eq!(calls[4][1]["#ids"], json!({"resultOf": "c3", "name": "Email/changes", "path": "/created"}));
        assert_eq!(calls[9][1]["#ids"], json!({"resultOf": "c7", "name": "Thread/get", "path": "/list/*/emailIds"}));
        // RFC 8620's suggested minimum of 16 calls takes it in one request; 5 is the least that works.
        assert_eq!(request.clone().split(16).unwrap().len(), 1);
        assert_eq!(request.split(5).unwrap().len(), 3);
    }
}
