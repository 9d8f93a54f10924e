//! A reply as the composer holds it while the agent writes: plain fields, kept in the local copy
//! (and later on the server) so nothing typed is lost, and turned into an [`Outgoing`] message
//! when the agent clicks Send. Recipient fields are what the agent typed ("Ahmed <a@x>, b@y");
//! [`parse_addresses`] reads them, and every address is checked before anything is sent.

use serde::{Deserialize, Serialize};

use super::message::{Address, AttachmentRef, Outgoing, Unsendable};
use super::recipients::{ReplyKind, ReplyStart};
use crate::model::shared_draft::SharedDraft;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplyDraft {
    pub forward: bool,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub text: String,
    /// Quote the earlier message below the reply.
    pub quote: bool,
    /// The team email answered (`$answered` once sent).
    pub answers: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// "On … Ahmed wrote:" and the quoted text, fixed when the composer opened.
    pub quoted: Option<(String, String)>,
    /// The conversation's messages (and notes) the agent had seen: what arrives after them is
    /// shown before the reply may leave (`stale`).
    pub seen: Vec<String>,
    /// Files sent with it (a forward's, or uploaded by the agent), by blob id.
    pub attachments: Vec<AttachmentRef>,
    /// Its last version saved on the server (`shared_draft`), if any.
    pub server_id: Option<String>,
}

impl ReplyDraft {
    /// A new draft for `start`, quoting its message under `attribution` ("On … Ahmed wrote:").
    pub fn new(start: ReplyStart, kind: ReplyKind, attribution: String) -> Self {
        let list = |a: &[Address]| a.iter().map(format_address).collect::<Vec<_>>().join(", ");
        ReplyDraft {
            forward: kind == ReplyKind::Forward,
            to: list(&start.to),
            cc: list(&start.cc),
            bcc: String::new(),
            subject: start.subject.clone(),
            text: String::new(),
            quote: true,
            answers: start.answers.filter(|_| kind != ReplyKind::Forward),
            in_reply_to: start.in_reply_to,
            references: start.references,
            quoted: Some((attribution, start.quoted_text)),
            seen: Vec::new(),
            attachments: start.attachments,
            server_id: None,
        }
    }

    /// The same draft, written with the conversation's messages `seen` on screen.
    pub fn seeing(mut self, seen: Vec<String>) -> Self {
        self.seen = seen;
        self
    }

    /// A shared draft as the composer reopens it: its fields, with its text; `None` when its
    /// fields cannot be read (another client wrote it).
    pub fn reopen(shared: &SharedDraft) -> Option<ReplyDraft> {
        let mut draft: ReplyDraft = crate::json::parse(shared.fields.as_deref()?).ok()?;
        draft.text = shared.text.clone();
        draft.server_id = Some(shared.id.clone());
        Some(draft)
    }

    /// What the server's copy keeps beside the text: all but the text itself, the quoted message
    /// (read again from the conversation) and the server id.
    pub fn fields_only(&self) -> ReplyDraft {
        ReplyDraft { text: String::new(), quoted: None, server_id: None, ..self.clone() }
    }

    /// The message to send, from the team's `from`, identified by `message_id` and `sent_at`.
    pub fn to_outgoing(&self, from: Address, message_id: String, sent_at: String) -> Result<Outgoing, Unsendable> {
        let message = Outgoing {
            from,
            to: parse_addresses(&self.to)?,
            cc: parse_addresses(&self.cc)?,
            bcc: parse_addresses(&self.bcc)?,
            subject: self.subject.clone(),
            in_reply_to: self.in_reply_to.clone(),
            references: self.references.clone(),
            text: self.text.clone(),
            quoted: self.quoted.clone().filter(|_| self.quote),
            attachments: self.attachments.clone(),
            message_id,
            sent_at,
        };
        message.check()?;
        Ok(message)
    }
}

