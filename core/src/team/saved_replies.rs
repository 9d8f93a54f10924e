//! Saved replies: the team's canned answers, one email each in `Tandem/Replies` (docs/scheme.md,
//! "Saved replies"): the subject is its name, an `X-Tandem-Folder` header its folder, the
//! `text/plain` body its text, with variables (`crate::reply::variables`). Any agent creates,
//! edits (the email re-created, the old one destroyed, in one `Email/set`) and deletes them.

use serde_json::json;

use super::tandem_mailboxes::{self, REPLIES};
use crate::error::JmapError;
use crate::jmap::methods::{EmailGet, EmailQuery, EmailSet};
use crate::jmap::{JmapClient, Request};
use crate::model::keywords::SEEN;
use crate::refusal::Refusal;
use crate::text::{clean_line, clean_text};
use crate::transport::Transport;

pub const KIND_SAVED_REPLY: &str = "saved-reply";
/// Saved replies read at most.
const MAX_REPLIES: u64 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedReply {
    /// The email's id (changes when the reply is edited).
    pub id: String,
    pub name: String,
    /// Empty: no folder.
    pub folder: String,
    pub body: String,
}

/// Every saved reply of the team, by folder then name.
pub async fn list<T: Transport>(client: &JmapClient<T>, account_id: &str) -> Result<Vec<SavedReply>, JmapError> {
    let mailbox = tandem_mailboxes::ensure(client, account_id, REPLIES).await?;
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account_id).in_mailbox(&mailbox).limit(MAX_REPLIES));
    let properties = ["id", "subject", "textBody", "bodyValues", "header:X-Tandem-Folder:asText"];
    let get = request.add(EmailGet::new(account_id, query.ids("/ids")).properties(&properties).text_bodies(None));
    let mut replies: Vec<SavedReply> = client
        .send(request)
        .await?
        .get(&get)?
        .list
        .into_iter()
        .map(|e| SavedReply {
            name: e.subject.clone().unwrap_or_default(),
            folder: e.tandem_folder.clone().unwrap_or_default(),
            body: e.body_values.values().next().map(|v| v.value.clone()).unwrap_or_default(),
            id: e.id,
        })
        .collect();
    crate::sort::sort_by_key(&mut replies, |r| (r.folder.to_lowercase(), r.name.to_lowercase()));
    Ok(replies)
}

/// Saves a new saved reply, or a new version of `replacing`; returns its id.
pub async fn save<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    replacing: Option<&str>,
    name: &str,
    folder: &str,
    body: &str,
) -> Result<String, JmapError> {
    let (name, folder, body) = (clean_line(name), clean_line(folder), clean_text(body));
    if name.is_empty() {
        return Err(JmapError::Invalid(Refusal::SavedReplyUnnamed));
    }
    if body.trim().is_empty() {
        return Err(JmapError::Invalid(Refusal::SavedReplyEmpty));
    }
    let mailbox = tandem_mailboxes::ensure(client, account_id, REPLIES).await?;
    let mut set = EmailSet::new(account_id).create("reply", email(&mailbox, &name, &folder, &body));
    if let Some(old) = replacing {
        set = set.destroy(old);
    }
    let done = client.call(set).await?.all_done()?;
    done.created_id("reply").ok_or_else(|| JmapError::Protocol("Email/set created no saved reply".into()))
}

pub async fn delete<T: Transport>(client: &JmapClient<T>, account_id: &str, id: &str) -> Result<(), JmapError> {
    client.call(EmailSet::new(account_id).destroy(id)).await?.all_done().map(|_| ())
}

