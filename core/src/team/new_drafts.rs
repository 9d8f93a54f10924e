//! A new conversation's draft (docs/scheme.md, "Drafts"): what an agent writes to a customer
//! first is saved on the server as a reply's draft is, so it follows its author to another
//! device. It has no customer thread to join: it is an email in `Tandem/Drafts` of kind
//! `new-draft`, one per author (each save replaces the author's older ones in one request),
//! found by its kind and author. Only its author reopens or discards it; the send that replaces
//! it discards it once the message is filed (`reply::send`, a job whose `drafts_of` names
//! [`NEW_CONVERSATION`]).

use serde_json::json;

use super::tandem_mailboxes::{self, DRAFTS};
use super::thread_record::{alone_in, Author};
use crate::error::JmapError;
use crate::jmap::methods::{Comparator, EmailGet, EmailQuery, EmailSet};
use crate::jmap::{JmapClient, Request};
use crate::model::keywords::{DRAFT, SEEN};
use crate::model::kind::KIND_NEW_DRAFT;
use crate::model::shared_draft::own_new_drafts;
pub use crate::model::shared_draft::NEW_CONVERSATION;
use crate::reply::ReplyDraft;
use crate::team::drafts::{replace, SharedDraft, Version};
use crate::transport::Transport;

/// Drafts read at most from `Tandem/Drafts` to find one author's (one per agent and thread).
const SCANNED: u64 = 1_000;

const PROPERTIES: [&str; 7] = [
    "id",
    "header:X-Tandem-Kind:asText",
    "header:X-Tandem-Author:asText",
    "header:X-Tandem-At:asText",
    "header:X-Tandem-Draft:asText",
    "textBody",
    "bodyValues",
];

/// Saves `draft` as `author`'s new conversation's draft, replacing their older ones; returns
/// the new draft's id. `None` when the version the draft was read from or saved as
/// (`server_id`) is gone and no other is there: it was sent or discarded on another device, and
/// is not made again.
pub async fn save_new_draft<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    author: &Author,
    draft: &ReplyDraft,
) -> Result<Option<String>, JmapError> {
    let mailbox = tandem_mailboxes::ensure(client, account_id, DRAFTS).await?;
    let older: Vec<String> = own(client, account_id, &mailbox, &author.login).await?.into_iter().map(|d| d.id).collect();
    let keywords = [DRAFT, SEEN].into_iter().map(|k| (k.to_string(), json!(true))).collect();
    let version = Version { target: alone_in(mailbox), kind: KIND_NEW_DRAFT, keywords };
    replace(client, account_id, author, draft, version, &older).await
}

/// `author_login`'s new conversation's draft on the server (the newest, if a race left two).
pub async fn own_new_draft<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    author_login: &str,
) -> Result<Option<ReplyDraft>, JmapError> {
    let mailbox = tandem_mailboxes::ensure(client, account_id, DRAFTS).await?;
    let drafts = own(client, account_id, &mailbox, author_login).await?;
    Ok(drafts.first().and_then(ReplyDraft::reopen))
}

/// Discards `author_login`'s new conversation's drafts (nobody else's).
pub async fn discard_new_drafts<T: Transport>(client: &JmapClient<T>, account_id: &str, author_login: &str) -> Result<(), JmapError> {
    let mailbox = tandem_mailboxes::ensure(client, account_id, DRAFTS).await?;
    let drafts = own(client, account_id, &mailbox, author_login).await?;
    if !drafts.is_empty() {
        client.call(drafts.iter().fold(EmailSet::new(account_id), |set, d| set.destroy(&d.id))).await?;
    }
    Ok(())
}

/// `author_login`'s new conversation's drafts in `mailbox`, newest first.
async fn own<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    mailbox: &str,
    author_login: &str,
) -> Result<Vec<SharedDraft>, JmapError> {
    let mut request = Request::new();
    let newest = vec![Comparator::newest_first()];
    let query = request.add(EmailQuery::new(account_id).filter(json!({"inMailbox": mailbox})).sort(newest).limit(SCANNED));
    let get = request.add(EmailGet::new(account_id, query.ids("/ids")).properties(&PROPERTIES).text_bodies(None));
    let emails = client.send(request).await?.get(&get)?.list;
    Ok(own_new_drafts(&emails, author_login))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jmap::objects::Email;

    fn email(value: serde_json::Value) -> Email {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn only_the_authors_new_drafts_are_theirs_newest_first() {
        let fields =
            serde_json::to_string(&ReplyDraft { to: "مي <mei@x.example>".into(), subject: "订单".into(), ..Default::default() }).unwrap();
        let new = |id: &str, author: &str, at: &str| {
            email(json!({"id": id, "header:X-Tandem-Kind:asText": "new-draft", "header:X-Tandem-Author:asText": author,
                "header:X-Tandem-At:asText": at, "header:X-Tandem-Draft:asText": fields,
                "textBody": [{"partId": "1"}], "bodyValues": {"1": {"value": "Hello"}}}))
        };
        let reply_draft = email(json!({"id": "r", "header:X-Tandem-Kind:asText": "draft", "header:X-Tandem-Author:asText": "alice"}));
        let emails = [
            new("old", "alice", "100"),
            new("bob's", "bob", "300"),
            reply_draft,
            new("newer", "alice", "200"),
            new("x", "alice", "not a time"),
        ];
        let mine = own_new_drafts(&emails, "alice");
        assert_eq!(mine.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["newer", "old", "x"]);
        let reopened = ReplyDraft::reopen(&mine[0]).expect("its fields");
        assert_eq!((reopened.to.as_str(), reopened.subject.as_str(), reopened.text.as_str()), ("مي <mei@x.example>", "订单", "Hello"));
        assert_eq!(reopened.server_id.as_deref(), Some("newer"));
        assert!(own_new_drafts(&emails, "carol").is_empty());
    }
}
