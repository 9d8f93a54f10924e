//! A page of a mailbox's thread list, newest first, fetched in one JMAP request of four chained
//! calls: Email/query (collapsed to threads) → Email/get (the newest email of each) → Thread/get →
//! Email/get (every email of those threads, for counts and unread state).

use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, EmailQuery, ThreadGet};
use crate::jmap::objects::{Email, Thread};
use crate::jmap::{JmapClient, Request};
use crate::model::agent_id;
use crate::model::keywords::HAS_MEMO;
use crate::model::kind::{KIND_ACTIVITY, KIND_DRAFT, KIND_NOTE};
use crate::model::status::Status;
use crate::model::thread_state::from_emails;
use crate::text::{html_to_text, preview};
use crate::transport::Transport;

/// The subject of a thread whose emails have none (the app words it in the agent's language).
pub const NO_SUBJECT: &str = "(no subject)";

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadSummary {
    pub thread_id: String,
    /// The newest email of the thread in this mailbox.
    pub email_id: String,
    pub subject: String,
    /// The sender's name, else their address.
    pub from: String,
    /// The sender's address (`from:` searches it; the customer's history is found by it). Absent
    /// in rows kept by older versions: empty until the thread next changes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from_email: String,
    pub preview: String,
    pub received_at: String,
    pub unread: bool,
    pub flagged: bool,
    pub has_attachment: bool,
    pub message_count: usize,
    pub status: Status,
    /// The assignee's login.
    pub assignee: Option<String>,
    /// Tag ids (names are in the team settings).
    pub tags: Vec<String>,
    /// The logins of the agents writing a reply (their shared drafts), sorted.
    #[serde(default)]
    pub drafting: Vec<String>,
    /// Whether a teammate left an internal note on the thread (`$hasmemo`, or a note in it):
    /// what `has:note` searches for. Absent in rows kept by older versions: false until the
    /// thread next changes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_note: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadPage {
    pub position: u64,
    pub total: Option<u64>,
    pub query_state: String,
    /// The account's Email state these threads were read at (to notice later changes).
    pub email_state: String,
    pub threads: Vec<ThreadSummary>,
}

/// How many bytes of each newest email's text to fetch to compute a preview the server lacks.
pub const PREVIEW_SOURCE_BYTES: u64 = 1024;
pub const PREVIEW_CHARS: usize = 160;

const LATEST_PROPERTIES: &[&str] =
    &["id", "threadId", "from", "subject", "preview", "receivedAt", "keywords", "hasAttachment", "textBody", "bodyValues"];
const MEMBER_PROPERTIES: &[&str] =
    &["id", "keywords", "mailboxIds", "receivedAt", "header:X-Tandem-Kind:asText", "header:X-Tandem-Author:asText"];

/// Threads `position .. position + limit` of `mailbox_id`, newest first. `limit` is capped at
/// the server's `maxObjectsInGet`.
pub async fn load_thread_page<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    mailbox_id: &str,
    position: u64,
    limit: u64,
) -> Result<ThreadPage, JmapError> {
    load_filtered_page(client, account_id, serde_json::json!({ "inMailbox": mailbox_id }), position, limit).await
}

/// Like [`load_thread_page`], for any Email/query filter (a team view, a search).
pub async fn load_filtered_page<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    filter: serde_json::Value,
    position: u64,
    limit: u64,
) -> Result<ThreadPage, JmapError> {
    let limit = limit.min(client.limits().max_objects_in_get as u64);
    let mut request = Request::new();
    let query = request
        .add(EmailQuery::new(account_id).filter(filter).collapse_threads(true).position(position).limit(limit).calculate_total(true));
    let latest = request.add(EmailGet::new(account_id, query.ids("/ids")).properties(LATEST_PROPERTIES).preview_text(PREVIEW_SOURCE_BYTES));
    let threads = request.add(ThreadGet::new(account_id, latest.ids("/list/*/threadId")));
    let members = request.add(EmailGet::new(account_id, threads.ids("/list/*/emailIds")).properties(MEMBER_PROPERTIES));
    let response = client.send(request).await?;
    let query = response.get(&query)?;
    let latest = response.get(&latest)?;
    let threads = response.get(&threads)?;
    let members = response.get(&members)?;
    Ok(ThreadPage {
        position: query.position,
        total: query.total,
        query_state: query.query_state,
        email_state: members.state.clone(),
        threads: summarize(&query.ids, latest.list, &threads.list, &members.list),
    })
}

