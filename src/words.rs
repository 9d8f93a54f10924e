//! Words several screens share, for the core's enums: the core speaks no language, so the app
//! words its statuses and team views from the catalogs' `common` part, in the language now
//! (tracked, like [`tr!`](crate::tr): call these inside a closure in a view).

use tandem_core::reply::scheduled::SendAtRefusal;
use tandem_core::reply::Unsendable;
use tandem_core::sync::OutboxEntry;
use tandem_core::team::status::Status;
use tandem_core::team::views::View;
use tandem_core::thread_list::NO_SUBJECT;

use crate::i18n::{td_string, Locale};
use crate::{intl, tr};

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

/// A thread's subject as shown, in the language now when it has none.
pub fn subject_text(subject: &str) -> String {
    if subject == NO_SUBJECT {
        tr!(conversation.no_subject)
    } else {
        subject.to_string()
    }
}

/// What a queued write does, in the language now ("Moving emails (3)", "Sending the reply
/// “Re: Refund”"): the app's wording of core's English `OutboxEntry::describe`, from the entry's
/// data, for the notice about a write the server refused.
pub fn describe(entry: &OutboxEntry) -> String {
    match entry {
        OutboxEntry::Keywords { email_ids, set, unset, .. } => {
            let changes: Vec<String> = set.iter().map(|k| format!("+{k}")).chain(unset.iter().map(|k| format!("-{k}"))).collect();
            tr!(composer.outbox.labels, changes = changes.join(" "), count = intl::number(email_ids.len()))
        }
        OutboxEntry::Move { email_ids, .. } => tr!(composer.outbox.moving, count = intl::number(email_ids.len())),
        OutboxEntry::Create { .. } => tr!(composer.outbox.creating),
        OutboxEntry::Send { job } => tr!(composer.outbox.sending, subject = &job.message.subject),
    }
}

/// The notice for a write the server refused and that was undone on this device: what it did
/// ([`describe`]) and why (`reason`, a sentence).
pub fn undone(entry: &OutboxEntry, reason: &str) -> String {
    tr!(composer.outbox.undone, what = describe(entry), why = reason)
}

/// Why a message cannot be sent as it is, in the language now.
pub fn unsendable(why: &Unsendable) -> String {
    unsendable_in(why, crate::language::current())
}

/// Why a message cannot be sent as it is, in `locale`.
pub fn unsendable_in(why: &Unsendable, locale: Locale) -> String {
    let l = locale;
    match why {
        Unsendable::NoRecipient => td_string!(l, composer.unsendable.no_recipient).to_string(),
        Unsendable::NotAnAddress(typed) => td_string!(l, composer.unsendable.not_an_address, typed = typed).to_string(),
        Unsendable::Empty => td_string!(l, composer.unsendable.empty).to_string(),
        Unsendable::NotAMessageId(id) => td_string!(l, composer.unsendable.not_a_message_id, id = id).to_string(),
    }
}

/// Why a reply cannot be scheduled for the time picked, in the language now.
pub fn send_at_refusal(why: &SendAtRefusal) -> String {
    match why {
        SendAtRefusal::NotADate => tr!(composer.later_refusal.not_a_date),
        SendAtRefusal::CannotHold => tr!(composer.later_refusal.cannot_hold),
        SendAtRefusal::TooSoon => tr!(composer.later_refusal.too_soon),
        SendAtRefusal::TooFar { days } => tr!(composer.later_refusal.too_far, days = intl::number(*days as usize)),
    }
}