/// `Name <address>`, or the address alone.
pub fn format_address(a: &Address) -> String {
    if a.name.is_empty() {
        a.email.clone()
    } else {
        let name = a.name.replace(['"', '<', '>', ',', ';'], " ");
        format!("{} <{}>", name.trim(), a.email)
    }
}

/// Reads a typed recipient list: `Name <a@x>`, `"Last, First" <b@y>` or `c@z`, separated by
/// commas or semicolons (also the Arabic and Chinese ones). An entry that is not an address is
/// refused with a sentence that names it.
pub fn parse_addresses(typed: &str) -> Result<Vec<Address>, Unsendable> {
    let mut out = Vec::new();
    for entry in split_entries(typed).into_iter().map(str::trim).filter(|e| !e.is_empty()) {
        let (name, email) = match (entry.rfind('<'), entry.ends_with('>')) {
            (Some(open), true) => (entry[..open].trim().trim_matches('"').trim(), entry[open + 1..entry.len() - 1].trim()),
            _ => ("", entry),
        };
        if !super::message::is_address(email) {
            return Err(Unsendable::NotAnAddress(entry.to_string()));
        }
        out.push(Address::new(name, email));
    }
    Ok(out)
}

/// Splits at separators outside quotes and angle brackets. Every split is at an ASCII or a
/// whole multi-byte separator, found by `char_indices`, so at a char boundary.
fn split_entries(typed: &str) -> Vec<&str> {
    let (mut entries, mut start, mut quoted, mut angle) = (Vec::new(), 0, false, false);
    for (i, c) in typed.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' | '،' | '؛' | '，' | '；' if !quoted && !angle => {
                entries.push(&typed[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    entries.push(&typed[start..]);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_recipients_are_read_in_any_script() {
        let parsed =
            parse_addresses("Ahmed <ahmed@example.com>, \"Díaz, Carol\" <carol@example.org>; zhang@例子.中国， محمد <m@example.com>")
                .unwrap();
        let shown: Vec<(&str, &str)> = parsed.iter().map(|a| (a.name.as_str(), a.email.as_str())).collect();
        assert_eq!(
            shown,
            vec![("Ahmed", "ahmed@example.com"), ("Díaz, Carol", "carol@example.org"), ("", "zhang@例子.中国"), ("محمد", "m@example.com")]
        );
        assert_eq!(parse_addresses("  ,, ").unwrap(), vec![]);
        assert_eq!(parse_addresses("ahmed at example").unwrap_err().to_string(), "“ahmed at example” is not an email address.");
        assert!(parse_addresses("Bob <bob@x").is_err());
    }

    #[test]
    fn a_draft_becomes_the_message_it_says() {
        let start = ReplyStart {
            to: vec![Address::new("Ahmed", "ahmed@example.com")],
            cc: vec![],
            subject: "Re: Refund".into(),
            in_reply_to: vec!["m1@x".into()],
            references: vec!["m1@x".into()],
            answers: Some("e1".into()),
            quoted_from: "Ahmed".into(),
            quoted_at: String::new(),
            quoted_text: "Where?".into(),
            attachments: vec![],
        };
        let mut draft = ReplyDraft::new(start, ReplyKind::Reply, "Ahmed wrote:".into()).seeing(vec!["e1".into()]);
        assert_eq!(draft.to, "Ahmed <ahmed@example.com>");
        draft.text = "Here.".into();
        draft.quote = false;
        let message =
            draft.to_outgoing(Address::new("Support", "support@x.test"), "r@x.test".into(), "2026-12-04T10:00:00Z".into()).unwrap();
        assert_eq!((message.to[0].email.as_str(), message.quoted.is_none()), ("ahmed@example.com", true));
        draft.text.clear();
        assert_eq!(
            draft.to_outgoing(Address::new("S", "s@x.test"), "r@x.test".into(), String::new()).unwrap_err().to_string(),
            "The reply is empty."
        );
    }
}
