//! Tandem's own refusals: what the agent asked for cannot be written as it is, found before
//! anything is sent (a blank name, a full roster, a note that is not theirs, a reply without a
//! recipient). Carried by `JmapError::Invalid`. `Display` is the English sentence (core's tests
//! and logs); the app words each kind in the agent's language from its data.
//!
//! A leaf module: `error` and `reply` both use it, so it uses neither.

use std::fmt;

/// Why Tandem refuses a change before sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// What was typed as the team's address is not an email address.
    NotAnAddress { address: String },
    /// A login typed for a new agent is empty or has spaces or control characters.
    LoginWithSpaces,
    /// The roster already has `max` agents (each takes keywords from the mailbox's budget).
    TooManyAgents { max: usize },
    /// The team already has `max` tags (each takes a keyword from the mailbox's budget).
    TooManyTags { max: usize },
    /// An agent's name is blank once cleaned.
    AgentUnnamed,
    /// A tag's name is blank once cleaned.
    TagUnnamed,
    /// The undo window picked is not one of `choices` (seconds, the scheme's four).
    UndoWindowNotOffered { choices: [u32; 4] },
    /// An agent not on the team's roster tried to set their own signature.
    SignatureOffRoster,
    /// A saved reply without a name.
    SavedReplyUnnamed,
    /// A saved reply without text.
    SavedReplyEmpty,
    /// A new note without text.
    EmptyNote,
    /// A note edited down to nothing (deleting it is the way).
    NoteEmptied,
    /// The note to change is no longer on the server.
    NoteGone,
    /// The email to change as a note is not an internal note.
    NotANote,
    /// The note to change was written by another agent.
    NotNoteAuthor,
    /// The reply cannot be sent as it is (`Outgoing::check`).
    Unsendable(Unsendable),
    /// The account has no mailbox with this `role` (`drafts`, `sent`) to send a reply from.
    NoMailbox { account: String, role: String },
    /// The login has no identity to send mail with.
    NoIdentity,
    /// A forwarded attachment's blob is no longer on the server.
    AttachmentGone { name: String },
}

/// Why a message cannot be sent as it is (re-exported as `reply::Unsendable`, where
/// `Outgoing::check` finds it). `Display` is the English sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsendable {
    /// No To, Cc or Bcc.
    NoRecipient,
    /// What was typed (or the From) is not an email address.
    NotAnAddress(String),
    /// No text and no attachment.
    Empty,
    /// The client made a Message-ID without an `@` (a bug on our side).
    NotAMessageId(String),
}

impl fmt::Display for Unsendable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsendable::NoRecipient => f.write_str("Add at least one recipient."),
            Unsendable::NotAnAddress(typed) => write!(f, "“{typed}” is not an email address."),
            Unsendable::Empty => f.write_str("The reply is empty."),
            Unsendable::NotAMessageId(id) => write!(f, "{id:?} is not a Message-ID."),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotAnAddress { address } => write!(f, "“{address}” is not an email address."),
            Refusal::LoginWithSpaces => f.write_str("A login has no spaces: type the name the agent signs in with."),
            Refusal::TooManyAgents { max } => write!(f, "A team can have at most {max} agents."),
            Refusal::TooManyTags { max } => write!(f, "A team can have at most {max} tags."),
            Refusal::AgentUnnamed => f.write_str("An agent needs a name."),
            Refusal::TagUnnamed => f.write_str("A tag needs a name."),
            Refusal::UndoWindowNotOffered { choices: [a, b, c, d] } => write!(f, "The undo window is {a}, {b}, {c} or {d} seconds."),
            Refusal::SignatureOffRoster => f.write_str("Open the team inbox once to join its roster, then set your signature."),
            Refusal::SavedReplyUnnamed => f.write_str("A saved reply needs a name."),
            Refusal::SavedReplyEmpty => f.write_str("A saved reply needs some text."),
            Refusal::EmptyNote => f.write_str("An empty note was not saved."),
            Refusal::NoteEmptied => f.write_str("A note cannot be emptied; delete it instead."),
            Refusal::NoteGone => f.write_str("This note no longer exists."),
            Refusal::NotANote => f.write_str("This is not an internal note."),
            Refusal::NotNoteAuthor => f.write_str("Only the author of a note can change it."),
            Refusal::Unsendable(why) => fmt::Display::fmt(why, f),
            Refusal::NoMailbox { account, role } => write!(f, "The account {account} has no {role} mailbox to send from."),
            Refusal::NoIdentity => f.write_str("This login has no identity to send mail with."),
            Refusal::AttachmentGone { name } => {
                write!(f, "The attachment “{name}” could not be attached: the server no longer has it.")
            }
        }
    }
}

