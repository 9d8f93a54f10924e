//! An outgoing message as the agent wrote it, checked before anything is sent, and the JMAP
//! objects made from it: the `Email/set` creation (multipart/alternative, attachments by blob id)
//! and the SMTP envelope of its submission.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::formatting::to_plain;
use super::html::reply_html;
use crate::text::{clean_line, clean_text};

/// Why a message cannot be sent as it is: defined with Tandem's other refusals.
pub use crate::refusal::Unsendable;

/// A mailbox as in a From, To or Cc header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub name: String,
    pub email: String,
}

impl Address {
    pub fn new(name: &str, email: &str) -> Self {
        Address { name: clean_line(name), email: email.trim().to_string() }
    }
}

/// An attachment already uploaded (or carried over from a forwarded message) by blob id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRef {
    pub blob_id: String,
    pub name: String,
    pub mime_type: String,
    pub size: u64,
}

/// What is sent. `message_id` (no angle brackets) and `sent_at` are made by the client once, when
/// the agent clicks Send: they identify the message on the server whatever happens next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outgoing {
    pub from: Address,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub bcc: Vec<Address>,
    pub subject: String,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// What the agent wrote, signature included.
    pub text: String,
    /// The earlier message quoted below, as (attribution line, its text); `None` to leave it out.
    pub quoted: Option<(String, String)>,
    pub attachments: Vec<AttachmentRef>,
    pub message_id: String,
    /// RFC 3339, e.g. `2026-12-04T16:37:00Z`.
    pub sent_at: String,
}

/// How long the server keeps a message before it leaves (RFC 4865 future release).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Hold {
    /// `HOLDFOR`: this many seconds (the undo window).
    For(u32),
    /// `HOLDUNTIL`: until this time, RFC 3339 (send later).
    Until(String),
}

impl Outgoing {
    /// Checks what a server would refuse or a customer would never get, before sending.
    pub fn check(&self) -> Result<(), Unsendable> {
        if self.to.is_empty() && self.cc.is_empty() && self.bcc.is_empty() {
            return Err(Unsendable::NoRecipient);
        }
        if let Some(bad) = self.recipients().chain([&self.from]).find(|a| !is_address(&a.email)) {
            return Err(Unsendable::NotAnAddress(bad.email.clone()));
        }
        if self.text.trim().is_empty() && self.attachments.is_empty() {
            return Err(Unsendable::Empty);
        }
        if !self.message_id.contains('@') {
            return Err(Unsendable::NotAMessageId(self.message_id.clone()));
        }
        Ok(())
    }

    pub fn recipients(&self) -> impl Iterator<Item = &Address> {
        self.to.iter().chain(&self.cc).chain(&self.bcc)
    }

