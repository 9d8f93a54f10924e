//! The team model on the mail server: assignment, statuses and internal notes as keywords and
//! emails in the team account. docs/scheme.md is the contract this module implements.

pub mod activity;
pub mod agent_id;
pub mod assignment;
pub mod bulk;
pub mod directory;
pub mod new_tag;
pub mod keywords;
pub mod notes;
pub mod queued;
pub mod settings;
pub mod snooze;
pub mod status;
pub mod tags;
pub mod tandem_mailboxes;
pub mod thread_record;
pub mod thread_state;
pub mod views;