/// Builds the summaries in the query's order from the fetched objects.
pub fn summarize(order: &[String], latest: Vec<Email>, threads: &[Thread], members: &[Email]) -> Vec<ThreadSummary> {
    let members: std::collections::HashMap<&str, &Email> = members.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut by_id: std::collections::HashMap<String, Email> = latest.into_iter().map(|e| (e.id.clone(), e)).collect();
    order
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|email| {
            let thread = threads.iter().find(|t| t.id == email.thread_id);
            let in_thread: Vec<&Email> =
                thread.map(|t| t.email_ids.iter().filter_map(|id| members.get(id.as_str()).copied()).collect()).unwrap_or_default();
            // Drafts and activity records never make a thread unread.
            let is_draft = |e: &Email| e.has_keyword("$draft") || e.tandem_kind.as_deref() == Some(KIND_ACTIVITY);
            let team = from_emails(&email.thread_id, String::new(), in_thread.iter().map(|e| (*e).clone()).collect());
            ThreadSummary {
                status: team.status,
                assignee: team.assignee,
                tags: team.tags,
                drafting: drafting(&in_thread),
                has_note: email.has_keyword(HAS_MEMO)
                    || in_thread.iter().any(|e| e.has_keyword(HAS_MEMO) || e.tandem_kind.as_deref() == Some(KIND_NOTE)),
                unread: if in_thread.is_empty() {
                    !email.has_keyword("$seen")
                } else {
                    in_thread.iter().any(|e| !is_draft(e) && !e.has_keyword("$seen"))
                },
                flagged: email.has_keyword("$flagged") || in_thread.iter().any(|e| e.has_keyword("$flagged")),
                // Mail only: internal notes and activity records are not messages.
                message_count: if in_thread.is_empty() { 1 } else { in_thread.iter().filter(|e| e.tandem_kind.is_none()).count().max(1) },
                thread_id: email.thread_id.clone(),
                subject: email.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| NO_SUBJECT.into()),
                from: email.from.as_ref().and_then(|f| f.first()).map(|a| a.label()).unwrap_or_default(),
                from_email: email.from.as_ref().and_then(|f| f.first()).and_then(|a| a.email.clone()).unwrap_or_default(),
                preview: email_preview(&email),
                received_at: email.received_at.clone().unwrap_or_default(),
                has_attachment: email.has_attachment,
                email_id: email.id,
            }
        })
        .collect()
}

/// An open, read, unassigned and untagged one-message thread, for tests to change.
#[cfg(test)]
pub(crate) fn test_row(id: &str) -> ThreadSummary {
    ThreadSummary {
        thread_id: id.into(),
        email_id: format!("e-{id}"),
        subject: String::new(),
        from: String::new(),
        from_email: String::new(),
        preview: String::new(),
        received_at: String::new(),
        unread: false,
        flagged: false,
        has_attachment: false,
        message_count: 1,
        status: Status::Open,
        assignee: None,
        tags: vec![],
        drafting: vec![],
        has_note: false,
    }
}

/// Who is writing a reply in a thread of `emails`: the authors of its shared drafts, sorted.
fn drafting(emails: &[&Email]) -> Vec<String> {
    let mut authors: Vec<String> = emails
        .iter()
        .filter(|e| e.tandem_kind.as_deref() == Some(KIND_DRAFT))
        .filter_map(|e| agent_id::to_login(e.tandem_author.as_deref()?))
        .collect();
    crate::sort::sort(&mut authors);
    authors.dedup();
    authors
}

