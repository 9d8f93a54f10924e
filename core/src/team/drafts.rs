//! Shared drafts (docs/scheme.md, "Drafts"): a reply being written is saved on the server, in the
//! team account's `Tandem/Drafts`, as an email with `$draft` that joins the customer's thread (by
//! references and subject, as notes do), carries the thread's state keywords (so saving one
//! changes no status), and names its author (`X-Tandem-Kind: draft`, `X-Tandem-Author`). So it
//! survives a crash and follows the agent to another device, and teammates see who is writing.
//!
//! Emails cannot be changed: each save creates the new version and destroys the author's older
//! ones in the thread, in one request. Only its author can discard a draft; a send discards the
//! author's drafts in the thread once the reply is filed (`reply::send`). A save based on a
//! version that is gone, with none of the author's left in the thread, makes nothing: the reply
//! was sent (or the draft discarded) on another device, and is not made again to be sent twice.

use serde_json::{Map, Value};

use super::tandem_mailboxes::{self, DRAFTS};
use super::thread_record::{record_object, state_keywords, target_in, Author, RecordTarget};
use super::thread_state::read_thread_state;
use crate::error::JmapError;
use crate::jmap::methods::EmailSet;
use crate::jmap::JmapClient;
use crate::model::keywords::DRAFT;
use crate::model::kind::KIND_DRAFT;
use crate::model::shared_draft::own_drafts;
pub use crate::model::shared_draft::SharedDraft;
use crate::reply::ReplyDraft;
use crate::transport::Transport;

/// The header that keeps what the composer holds besides the text (recipients, subject, what the
/// reply answers, what the agent had seen), as JSON.
pub const DRAFT_HEADER: &str = "X-Tandem-Draft";

/// Saves `draft` as `author`'s draft of thread `thread_id`, replacing the author's older ones
/// there; returns the new draft's id. `None` when the version the draft was read from or saved as
/// (`server_id`) is gone and the author has no other in the thread: the reply was sent or the
/// draft discarded on another device, and it is not made again.
pub async fn save_draft<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    author: &Author,
    draft: &ReplyDraft,
) -> Result<Option<String>, JmapError> {
    let state = read_thread_state(client, account_id, thread_id).await?;
    let mailbox = tandem_mailboxes::ensure(client, account_id, DRAFTS).await?;
    let older = own_drafts(&state.emails, &author.login);
    let keywords = state_keywords(DRAFT, state.status, state.assignee.as_deref());
    let version = Version { target: target_in(mailbox, &state), kind: KIND_DRAFT, keywords };
    replace(client, account_id, author, draft, version, &older).await
}

/// Where a draft's new version is written, and as what.
pub(super) struct Version {
    pub target: RecordTarget,
    pub kind: &'static str,
    pub keywords: Map<String, Value>,
}

/// Writes `draft` as `author`'s new `version`, destroying `older` (the author's versions it
/// replaces) in the same request; returns its id. Writes nothing and returns `None` when the
/// draft was read or saved (`server_id`) and none of the author's versions is left: it was sent
/// or discarded on another device (one author, one draft), and must not be made again.
pub(super) async fn replace<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    author: &Author,
    draft: &ReplyDraft,
    version: Version,
    older: &[String],
) -> Result<Option<String>, JmapError> {
    if draft.server_id.is_some() && older.is_empty() {
        return Ok(None);
    }
    let fields = serde_json::to_string(&draft.fields_only()).map_err(|e| JmapError::Protocol(e.to_string()))?;
    let email = record_object(&version.target, version.kind, version.keywords, author, &draft.text, &[(DRAFT_HEADER, fields)]);
    let set = older.iter().fold(EmailSet::new(account_id).create("draft", email), |set, id| set.destroy(id));
    let response = client.call(set).await?;
    // An older version already gone (another tab, a send) is no failure.
    if let Some(refusal) = response.not_created.as_ref().and_then(|n| n.get("draft")) {
        return Err(JmapError::Method(refusal.clone()));
    }
    response.created_id("draft").map(Some).ok_or_else(|| JmapError::Protocol("Email/set created no draft".into()))
}

/// The ids of `login`'s drafts in thread `thread`, as the server has them now.
pub async fn drafts_by<T: Transport>(client: &JmapClient<T>, account: &str, thread: &str, login: &str) -> Result<Vec<String>, JmapError> {
    let state = read_thread_state(client, account, thread).await?;
    Ok(own_drafts(&state.emails, login))
}

/// Discards `author`'s drafts of thread `thread_id` (nobody else's: a teammate's draft is theirs).
pub async fn discard_drafts<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    author_login: &str,
) -> Result<(), JmapError> {
    let own = drafts_by(client, account_id, thread_id, author_login).await?;
    if own.is_empty() {
        return Ok(());
    }
    client.call(own.iter().fold(EmailSet::new(account_id), |set, id| set.destroy(id))).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jmap::objects::Email;
    use serde_json::json;

    fn email(value: serde_json::Value) -> Email {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_draft_is_read_with_its_author_and_fields_and_nothing_else_is_one() {
        let mut fields = ReplyDraft { to: "أحمد <ahmed@x.example>".into(), subject: "Re: طلب".into(), ..Default::default() };
        fields.seen = vec!["m1".into()];
        let draft = email(json!({
            "id": "d1", "header:X-Tandem-Kind:asText": "draft", "header:X-Tandem-Author:asText": "bob",
            "header:X-Tandem-At:asText": "1700000000123", "header:X-Tandem-Draft:asText": serde_json::to_string(&fields).unwrap()
        }));
        let shared = SharedDraft::of_email(&draft, "Hello".into()).unwrap();
        assert_eq!((shared.author.as_str(), shared.saved_ms), ("bob", 1_700_000_000_123));
        let reopened = ReplyDraft::reopen(&shared).unwrap();
        assert_eq!(
            (reopened.to.as_str(), reopened.text.as_str(), reopened.server_id.as_deref()),
            ("أحمد <ahmed@x.example>", "Hello", Some("d1"))
        );
        assert!(SharedDraft::of_email(
            &email(json!({"id": "n", "header:X-Tandem-Kind:asText": "note", "header:X-Tandem-Author:asText": "bob"})),
            String::new()
        )
        .is_none());
        let foreign = email(
            json!({"id": "d2", "header:X-Tandem-Kind:asText": "draft", "header:X-Tandem-Author:asText": "bob", "header:X-Tandem-Draft:asText": "{not json"}),
        );
        assert_eq!(
            ReplyDraft::reopen(&SharedDraft::of_email(&foreign, "x".into()).unwrap()),
            None,
            "unreadable fields: shown, not reopened"
        );
        assert_eq!(own_drafts(&[draft, foreign], "Bob"), vec!["d1".to_string(), "d2".to_string()]);
    }
}
