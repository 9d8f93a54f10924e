//! Sending mail (RFC 8621 §6–7): `Identity/get`, `EmailSubmission/set` (with
//! `onSuccessUpdateEmail`, and `undoStatus: canceled` to take a held message back), and
//! `Email/copy` between accounts (RFC 8620 §5.4), which Tandem uses to put a reply sent from an
//! agent's own account into the team account.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::objects::{GetResponse, QueryResponse, SetResponse};
use super::request::{Ids, Method};
use super::{CAP_MAIL, CAP_SUBMISSION};
use crate::error::MethodError;

/// An identity the agent may send as (RFC 8621 §6). Cyrus 3.6 answers one with the login as id
/// and an empty address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Identity {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// `Identity/get`.
#[derive(Debug, Clone)]
pub struct IdentityGet {
    account_id: String,
}

impl IdentityGet {
    pub fn new(account_id: &str) -> Self {
        Self { account_id: account_id.into() }
    }
}

impl Method for IdentityGet {
    const NAME: &'static str = "Identity/get";
    const CAPABILITY: &'static str = CAP_SUBMISSION;
    type Response = GetResponse<Identity>;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("accountId".into(), json!(self.account_id));
        Ids::All.put(&mut args, "ids");
        args
    }
}

/// `EmailSubmission/set`: submissions to create (by creation id), updates (to cancel a held one),
/// and the patch each successful creation applies to its email.
#[derive(Debug, Clone, Default)]
pub struct EmailSubmissionSet {
    account_id: String,
    create: Map<String, Value>,
    update: Map<String, Value>,
    on_success_update_email: Map<String, Value>,
}

impl EmailSubmissionSet {
    pub fn new(account_id: &str) -> Self {
        Self { account_id: account_id.into(), ..Default::default() }
    }

    /// Submits `email_id` (an id, or `#creationId` of an email created earlier in the request)
    /// with `envelope`; on success the email gets `email_patch`.
    pub fn create(mut self, creation_id: &str, email_id: &str, identity_id: &str, envelope: Value, email_patch: Value) -> Self {
        self.create.insert(creation_id.into(), json!({"emailId": email_id, "identityId": identity_id, "envelope": envelope}));
        self.on_success_update_email.insert(format!("#{creation_id}"), email_patch);
        self
    }

    /// Cancels a submission still held by the server (RFC 8621 §7: `undoStatus` to `canceled`).
    pub fn cancel(mut self, submission_id: &str) -> Self {
        self.update.insert(submission_id.into(), json!({"undoStatus": "canceled"}));
        self
    }
}

impl Method for EmailSubmissionSet {
    const NAME: &'static str = "EmailSubmission/set";
    const CAPABILITY: &'static str = CAP_SUBMISSION;
    type Response = SetResponse;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("accountId".into(), json!(self.account_id));
        if !self.create.is_empty() {
            args.insert("create".into(), Value::Object(self.create));
        }
        if !self.update.is_empty() {
            args.insert("update".into(), Value::Object(self.update));
        }
        if !self.on_success_update_email.is_empty() {
            args.insert("onSuccessUpdateEmail".into(), Value::Object(self.on_success_update_email));
        }
        args
    }
}

/// `EmailSubmission/query` (RFC 8621 §7.3) with a filter, e.g. the held submissions of one email.
#[derive(Debug, Clone)]
pub struct EmailSubmissionQuery {
    account_id: String,
    filter: Value,
}

impl EmailSubmissionQuery {
    pub fn new(account_id: &str, filter: Value) -> Self {
        Self { account_id: account_id.into(), filter }
    }
}

impl Method for EmailSubmissionQuery {
    const NAME: &'static str = "EmailSubmission/query";
    const CAPABILITY: &'static str = CAP_SUBMISSION;
    type Response = QueryResponse;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("accountId".into(), json!(self.account_id));
        args.insert("filter".into(), self.filter);
        args
    }
}

/// An `EmailSubmission` as read back: which email, when it leaves, whether it still can be
/// canceled.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailSubmission {
    pub id: String,
    pub email_id: String,
    #[serde(default)]
    pub send_at: Option<String>,
    #[serde(default)]
    pub undo_status: Option<String>,
}

/// `EmailSubmission/get`.
#[derive(Debug, Clone)]
pub struct EmailSubmissionGet {
    account_id: String,
    ids: Ids,
}

impl EmailSubmissionGet {
    pub fn new(account_id: &str, ids: Ids) -> Self {
        Self { account_id: account_id.into(), ids }
    }
}

impl Method for EmailSubmissionGet {
    const NAME: &'static str = "EmailSubmission/get";
    const CAPABILITY: &'static str = CAP_SUBMISSION;
    type Response = GetResponse<EmailSubmission>;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("accountId".into(), json!(self.account_id));
        self.ids.put(&mut args, "ids");
        args
    }
}

/// `Email/copy` from one account to another. Each copy names an existing email by id (Cyrus 3.6
/// does not resolve a `#creationId` here) and the mailboxes and keywords it gets.
#[derive(Debug, Clone)]
pub struct EmailCopy {
    from_account_id: String,
    account_id: String,
    create: Map<String, Value>,
}