/// The defaults a team starts with, in English, Arabic and Chinese, when it has none.
pub fn defaults() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("General", "Thanks, we're on it", "Hi {{customer.first_name | there}},\n\nThank you for writing to us. We're looking into this now and will get back to you as soon as we have an answer.\n\nBest regards,\n{{agent.name}}\n{{team.name}}"),
        (
            "General",
            "Apology for our mistake",
            "Hi {{customer.first_name | there}},\n\nWe made a mistake with your request “{{conversation.subject}}”, and we are sorry.\n\nWhat went wrong: [say plainly what happened].\n\nWhat you need to do now: nothing, unless [say what, if anything]. We have already [say what was fixed].\n\nWe apologise for the trouble this caused. If anything is still not right, reply to this email: it reaches our team directly.\n\nBest regards,\n{{agent.name}}\n{{team.name}}",
        ),
        ("General", "Closing: glad it's solved", "Hi {{customer.first_name | there}},\n\nGlad that's sorted. If anything else comes up, just reply to this email.\n\nBest regards,\n{{agent.name}}"),
        ("العربية", "شكراً لتواصلك", "مرحباً {{customer.first_name | عميلنا العزيز}}،\n\nشكراً لتواصلك معنا. نحن نعمل على طلبك الآن وسنعود إليك في أقرب وقت.\n\nمع أطيب التحيات،\n{{agent.name}}\n{{team.name}}"),
        ("العربية", "اعتذار عن خطأ", "مرحباً {{customer.first_name | عميلنا العزيز}}،\n\nلقد أخطأنا في طلبك «{{conversation.subject}}»، ونعتذر عن ذلك.\n\nما الذي حدث: [اشرح ما حدث بوضوح].\n\nما المطلوب منك الآن: لا شيء، إلا [اذكر إن وُجد]. لقد قمنا بالفعل بـ[اذكر ما تم إصلاحه].\n\nنعتذر عن الإزعاج. إن بقي أي شيء غير صحيح، يكفي الرد على هذه الرسالة فهي تصل إلى فريقنا مباشرة.\n\nمع أطيب التحيات،\n{{agent.name}}\n{{team.name}}"),
        ("中文", "感谢来信", "{{customer.first_name | 您}}好，\n\n感谢您的来信。我们正在处理您的问题，会尽快回复您。\n\n此致\n{{agent.name}}\n{{team.name}}"),
        ("中文", "为我们的错误致歉", "{{customer.first_name | 您}}好，\n\n关于您的请求“{{conversation.subject}}”，我们出了差错，非常抱歉。\n\n问题所在：[清楚说明发生了什么]。\n\n您现在需要做的：无需任何操作，除非[如有请说明]。我们已经[说明已修复的内容]。\n\n再次为给您带来的不便致歉。如仍有问题，直接回复本邮件即可，邮件会直接送达我们的团队。\n\n此致\n{{agent.name}}\n{{team.name}}"),
    ]
}

/// Saves [`defaults`] when the team has no saved reply yet; returns how many were added. The
/// defaults are single-part emails with fixed headers and date: two agents adding them at once
/// make identical emails, which the server answers `alreadyExists` instead of keeping twice.
pub async fn add_defaults_if_none<T: Transport>(client: &JmapClient<T>, account_id: &str) -> Result<usize, JmapError> {
    if !list(client, account_id).await?.is_empty() {
        return Ok(0);
    }
    add_defaults(client, account_id).await
}

/// Saves [`defaults`]; those already there (the same emails) are not saved again.
pub async fn add_defaults<T: Transport>(client: &JmapClient<T>, account_id: &str) -> Result<usize, JmapError> {
    let mailbox = tandem_mailboxes::ensure(client, account_id, REPLIES).await?;
    let set = defaults().into_iter().enumerate().fold(EmailSet::new(account_id), |set, (i, (folder, name, body))| {
        let mut e = email(&mailbox, name, folder, body);
        e["sentAt"] = json!("2026-01-01T00:00:00Z");
        e["receivedAt"] = json!("2026-01-01T00:00:00Z");
        e["messageId"] = json!([format!("saved-reply-default-{i}@tandem.invalid")]);
        set.create(&format!("d{i}"), e)
    });
    let done = client.call(set).await?;
    Ok(done.created.map_or(0, |c| c.len()))
}

fn email(mailbox: &str, name: &str, folder: &str, body: &str) -> serde_json::Value {
    let mut e = json!({
        "mailboxIds": {mailbox: true},
        "keywords": {SEEN: true},
        "from": [{"name": "Tandem", "email": "saved-replies@tandem.invalid"}],
        "subject": name,
        "header:X-Tandem-Kind:asText": KIND_SAVED_REPLY,
        "bodyValues": {"body": {"value": body}},
        "textBody": [{"partId": "body", "type": "text/plain"}],
    });
    if !folder.is_empty() {
        e["header:X-Tandem-Folder:asText"] = json!(folder);
    }
    e
}