    /// The `Email/set` creation: in `mailbox_id` with `keywords`, text and HTML alternatives,
    /// attachments after them. Every string the agent typed is cleaned of characters a JMAP
    /// server refuses in JSON (NUL and other controls but tab and line breaks).
    pub fn email_object(&self, mailbox_id: &str, keywords: &[&str]) -> Value {
        let addresses = |list: &[Address]| -> Value { list.iter().map(|a| json!({"name": a.name, "email": a.email})).collect() };
        let keywords: Map<String, Value> = keywords.iter().map(|k| (k.to_string(), json!(true))).collect();
        let text = clean_text(&self.text);
        let quoted = self.quoted.as_ref().map(|(a, q)| (clean_line(a), clean_text(q))).filter(|(_, q)| !q.trim().is_empty());
        let written = to_plain(&text);
        let plain = match &quoted {
            Some((attribution, quote)) => {
                format!("{written}\n\n{attribution}\n{}", quote.lines().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n"))
            }
            None => written,
        };
        let html = reply_html(&text, quoted.as_ref().map(|(a, q)| (a.as_str(), q.as_str())));
        let alternative = json!({"type": "multipart/alternative", "subParts": [
            {"partId": "text", "type": "text/plain"},
            {"partId": "html", "type": "text/html"}
        ]});
        let body = if self.attachments.is_empty() {
            alternative
        } else {
            let files = self
                .attachments
                .iter()
                .map(|a| json!({"blobId": a.blob_id, "type": a.mime_type, "name": clean_line(&a.name), "disposition": "attachment"}));
            json!({"type": "multipart/mixed", "subParts": std::iter::once(alternative).chain(files).collect::<Vec<_>>()})
        };
        let mut email = json!({
            "mailboxIds": {mailbox_id: true},
            "keywords": keywords,
            "from": addresses(std::slice::from_ref(&self.from)),
            "subject": clean_line(&self.subject),
            "messageId": [self.message_id],
            "sentAt": self.sent_at,
            "bodyStructure": body,
            "bodyValues": {"text": {"value": plain}, "html": {"value": html}},
        });
        for (key, list) in [("to", &self.to), ("cc", &self.cc), ("bcc", &self.bcc)] {
            if !list.is_empty() {
                email[key] = addresses(list);
            }
        }
        if !self.in_reply_to.is_empty() {
            email["inReplyTo"] = json!(self.in_reply_to);
            email["references"] = json!(self.references);
        }
        email
    }

    /// The SMTP envelope: from the team's address, to every recipient (Bcc included), held by
    /// the server as `hold` says (so it can be taken back, or leave later, whatever becomes of
    /// the browser).
    pub fn envelope(&self, hold: Option<&Hold>) -> Value {
        let mut mail_from = json!({"email": self.from.email});
        match hold {
            Some(Hold::For(secs)) if *secs > 0 => mail_from["parameters"] = json!({"HOLDFOR": secs.to_string()}),
            Some(Hold::Until(at)) => mail_from["parameters"] = json!({"HOLDUNTIL": at}),
            _ => {}
        }
        let mut seen = std::collections::BTreeSet::new();
        let rcpt: Vec<Value> =
            self.recipients().filter(|a| seen.insert(a.email.to_ascii_lowercase())).map(|a| json!({"email": a.email})).collect();
        json!({"mailFrom": mail_from, "rcptTo": rcpt})
    }
}

/// An address a server will take: `local@domain`, no spaces, controls, brackets or quotes, a
/// domain of dot-separated labels.
pub fn is_address(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    let plain =
        |part: &str| !part.is_empty() && part.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[]\\,;:\"@".contains(c));
    plain(local) && plain(domain) && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Outgoing {
        Outgoing {
            from: Address::new("Support", "support@tandem.test"),
            to: vec![Address::new("Ahmed", "ahmed@example.com")],
            cc: vec![],
            bcc: vec![Address::new("", "AHMED@example.com")],
            subject: "Re: Refund\u{0}".into(),
            in_reply_to: vec!["m1@example.com".into()],
            references: vec!["m0@example.com".into(), "m1@example.com".into()],
            text: "Hello\u{0} there".into(),
            quoted: Some(("On Monday, Ahmed wrote:".into(), "Where is my refund?".into())),
            attachments: vec![],
            message_id: "r1@tandem.test".into(),
            sent_at: "2026-12-04T16:37:00Z".into(),
        }
    }

    #[test]
    fn addresses_are_checked() {
        for good in ["a@b", "first.last+tag@example.co.uk", "محمد@مثال.مصر", "张伟@例子.中国"] {
            assert!(is_address(good), "{good}");
        }
        for bad in ["", "a", "a@", "@b", "a b@c", "a@b..c", "<a@b>", "a@b,c@d", "a@-b.com"] {
            assert!(!is_address(bad), "{bad}");
        }
        let mut m = sample();
        m.to[0].email = "ahmed at example".into();
        assert_eq!(m.check(), Err(Unsendable::NotAnAddress("ahmed at example".into())));
        assert_eq!(m.check().unwrap_err().to_string(), "“ahmed at example” is not an email address.");
        assert!(sample().check().is_ok());
    }

    #[test]
    fn the_email_joins_the_thread_and_carries_no_control_characters() {
        let email = sample().email_object("drafts", &["$draft", "$seen"]);
        assert_eq!(email["subject"], "Re: Refund");
        assert_eq!(email["messageId"], json!(["r1@tandem.test"]));
        assert_eq!(email["inReplyTo"], json!(["m1@example.com"]));
        assert_eq!(email["bodyValues"]["text"]["value"], "Hello there\n\nOn Monday, Ahmed wrote:\n> Where is my refund?");
        assert_eq!(email["keywords"], json!({"$draft": true, "$seen": true}));
        assert_eq!(email["bodyStructure"]["type"], "multipart/alternative");
    }

    #[test]
    fn the_envelope_reaches_every_recipient_once_and_holds_when_asked() {
        let envelope = sample().envelope(Some(&Hold::For(10)));
        assert_eq!(envelope["mailFrom"], json!({"email": "support@tandem.test", "parameters": {"HOLDFOR": "10"}}));
        assert_eq!(envelope["rcptTo"], json!([{"email": "ahmed@example.com"}]));
        assert!(sample().envelope(None)["mailFrom"].get("parameters").is_none());
        let later = sample().envelope(Some(&Hold::Until("2026-12-05T09:00:00Z".into())));
        assert_eq!(later["mailFrom"]["parameters"], json!({"HOLDUNTIL": "2026-12-05T09:00:00Z"}));
    }
}