impl Refusal {
    /// One refusal of every kind (and of every kind of [`Unsendable`]), with sample data: for
    /// the tests that each is said, here and in the app's languages.
    pub fn one_of_each() -> Vec<Refusal> {
        vec![
            Refusal::NotAnAddress { address: "support at acme".into() },
            Refusal::LoginWithSpaces,
            Refusal::TooManyAgents { max: 40 },
            Refusal::TooManyTags { max: 60 },
            Refusal::AgentUnnamed,
            Refusal::TagUnnamed,
            Refusal::UndoWindowNotOffered { choices: [5, 10, 20, 30] },
            Refusal::SignatureOffRoster,
            Refusal::SavedReplyUnnamed,
            Refusal::SavedReplyEmpty,
            Refusal::EmptyNote,
            Refusal::NoteEmptied,
            Refusal::NoteGone,
            Refusal::NotANote,
            Refusal::NotNoteAuthor,
            Refusal::Unsendable(Unsendable::NoRecipient),
            Refusal::Unsendable(Unsendable::NotAnAddress("ahmed at example".into())),
            Refusal::Unsendable(Unsendable::Empty),
            Refusal::Unsendable(Unsendable::NotAMessageId("no-at-sign".into())),
            Refusal::NoMailbox { account: "team".into(), role: "sent".into() },
            Refusal::NoIdentity,
            Refusal::AttachmentGone { name: "invoice.pdf".into() },
        ]
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The position of `refusal`'s kind: no wildcard, so a new kind does not compile until it is
    /// listed here, and then the test below fails until it is in `one_of_each`.
    fn kind(refusal: &Refusal) -> usize {
        match refusal {
            Refusal::NotAnAddress { .. } => 0,
            Refusal::LoginWithSpaces => 1,
            Refusal::TooManyAgents { .. } => 2,
            Refusal::TooManyTags { .. } => 3,
            Refusal::AgentUnnamed => 4,
            Refusal::TagUnnamed => 5,
            Refusal::UndoWindowNotOffered { .. } => 6,
            Refusal::SignatureOffRoster => 7,
            Refusal::SavedReplyUnnamed => 8,
            Refusal::SavedReplyEmpty => 9,
            Refusal::EmptyNote => 10,
            Refusal::NoteEmptied => 11,
            Refusal::NoteGone => 12,
            Refusal::NotANote => 13,
            Refusal::NotNoteAuthor => 14,
            Refusal::Unsendable(Unsendable::NoRecipient) => 15,
            Refusal::Unsendable(Unsendable::NotAnAddress(_)) => 16,
            Refusal::Unsendable(Unsendable::Empty) => 17,
            Refusal::Unsendable(Unsendable::NotAMessageId(_)) => 18,
            Refusal::NoMailbox { .. } => 19,
            Refusal::NoIdentity => 20,
            Refusal::AttachmentGone { .. } => 21,
        }
    }

    #[test]
    fn one_of_each_has_every_kind_once() {
        let all = Refusal::one_of_each();
        let kinds: BTreeSet<usize> = all.iter().map(kind).collect();
        assert_eq!(kinds, (0..=21).collect(), "{all:?}");
        assert_eq!(all.len(), kinds.len());
    }

    #[test]
    fn each_refusal_is_one_english_sentence_with_its_data() {
        for refusal in Refusal::one_of_each() {
            let sentence = refusal.to_string();
            assert!(sentence.len() > 10 && sentence.ends_with('.'), "{refusal:?}: {sentence:?}");
            assert!(!sentence.contains('{') && !sentence.contains('\n'), "{refusal:?}: {sentence:?}");
        }
        let said = |r: Refusal| r.to_string();
        assert_eq!(said(Refusal::TooManyTags { max: 60 }), "A team can have at most 60 tags.");
        assert_eq!(said(Refusal::UndoWindowNotOffered { choices: [5, 10, 20, 30] }), "The undo window is 5, 10, 20 or 30 seconds.");
        assert_eq!(
            said(Refusal::NoMailbox { account: "u1".into(), role: "drafts".into() }),
            "The account u1 has no drafts mailbox to send from."
        );
        assert_eq!(said(Refusal::Unsendable(Unsendable::NotAnAddress("x y".into()))), "“x y” is not an email address.");
        assert!(said(Refusal::AttachmentGone { name: "scan.pdf".into() }).contains("“scan.pdf”"));
    }
}
