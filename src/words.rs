//! Words several screens share, for the core's enums: the core speaks no language, so the app
//! words its statuses and team views from the catalogs' `common` part, in the language now
//! (tracked, like [`tr!`](crate::tr): call these inside a closure in a view).

use tandem_core::team::status::Status;
use tandem_core::team::views::View;

use crate::tr;

/// A thread's status, as a badge or a button says it ("Open", "Pending", …).
pub fn status_label(status: Status) -> String {
    match status {
        Status::Open => tr!(common.status_open),
        Status::Pending => tr!(common.status_pending),
        Status::Snoozed => tr!(common.status_snoozed),
        Status::Closed => tr!(common.status_closed),
    }
}

/// The name of a team view. Tag and agent views are named by the team's settings where they
/// have the name; this says only "Tag" or "Agent" for them.
pub fn view_label(view: &View) -> String {
    match view {
        View::Unassigned => tr!(common.view_unassigned),
        View::Mine => tr!(common.view_mine),
        View::Mentions => tr!(common.view_mentions),
        View::Open => tr!(common.view_open),
        View::Pending => tr!(common.view_pending),
        View::Snoozed => tr!(common.view_snoozed),
        View::Closed => tr!(common.view_closed),
        View::Tag(_) => tr!(common.view_tag),
        View::Agent(_) => tr!(common.view_agent),
    }
}

/// A mailbox's name: the interface's word for a mailbox with a standard role (RFC 8621 §2:
/// `inbox`, `sent`, …), as mail clients name them; the server's name for any other.
pub fn mailbox_name(role: Option<&str>, name: &str) -> String {
    match role {
        Some("inbox") => tr!(common.view_inbox),
        Some("sent") => tr!(common.mailbox_sent),
        Some("drafts") => tr!(common.mailbox_drafts),
        Some("trash") => tr!(common.mailbox_trash),
        Some("archive") => tr!(common.mailbox_archive),
        Some("junk") => tr!(common.mailbox_junk),
        _ => name.to_string(),
    }
}
