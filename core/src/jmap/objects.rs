//! The RFC 8621 objects Tandem reads: Mailbox, Thread, Email and their parts. Every property is
//! optional on the wire (a server returns only the properties asked for), so fields default.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetResponse<T> {
    pub account_id: String,
    pub state: String,
    pub list: Vec<T>,
    #[serde(default)]
    pub not_found: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResponse {
    pub account_id: String,
    pub query_state: String,
    #[serde(default)]
    pub can_calculate_changes: bool,
    #[serde(default)]
    pub position: u64,
    pub ids: Vec<String>,
    #[serde(default)]
    pub total: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Mailbox {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub role: Option<String>,
    pub sort_order: u32,
    pub total_emails: u64,
    pub unread_emails: u64,
    pub total_threads: u64,
    pub unread_threads: u64,
    pub is_subscribed: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Thread {
    pub id: String,
    pub email_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct EmailAddress {
    pub name: Option<String>,
    pub email: Option<String>,
}

impl EmailAddress {
    /// The display name when there is a non-blank one, else the address.
    pub fn label(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), _) if !n.trim().is_empty() => n.trim().to_string(),
            (_, Some(e)) => e.clone(),
            _ => String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BodyPart {
    pub part_id: Option<String>,
    pub blob_id: Option<String>,
    pub size: u64,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub mime_type: Option<String>,
    pub charset: Option<String>,
    pub disposition: Option<String>,
    pub cid: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BodyValue {
    pub value: String,
    pub is_encoding_problem: bool,
    pub is_truncated: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Email {
    pub id: String,
    pub blob_id: Option<String>,
    pub thread_id: String,
    pub mailbox_ids: BTreeMap<String, bool>,
    pub keywords: BTreeMap<String, bool>,
    pub size: u64,
    pub received_at: Option<String>,
    pub sent_at: Option<String>,
    pub message_id: Option<Vec<String>>,
    pub in_reply_to: Option<Vec<String>>,
    pub references: Option<Vec<String>>,
    pub from: Option<Vec<EmailAddress>>,
    pub to: Option<Vec<EmailAddress>>,
    pub cc: Option<Vec<EmailAddress>>,
    pub bcc: Option<Vec<EmailAddress>>,
    pub reply_to: Option<Vec<EmailAddress>>,
    pub subject: Option<String>,
    pub preview: Option<String>,
    pub has_attachment: bool,
    pub text_body: Option<Vec<BodyPart>>,
    pub html_body: Option<Vec<BodyPart>>,
    pub attachments: Option<Vec<BodyPart>>,
    pub body_values: BTreeMap<String, BodyValue>,
    /// `X-Tandem-Kind` (see docs/scheme.md): `note`, `activity`, or absent for mail.
    #[serde(rename = "header:X-Tandem-Kind:asText")]
    pub tandem_kind: Option<String>,
    /// `X-Tandem-Author`: the agent id of a note's author.
    #[serde(rename = "header:X-Tandem-Author:asText")]
    pub tandem_author: Option<String>,
    /// `X-Tandem-At`: when a note or activity record was written, in ms (orders same-second records).
    #[serde(rename = "header:X-Tandem-At:asText")]
    pub tandem_at: Option<String>,
    /// `X-Tandem-Snooze-Until`: on a snooze activity record, when the snooze ends (UTC).
    #[serde(rename = "header:X-Tandem-Snooze-Until:asText")]
    pub tandem_snooze_until: Option<String>,
    /// `X-Tandem-Activity`: on an activity record, what changed (`assign:<login>`, `tag:+<id>`…).
    #[serde(rename = "header:X-Tandem-Activity:asText")]
    pub tandem_activity: Option<String>,
    #[serde(rename = "header:X-Tandem-Folder:asText")]
    pub tandem_folder: Option<String>,
    /// `X-Tandem-Draft`: on a shared draft, the composer's fields besides the text (JSON).
    #[serde(rename = "header:X-Tandem-Draft:asText")]
    pub tandem_draft: Option<String>,
}

impl Email {
    /// The values of its text body parts (fetched with `fetchTextBodyValues`), one after another.
    pub fn text_parts(&self) -> String {
        let parts = self.text_body.iter().flatten().filter_map(|p| self.body_values.get(p.part_id.as_deref()?));
        parts.map(|v| v.value.as_str()).collect::<Vec<_>>().join("\n")
    }

    pub fn has_keyword(&self, keyword: &str) -> bool {
        self.keywords.get(keyword).copied().unwrap_or(false)
    }

    /// Timeline order: oldest first by `receivedAt` (whole seconds), then by `X-Tandem-At`
    /// (Tandem's records; mail without it first), then by id.
    pub fn timeline_cmp(&self, other: &Email) -> std::cmp::Ordering {
        let at = |e: &Email| e.tandem_at.as_deref().and_then(|s| s.trim().parse::<u64>().ok());
        self.received_at.cmp(&other.received_at).then_with(|| at(self).cmp(&at(other))).then_with(|| self.id.cmp(&other.id))
    }
}

/// The answer to a `*/set` call (RFC 8620 §5.3). Created objects keep the server's extra
/// properties (`id`, `threadId`, …) as JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetResponse {
    pub account_id: String,
    #[serde(default)]
    pub old_state: Option<String>,
    pub new_state: String,
    #[serde(default)]
    pub created: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default)]
    pub updated: Option<BTreeMap<String, Option<serde_json::Value>>>,
    #[serde(default)]
    pub destroyed: Option<Vec<String>>,
    #[serde(default)]
    pub not_created: Option<BTreeMap<String, crate::error::MethodError>>,
    #[serde(default)]
    pub not_updated: Option<BTreeMap<String, crate::error::MethodError>>,
    #[serde(default)]
    pub not_destroyed: Option<BTreeMap<String, crate::error::MethodError>>,
}

impl SetResponse {
    /// The first refusal, if any object was not created, updated or destroyed.
    pub fn first_error(&self) -> Option<crate::error::JmapError> {
        [&self.not_created, &self.not_updated, &self.not_destroyed]
            .into_iter()
            .flatten()
            .flat_map(|m| m.iter())
            .next()
            .map(|(id, e)| crate::error::JmapError::NotSet { id: id.clone(), error: e.clone().recognized() })
    }

    /// `Err` with the first refusal if any object was refused, else the response itself.
    pub fn all_done(self) -> Result<Self, crate::error::JmapError> {
        match self.first_error() {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }

    /// The server id of the object created as `creation_id`.
    pub fn created_id(&self, creation_id: &str) -> Option<String> {
        self.created.as_ref()?.get(creation_id)?.get("id")?.as_str().map(str::to_string)
    }
}

/// The answer to `Foo/changes` (RFC 8620 §5.2): what was created, updated or destroyed since
/// `old_state`, up to `new_state`. When `has_more_changes` is set, `new_state` is an intermediate
/// state: ask again from it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangesResponse {
    pub account_id: String,
    pub old_state: String,
    pub new_state: String,
    #[serde(default)]
    pub has_more_changes: bool,
    #[serde(default)]
    pub created: Vec<String>,
    #[serde(default)]
    pub updated: Vec<String>,
    #[serde(default)]
    pub destroyed: Vec<String>,
    /// `Mailbox/changes` only (RFC 8621 §2.2): when set, only these (count) properties changed.
    #[serde(default)]
    pub updated_properties: Option<Vec<String>>,
}

/// One id added to a query's results, at `index` (RFC 8620 §5.6).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AddedItem {
    pub id: String,
    pub index: u64,
}

/// The answer to `Email/queryChanges` (RFC 8620 §5.6).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryChangesResponse {
    pub account_id: String,
    pub old_query_state: String,
    pub new_query_state: String,
    #[serde(default)]
    pub total: Option<u64>,
    #[serde(default)]
    pub removed: Vec<String>,
    #[serde(default)]
    pub added: Vec<AddedItem>,
}
