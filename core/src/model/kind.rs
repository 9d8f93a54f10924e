//! The `X-Tandem-Kind` of the emails Tandem adds to a thread (docs/scheme.md): notes and activity
//! records in `Tandem/Notes` ("Notes and activity", written by `team::notes` and `team::activity`),
//! drafts in `Tandem/Drafts` ("Drafts", `reply::shared_draft`); read wherever a thread is shown or
//! listed. None of them is a message of the conversation.

pub const KIND_NOTE: &str = "note";
pub const KIND_ACTIVITY: &str = "activity";
pub const KIND_DRAFT: &str = "draft";
/// A new conversation's draft (in `Tandem/Drafts`, in no customer thread: `team::new_drafts`).
pub const KIND_NEW_DRAFT: &str = "new-draft";
