//! One page of a mailbox's threads as four chained calls, the same chain as the live thread list
//! ([`crate::thread_list`]): Email/query (collapsed to threads, newest first) → Email/get (the
//! newest email of each, with a little text for previews) → Thread/get → Email/get (every email
//! of those threads). Several pages can go in one request; each is its own chain.

use std::collections::BTreeMap;

use serde_json::json;

use super::records::{EmailRecord, MEMBER_PREVIEW_BYTES, PREVIEW_SOURCE_BYTES, RECORD_PROPERTIES, RECORD_WITH_TEXT_PROPERTIES};
use super::store::StoreBatch;
use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, EmailQuery, ThreadGet};
use crate::jmap::objects::{Email, GetResponse, QueryResponse, Thread};
use crate::jmap::{CallRef, Ids, Request, Response};
use crate::model::keywords::is_mention;
use crate::thread_list::{summarize, ThreadPage};

/// The handles of one page's calls in a request.
pub(crate) struct PageCalls {
    query: CallRef<QueryResponse>,
    latest: CallRef<GetResponse<Email>>,
    threads: CallRef<GetResponse<Thread>>,
    members: CallRef<GetResponse<Email>>,
}

/// The thread list of `mailbox_id` (newest first, one email per thread), as every page reads it.
pub(crate) fn thread_query(account_id: &str, mailbox_id: &str) -> EmailQuery {
    EmailQuery::new(account_id).filter(json!({ "inMailbox": mailbox_id })).collapse_threads(true)
}

/// Adds the chain for threads `position .. position + limit` of `mailbox_id` to `request`.
pub(crate) fn add_page(request: &mut Request, account_id: &str, mailbox_id: &str, position: u64, limit: u64) -> PageCalls {
    let query = request.add(thread_query(account_id, mailbox_id).position(position).limit(limit).calculate_total(true));
    let latest = request
        .add(EmailGet::new(account_id, query.ids("/ids")).properties(RECORD_WITH_TEXT_PROPERTIES).preview_text(PREVIEW_SOURCE_BYTES));
    let threads = request.add(ThreadGet::new(account_id, latest.ids("/list/*/threadId")));
    // No text for the other emails (most of it would go unused): the notes a Mentions row shows
    // that come without a server preview are read afterwards ([`Page::notes_without_preview`]).
    let members = EmailGet::new(account_id, threads.ids("/list/*/emailIds")).properties(RECORD_PROPERTIES);
    let members = request.add(members);
    PageCalls { query, latest, threads, members }
}

/// `Email/get` of `ids` with the text a Mentions row's preview is made from.
pub(crate) fn add_note_texts(request: &mut Request, account_id: &str, ids: Vec<String>) -> CallRef<GetResponse<Email>> {
    request.add(EmailGet::new(account_id, Ids::List(ids)).properties(RECORD_WITH_TEXT_PROPERTIES).preview_text(MEMBER_PREVIEW_BYTES))
}

/// A page as the server answered it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub query: QueryResponse,
    pub latest: Vec<Email>,
    pub threads: Vec<Thread>,
    pub members: Vec<Email>,
    /// The Email and Thread states the page was read at.
    pub email_state: String,
    pub thread_state: String,
}

impl PageCalls {
    pub(crate) fn read(&self, response: &Response) -> Result<Page, JmapError> {
        let query = response.get(&self.query)?;
        let latest = response.get(&self.latest)?;
        let threads = response.get(&self.threads)?;
        let members = response.get(&self.members)?;
        Ok(Page {
            query,
            email_state: latest.state,
            thread_state: threads.state,
            latest: latest.list,
            threads: threads.list,
            members: members.list,
        })
    }
}

impl Page {
    /// How many threads the page holds.
    pub(crate) fn len(&self) -> u64 {
        self.query.ids.len() as u64
    }

    /// Emails of the page read without text that a Mentions row shows (a note mentioning an
    /// agent) and that came without a server preview: Cyrus 3.6 gives none for some non-ASCII
    /// text (a long, mostly-ASCII line with Arabic in it), and a note's preview is what a
    /// Mentions row shows.
    pub(crate) fn notes_without_preview(&self) -> Vec<String> {
        let mentions = |e: &Email| e.keywords.iter().any(|(k, on)| *on && is_mention(k));
        self.members
            .iter()
            .filter(|e| e.preview.as_deref().is_none_or(|p| p.trim().is_empty()) && e.body_values.is_empty() && mentions(e))
            .map(|e| e.id.clone())
            .collect()
    }

    /// The page as the list shows it.
    pub(crate) fn thread_page(&self) -> ThreadPage {
        ThreadPage {
            position: self.query.position,
            total: self.query.total,
            query_state: self.query.query_state.clone(),
            email_state: self.email_state.clone(),
            threads: summarize(&self.query.ids, self.latest.clone(), &self.threads, &self.members),
        }
    }

    /// Adds the page's threads and emails to `batch`. An email fetched with its text (the newest
    /// of a thread) keeps the preview made from it.
    pub(crate) fn write_into(self, batch: &mut StoreBatch) {
        let mut emails: BTreeMap<String, EmailRecord> = self.members.iter().map(|e| (e.id.clone(), EmailRecord::from(e))).collect();
        emails.extend(self.latest.iter().map(|e| (e.id.clone(), EmailRecord::from(e))));
        batch.emails.extend(emails.into_values());
        batch.threads.extend(self.threads.into_iter().map(Into::into));
    }
}
