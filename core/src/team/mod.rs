//! The team model on the mail server: assignment, statuses and internal notes as keywords and
//! emails in the team account. docs/scheme.md is the contract this module implements; its values
//! (keywords, agent ids, statuses, a thread's state) are in [`crate::model`], the operations here.

pub mod activity;
pub mod alerts;
pub mod assignment;
pub mod bulk;
pub mod directory;
pub mod drafts;
pub mod new_drafts;
pub mod new_tag;
pub mod notes;
pub mod queued;
pub mod reply_settings;
pub mod saved_replies;
pub mod settings;
pub mod snooze;
pub mod status;
pub mod tags;
pub mod tandem_mailboxes;
pub mod thread_record;
pub mod thread_state;
pub mod views;

// At its former path too: tests and tools call `team::agent_id`.
pub use crate::model::agent_id;
