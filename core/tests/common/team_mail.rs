//! Team mail for the reply tests: a customer writing to the team, the draft the composer would
//! hold for an answer, and the send job for it.

#![allow(dead_code)]

use super::common::{block_on, deliver};
use super::sync_helpers::{emails_with_message_id, unique, Client};
use tandem_core::conversation::load_conversation;
use tandem_core::jmap::methods::EmailGet;
use tandem_core::jmap::Ids;
use tandem_core::reply::{reply_start, Address, Hold, ReplyDraft, ReplyKind, SendJob};
use tandem_core::team::notes::Author;

pub const TEAM_ADDRESS: &str = "support@tandem.test";

pub fn team_of(client: &Client) -> String {
    client.session().mail_accounts().into_iter().find(|a| a.is_team).expect("a team inbox account").id
}

/// A customer writes to the team; returns the thread's id in the team account.
pub fn customer_thread(client: &Client, team: &str, subject: &str) -> String {
    let message_id = format!("{}@customer.example", unique("d").replace(' ', "."));
    deliver(
        "support",
        &format!(
            "From: Ahmed <ahmed@customer.example>\r\nTo: Support <{TEAM_ADDRESS}>\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWhere is my parcel?\r\n"
        ),
    );
    let ids = emails_with_message_id(client, team, &message_id);
    let one = block_on(client.call(EmailGet::new(team, Ids::List(ids)).properties(&["threadId"]))).unwrap();
    one.list[0].thread_id.clone()
}

pub fn author(login: &str, name: &str) -> Author {
    Author { login: login.into(), name: name.into(), at_ms: 1_796_400_000_000 }
}

/// The draft the composer would hold for a reply in `thread`.
pub fn draft_for(client: &Client, team: &str, thread: &str, text: &str) -> ReplyDraft {
    let conversation = block_on(load_conversation(client, team, thread)).unwrap();
    let start = reply_start(&conversation.messages, &[TEAM_ADDRESS.into()], ReplyKind::Reply).expect("a message to answer");
    let mut draft = ReplyDraft::new(start, ReplyKind::Reply, "Ahmed wrote:".into());
    draft.to = "أحمد صالح <ahmed@customer.example>".into();
    draft.seen = conversation.messages.iter().map(|m| m.id.clone()).collect();
    draft.text = text.into();
    draft
}

/// The job that sends `draft` from alice's own account, as the team.
pub fn reply_job(client: &Client, team: &str, draft: &ReplyDraft, hold: Option<Hold>) -> SendJob {
    let agent = client.session().primary_mail_account().expect("alice's own account").to_string();
    let message_id = format!("{}@tandem.test", unique("reply").replace(' ', "."));
    let message = draft.to_outgoing(Address::new("Support", TEAM_ADDRESS), message_id, "2026-12-04T10:05:00Z".into()).unwrap();
    SendJob {
        agent_account: agent,
        team_account: team.into(),
        message,
        hold,
        answers: draft.answers.iter().cloned().collect(),
        status_after: None,
        drafts_of: None,
        not_before_ms: None,
        sent_by: None,
    }
}
