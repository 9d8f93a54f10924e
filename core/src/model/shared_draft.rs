//! A shared draft as a thread shows it (docs/scheme.md, "Drafts"): who is writing, since when,
//! and what; written by `team::drafts` (and `team::new_drafts`), reopened by `ReplyDraft::reopen`.

use super::agent_id;
use super::kind::{KIND_DRAFT, KIND_NEW_DRAFT};
use crate::jmap::objects::Email;

/// A draft on the server, as the conversation shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedDraft {
    pub id: String,
    /// The author's login.
    pub author: String,
    /// When it was saved, in milliseconds since the epoch (0 when unknown).
    pub saved_ms: u64,
    /// What the author wrote.
    pub text: String,
    /// The composer's other fields, as JSON (`ReplyDraft::reopen` reads them).
    pub fields: Option<String>,
}

impl SharedDraft {
    /// The draft `email` is, if it is one of Tandem's (a draft without a readable author is
    /// nobody's and is not shown).
    pub fn of_email(email: &Email, text: String) -> Option<SharedDraft> {
        Self::of_kind(email, KIND_DRAFT, text)
    }

    /// [`SharedDraft::of_email`] for drafts of `kind` (a reply's, or a new conversation's).
    fn of_kind(email: &Email, kind: &str, text: String) -> Option<SharedDraft> {
        if email.tandem_kind.as_deref() != Some(kind) {
            return None;
        }
        let author = agent_id::to_login(email.tandem_author.as_deref()?)?;
        let fields = email.tandem_draft.clone();
        let saved_ms = email.tandem_at.as_deref().and_then(|at| at.parse().ok()).unwrap_or(0);
        Some(SharedDraft { id: email.id.clone(), author, saved_ms, text, fields })
    }
}

/// The ids of `author_login`'s drafts among `emails`.
pub fn own_drafts(emails: &[Email], author_login: &str) -> Vec<String> {
    emails.iter().filter(|e| written_by(e, KIND_DRAFT, author_login)).map(|e| e.id.clone()).collect()
}

/// `email` is a Tandem draft of `kind` by `author_login`.
fn written_by(email: &Email, kind: &str, author_login: &str) -> bool {
    email.tandem_kind.as_deref() == Some(kind) && email.tandem_author.as_deref() == Some(agent_id::from_login(author_login).as_str())
}

/// The "thread" a new conversation's draft is kept under, on the device and in a send job's
/// `drafts_of` (it joins no customer thread: `team::new_drafts`).
pub const NEW_CONVERSATION: &str = "new";

/// `author_login`'s new conversation's drafts among `emails`, newest first.
pub fn own_new_drafts(emails: &[Email], author_login: &str) -> Vec<SharedDraft> {
    let mut drafts: Vec<SharedDraft> = emails
        .iter()
        .filter(|e| written_by(e, KIND_NEW_DRAFT, author_login))
        .filter_map(|e| SharedDraft::of_kind(e, KIND_NEW_DRAFT, e.text_parts()))
        .collect();
    drafts.sort_by_key(|d| std::cmp::Reverse(d.saved_ms));
    drafts
}