/// A preview computed from the start of the text body when it was fetched, else the server's.
/// The server's is not always usable: Cyrus 3.6 omits it for non-ASCII bodies and gives the raw
/// HTML source for HTML-only mail.
pub fn email_preview(email: &Email) -> String {
    let text: Vec<String> = email
        .text_body
        .iter()
        .flatten()
        .filter_map(|part| {
            let value = email.body_values.get(part.part_id.as_deref()?)?;
            Some(if part.mime_type.as_deref() == Some("text/html") { html_to_text(&value.value) } else { value.value.clone() })
        })
        .collect();
    let computed = preview(&text.join(" "), PREVIEW_CHARS);
    if !computed.is_empty() {
        return computed;
    }
    // Cyrus's preview of HTML-only mail is its source: read as HTML, never shown as markup (a
    // newsletter's first bytes are all head, so this is often empty, and empty is right).
    let server = email.preview.as_deref().unwrap_or_default();
    if server.trim_start().starts_with('<') {
        return preview(&html_to_text(server), PREVIEW_CHARS);
    }
    preview(server, PREVIEW_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn email(v: serde_json::Value) -> Email {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn summaries_follow_query_order_and_count_thread_state() {
        let latest = vec![
            email(json!({"id": "e2", "threadId": "t2", "subject": "", "keywords": {"$seen": true}, "preview": "hi"})),
            email(
                json!({"id": "e1", "threadId": "t1", "subject": "Refund", "from": [{"name": " ", "email": "a@x"}], "keywords": {"$seen": true}}),
            ),
        ];
        let threads = vec![
            Thread { id: "t1".into(), email_ids: vec!["e0".into(), "n1".into(), "d1".into(), "d2".into(), "e1".into()] },
            Thread { id: "t2".into(), email_ids: vec!["e2".into()] },
        ];
        let members = vec![
            email(json!({"id": "e0", "keywords": {}})),
            email(json!({"id": "n1", "keywords": {"$seen": true}, "header:X-Tandem-Kind:asText": "note"})),
            email(
                json!({"id": "d1", "keywords": {"$draft": true}, "header:X-Tandem-Kind:asText": "draft", "header:X-Tandem-Author:asText": "bob"}),
            ),
            email(
                json!({"id": "d2", "keywords": {"$draft": true}, "header:X-Tandem-Kind:asText": "draft", "header:X-Tandem-Author:asText": "al_2eb"}),
            ),
            email(json!({"id": "e1", "keywords": {"$seen": true}})),
            email(json!({"id": "e2", "keywords": {"$seen": true, "$flagged": true, "$tandem_closed": true, "$tandem_to_bob": true}})),
        ];
        let out = summarize(&["e1".into(), "e2".into()], latest, &threads, &members);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].subject.as_str(), out[0].from.as_str(), out[0].unread, out[0].message_count), ("Refund", "a@x", true, 2));
        assert_eq!((out[1].subject.as_str(), out[1].unread, out[1].flagged, out[1].message_count), ("(no subject)", false, true, 1));
        assert_eq!((out[1].status, out[1].assignee.as_deref()), (Status::Closed, Some("bob")));
        assert_eq!((out[0].status, out[0].assignee.as_deref()), (Status::Open, None));
        // Drafts are no messages and make nothing unread; who writes them is said.
        assert_eq!((out[0].drafting.clone(), out[1].drafting.len()), (vec!["al.b".to_string(), "bob".to_string()], 0));
    }

    #[test]
    fn an_html_preview_from_the_server_is_not_shown_raw() {
        let e = email(json!({
            "id": "e", "threadId": "t", "preview": "<html><body><p>Your order",
            "textBody": [{"partId": "1", "type": "text/html"}],
            "bodyValues": {"1": {"value": "<html><body><p>Your order</p><p>has shipped</p>"}}
        }));
        assert_eq!(email_preview(&e), "Your order has shipped");
        let bare = email(json!({"id": "e", "threadId": "t", "preview": "server text"}));
        assert_eq!(email_preview(&bare), "server text");
        let source = email(
            json!({"id": "e", "threadId": "t", "preview": "<!doctype html> <html xmlns=\"http://www.w3.org/1999/xhtml\"> <head> <!--[if gte mso 15]> <xml>"}),
        );
        assert_eq!(email_preview(&source), "", "a newsletter's head is no preview");
    }

    #[test]
    fn preview_falls_back_to_the_text_body() {
        let e = email(json!({
            "id": "e", "threadId": "t", "preview": "",
            "textBody": [{"partId": "1", "type": "text/html"}],
            "bodyValues": {"1": {"value": "<p>مرحبا،</p><p>لا أستطيع تسجيل الدخول</p>"}}
        }));
        assert_eq!(email_preview(&e), "مرحبا، لا أستطيع تسجيل الدخول");
    }
}
