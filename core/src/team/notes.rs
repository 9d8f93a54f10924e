//! Internal notes: emails in `Tandem/Notes` that join the customer thread (docs/scheme.md,
//! "Notes and activity"). Never submitted; only their author may edit or delete them.

use serde_json::{json, Map, Value};

use super::thread_record::{self, record_object, state_keywords, RecordTarget};
use super::thread_state::read_thread_state;
use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, EmailSet};
use crate::jmap::objects::Email;
use crate::jmap::{Ids, JmapClient};
use crate::model::agent_id;
use crate::model::keywords::{self, HAS_MEMO, NOTE};
use crate::model::kind::KIND_NOTE;
use crate::refusal::Refusal;
use crate::text::clean_text;
use crate::transport::Transport;

pub use super::thread_record::Author;

/// The roster logins `@mentioned` in `text` (case-insensitive, each once, in roster order).
/// A mention is `@login` not preceded by a letter or digit (so an e-mail address is not one).
pub fn mentioned(text: &str, roster: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    roster
        .iter()
        .filter(|login| {
            let needle = format!("@{}", login.to_lowercase());
            lower.match_indices(&needle).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + needle.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .cloned()
        .collect()
}

/// Adds a note to the thread, marking the agents it mentions (logins); returns its email id.
pub async fn add_note<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    author: &Author,
    text: &str,
    mentions: &[String],
) -> Result<String, JmapError> {
    let text = clean_text(text);
    let text = text.trim();
    if text.is_empty() {
        return Err(JmapError::Invalid(Refusal::EmptyNote));
    }
    let state = read_thread_state(client, account_id, thread_id).await?;
    let target = thread_record::target(client, account_id, &state).await?;
    let mut keywords = state_keywords(NOTE, state.status, state.assignee.as_deref());
    for login in mentions {
        keywords.insert(keywords::mention(login), json!(true));
    }
    let note = record_object(&target, KIND_NOTE, keywords, author, text, &[]);
    let mut set = EmailSet::new(account_id).create("note", note);
    for email in state.emails.iter().filter(|e| e.tandem_kind.is_none() && !e.has_keyword(HAS_MEMO)) {
        set = set.update(&email.id, json!({ format!("keywords/{HAS_MEMO}"): true }));
    }
    let response = client.call(set).await?.all_done()?;
    response.created_id("note").ok_or_else(|| JmapError::Protocol("Email/set created no note".into()))
}

async fn own_note<T: Transport>(client: &JmapClient<T>, account_id: &str, note_id: &str, author: &Author) -> Result<Email, JmapError> {
    let get = EmailGet::new(account_id, Ids::List(vec![note_id.into()])).properties(&[
        "id",
        "threadId",
        "keywords",
        "mailboxIds",
        "subject",
        "inReplyTo",
        "references",
        "from",
        "header:X-Tandem-Kind:asText",
        "header:X-Tandem-Author:asText",
    ]);
    let note = client.call(get).await?.list.into_iter().next().ok_or(JmapError::Invalid(Refusal::NoteGone))?;
    if note.tandem_kind.as_deref() != Some(KIND_NOTE) {
        return Err(JmapError::Invalid(Refusal::NotANote));
    }
    if note.tandem_author.as_deref() != Some(agent_id::from_login(&author.login).as_str()) {
        return Err(JmapError::Invalid(Refusal::NotNoteAuthor));
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
pub async fn edit_note<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    note_id: &str,
    author: &Author,
    text: &str,
    mentions: &[String],
) -> Result<String, JmapError> {
    let text = clean_text(text);
    let text = text.trim();
    if text.is_empty() {
        return Err(JmapError::Invalid(Refusal::NoteEmptied));
    }
    let old = own_note(client, account_id, note_id, author).await?;
    let mut keywords: Map<String, Value> =
        old.keywords.iter().filter(|(k, _)| !keywords::is_mention(k)).map(|(k, v)| (k.clone(), json!(v))).collect();
    for login in mentions {
        keywords.insert(keywords::mention(login), json!(true));
    }
    let note = record_object(&RecordTarget::of_record(&old), KIND_NOTE, keywords, author, text, &[]);
    let response = client.call(EmailSet::new(account_id).create("note", note).destroy(note_id)).await?.all_done()?;
    response.created_id("note").ok_or_else(|| JmapError::Protocol("Email/set created no note".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_roster_logins_after_an_at_sign() {
        let roster = vec!["bob".to_string(), "carol".to_string(), "al".to_string()];
        assert_eq!(mentioned("@Bob can you call? cc @carol.", &roster), vec!["bob", "carol"]);
        assert_eq!(mentioned("mail bob@example.net or @bobby", &roster), Vec::<String>::new());
        assert_eq!(mentioned("مرحبا @bob، شكرا", &roster), vec!["bob"]);
    }
}