impl EmailCopy {
    pub fn new(from_account_id: &str, account_id: &str) -> Self {
        Self { from_account_id: from_account_id.into(), account_id: account_id.into(), create: Map::new() }
    }

    pub fn copy(mut self, creation_id: &str, email_id: &str, mailbox_id: &str, keywords: &[&str]) -> Self {
        let keywords: Map<String, Value> = keywords.iter().map(|k| (k.to_string(), json!(true))).collect();
        self.create.insert(creation_id.into(), json!({"id": email_id, "mailboxIds": {mailbox_id: true}, "keywords": keywords}));
        self
    }

    /// Gives the copy made as `creation_id` its own `receivedAt` (RFC 3339, UTC).
    pub fn received_at(mut self, creation_id: &str, at: &str) -> Self {
        if let Some(Value::Object(create)) = self.create.get_mut(creation_id) {
            create.insert("receivedAt".into(), json!(at));
        }
        self
    }
}

/// The answer to `Email/copy`: a copy the target account already holds is refused as
/// `alreadyExists` with its id, which [`CopyResponse::copied_id`] reads as done.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyResponse {
    pub account_id: String,
    #[serde(default)]
    pub created: Option<BTreeMap<String, Value>>,
    #[serde(default)]
    pub not_created: Option<BTreeMap<String, MethodError>>,
}

impl CopyResponse {
    /// The id of the copy made as `creation_id`, or of the one that was already there.
    pub fn copied_id(&self, creation_id: &str) -> Result<String, crate::error::JmapError> {
        if let Some(id) = self.created.as_ref().and_then(|c| c.get(creation_id)?.get("id")?.as_str().map(str::to_string)) {
            return Ok(id);
        }
        match self.not_created.as_ref().and_then(|n| n.get(creation_id)) {
            Some(e) if e.extra.get("existingId").and_then(Value::as_str).is_some() => {
                Ok(e.extra.get("existingId").and_then(Value::as_str).unwrap_or_default().to_string())
            }
            Some(e) => Err(crate::error::JmapError::NotSet { id: creation_id.into(), error: e.clone().recognized() }),
            None => Err(crate::error::JmapError::Protocol(format!("Email/copy neither made nor refused {creation_id}"))),
        }
    }
}

impl Method for EmailCopy {
    const NAME: &'static str = "Email/copy";
    const CAPABILITY: &'static str = CAP_MAIL;
    type Response = CopyResponse;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("fromAccountId".into(), json!(self.from_account_id));
        args.insert("accountId".into(), json!(self.account_id));
        args.insert("create".into(), Value::Object(self.create));
        args
    }
}

/// `Blob/copy` (RFC 8620 §6.3): blobs of one account made available in another, e.g. a forwarded
/// message's attachments (in the team account) for a reply created in the agent's own account.
#[derive(Debug, Clone)]
pub struct BlobCopy {
    from_account_id: String,
    account_id: String,
    blob_ids: Vec<String>,
}

impl BlobCopy {
    pub fn new(from_account_id: &str, account_id: &str, blob_ids: Vec<String>) -> Self {
        Self { from_account_id: from_account_id.into(), account_id: account_id.into(), blob_ids }
    }
}

/// The answer to `Blob/copy`: each blob's id in the target account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobCopyResponse {
    #[serde(default)]
    pub copied: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub not_copied: Option<BTreeMap<String, MethodError>>,
}

impl Method for BlobCopy {
    const NAME: &'static str = "Blob/copy";
    const CAPABILITY: &'static str = super::CAP_CORE;
    type Response = BlobCopyResponse;
    fn into_arguments(self) -> Map<String, Value> {
        let mut args = Map::new();
        args.insert("fromAccountId".into(), json!(self.from_account_id));
        args.insert("accountId".into(), json!(self.account_id));
        args.insert("blobIds".into(), json!(self.blob_ids));
        args
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_already_there_is_done_and_other_refusals_are_errors() {
        let answer: CopyResponse = serde_json::from_value(json!({"accountId": "T", "created": null,
            "notCreated": {"c": {"type": "alreadyExists", "existingId": "M1"}, "d": {"type": "forbidden"}}}))
        .unwrap();
        assert_eq!(answer.copied_id("c").unwrap(), "M1");
        assert!(answer.copied_id("d").is_err());
        assert!(answer.copied_id("e").is_err());
    }

    #[test]
    fn a_submission_names_its_email_and_what_success_does_to_it() {
        let args = EmailSubmissionSet::new("alice")
            .create("s", "#m", "alice", json!({"mailFrom": {"email": "support@x"}}), json!({"keywords/$draft": null}))
            .into_arguments();
        assert_eq!(args["create"]["s"]["emailId"], "#m");
        assert_eq!(args["onSuccessUpdateEmail"]["#s"], json!({"keywords/$draft": null}));
        let cancel = EmailSubmissionSet::new("alice").cancel("S1").into_arguments();
        assert_eq!(cancel["update"]["S1"], json!({"undoStatus": "canceled"}));
    }
}
