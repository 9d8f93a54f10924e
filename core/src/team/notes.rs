//! Internal notes: emails in `Tandem/Notes` that join the customer thread (docs/scheme.md,
//! "Notes and activity"). Never submitted; only their author may edit or delete them.

use serde_json::{json, Map, Value};

use super::keywords::{self, ASSIGNED, HAS_MEMO, NOTE, SEEN};
use super::tandem_mailboxes::{self, NOTES};
use super::thread_state::read_thread_state;
use super::agent_id;
use crate::error::{ErrorKind, JmapError, MethodError};
use crate::jmap::methods::{EmailGet, EmailSet};
use crate::jmap::objects::Email;
use crate::jmap::{Ids, JmapClient};
use crate::text::base_subject;
use crate::transport::Transport;

pub const KIND_NOTE: &str = "note";

/// The agent writing: their login and the name shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub login: String,
    pub name: String,
}

fn refused(description: &str) -> JmapError {
    JmapError::Method(MethodError { kind: ErrorKind::Forbidden, description: Some(description.into()), extra: Map::new() })
}

/// Adds a note to the thread; returns the note's email id.
pub async fn add_note<T: Transport>(client: &JmapClient<T>, account_id: &str, thread_id: &str, author: &Author, text: &str) -> Result<String, JmapError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(refused("An empty note was not saved."));
    }
    let state = read_thread_state(client, account_id, thread_id).await?;
    let notes = tandem_mailboxes::ensure(client, account_id, NOTES).await?;
    let anchor = state.emails.iter().rev().find_map(|e| e.message_id.as_ref()?.first().cloned());
    let subject = state.emails.iter().find_map(|e| e.subject.as_deref().map(base_subject).filter(|s| !s.is_empty())).unwrap_or_default().to_string();

    let mut kw = Map::new();
    for k in [NOTE, SEEN].into_iter().chain(state.status.keyword()) {
        kw.insert(k.into(), json!(true));
    }
    if let Some(login) = &state.assignee {
        kw.insert(ASSIGNED.into(), json!(true));
        kw.insert(keywords::assignee(login), json!(true));
    }
    let note = note_object(&notes, kw, author, &subject, anchor.as_deref(), text);
    let mut set = EmailSet::new(account_id).create("note", note);
    for email in state.emails.iter().filter(|e| e.tandem_kind.is_none() && !e.has_keyword(HAS_MEMO)) {
        set = set.update(&email.id, json!({ format!("keywords/{HAS_MEMO}"): true }));
    }
    let response = client.call(set).await?.all_done()?;
    response.created_id("note").ok_or_else(|| JmapError::Protocol("Email/set created no note".into()))
}

fn note_object(mailbox: &str, keywords: Map<String, Value>, author: &Author, subject: &str, anchor: Option<&str>, text: &str) -> Value {
    let mut note = json!({
        "mailboxIds": { mailbox: true },
        "keywords": keywords,
        "from": [{ "name": author.name, "email": author.login }],
        "subject": format!("Re: {subject}"),
        "header:X-Tandem-Kind:asText": KIND_NOTE,
        "header:X-Tandem-Author:asText": agent_id::from_login(&author.login),
        "bodyValues": { "body": { "value": text } },
        "textBody": [{ "partId": "body", "type": "text/plain" }],
    });
    if let Some(id) = anchor {
        note["inReplyTo"] = json!([id]);
        note["references"] = json!([id]);
    }
    note
}

async fn own_note<T: Transport>(client: &JmapClient<T>, account_id: &str, note_id: &str, author: &Author) -> Result<Email, JmapError> {
    let get = EmailGet::new(account_id, Ids::List(vec![note_id.into()])).properties(&[
        "id", "threadId", "keywords", "mailboxIds", "subject", "inReplyTo", "references", "from",
        "header:X-Tandem-Kind:asText", "header:X-Tandem-Author:asText",
    ]);
    let note = client.call(get).await?.list.into_iter().next().ok_or_else(|| refused("This note no longer exists."))?;
    if note.tandem_kind.as_deref() != Some(KIND_NOTE) {
        return Err(refused("This is not an internal note."));
    }
    if note.tandem_author.as_deref() != Some(agent_id::from_login(&author.login).as_str()) {
        return Err(refused("Only the author of a note can change it."));
    }
    Ok(note)
}

/// Deletes one of the author's own notes.
pub async fn delete_note<T: Transport>(client: &JmapClient<T>, account_id: &str, note_id: &str, author: &Author) -> Result<(), JmapError> {
    own_note(client, account_id, note_id, author).await?;
    client.call(EmailSet::new(account_id).destroy(note_id)).await?.all_done().map(|_| ())
}

/// Replaces the text of one of the author's own notes (emails are immutable: the note is
/// re-created with the same headers and keywords, and the old one destroyed, in one call).
/// Returns the new note's id.
pub async fn edit_note<T: Transport>(client: &JmapClient<T>, account_id: &str, note_id: &str, author: &Author, text: &str) -> Result<String, JmapError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(refused("A note cannot be emptied; delete it instead."));
    }
    let old = own_note(client, account_id, note_id, author).await?;
    let mailbox = old.mailbox_ids.keys().next().cloned().unwrap_or_default();
    let keywords: Map<String, Value> = old.keywords.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let subject = old.subject.as_deref().map(base_subject).unwrap_or_default().to_string();
    let anchor = old.in_reply_to.as_ref().and_then(|v| v.first().cloned());
    let note = note_object(&mailbox, keywords, author, &subject, anchor.as_deref(), text);
    let response = client.call(EmailSet::new(account_id).create("note", note).destroy(note_id)).await?.all_done()?;
    response.created_id("note").ok_or_else(|| JmapError::Protocol("Email/set created no note".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_joins_the_thread_and_names_its_author() {
        let author = Author { login: "Alice".into(), name: "Alice Martin".into() };
        let n = note_object("N", Map::new(), &author, "Refund", Some("m1@x"), "Called them");
        assert_eq!(n["subject"], "Re: Refund");
        assert_eq!(n["inReplyTo"], json!(["m1@x"]));
        assert_eq!(n["header:X-Tandem-Author:asText"], "alice");
        assert_eq!(n["header:X-Tandem-Kind:asText"], "note");
        assert_eq!(n["bodyValues"]["body"]["value"], "Called them");
    }
}
