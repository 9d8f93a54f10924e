//! The stale-reply check (as Help Scout's Traffic Cop): before a reply leaves, what arrived in the
//! conversation since the composer opened — a customer's new message, a reply from the team, a
//! note — so that an agent never answers a conversation that moved on without knowing it.

use crate::conversation::{load_conversation, Message};
use crate::error::JmapError;
use crate::jmap::JmapClient;
use crate::text::preview;
use crate::transport::Transport;

/// What is new, as the agent is told it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct News {
    pub id: String,
    /// "Ahmed Saleh", or the note's author.
    pub from: String,
    pub note: bool,
    pub received_at: String,
    /// The start of its text.
    pub preview: String,
}

/// The messages of `messages` the agent had not seen (`seen`: the ids shown when the composer
/// opened); activity records do not count, nor the reply being sent (`sending:` ids).
pub fn news(messages: &[Message], seen: &[String]) -> Vec<News> {
    messages
        .iter()
        .filter(|m| !m.activity && !m.id.starts_with("sending:") && !seen.contains(&m.id))
        .map(|m| News {
            id: m.id.clone(),
            from: m.note_author.clone().unwrap_or_else(|| m.from_name.clone()),
            note: m.note_author.is_some(),
            received_at: m.received_at.clone(),
            preview: preview(&m.body, 140),
        })
        .collect()
}

/// What the server has in the conversation that the agent had not seen.
pub async fn news_since<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    seen: &[String],
) -> Result<Vec<News>, JmapError> {
    let conversation = load_conversation(client, account_id, thread_id).await?;
    Ok(news(&conversation.messages, seen))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_what_was_not_seen_counts_and_never_activity() {
        let emails = serde_json::from_value(json!([
            {"id": "e1", "receivedAt": "2026-12-01T10:00:00Z", "from": [{"name": "Ahmed", "email": "a@x"}], "bodyValues": {"1": {"value": "Hello"}}, "textBody": [{"partId": "1", "type": "text/plain"}]},
            {"id": "e2", "receivedAt": "2026-12-01T11:00:00Z", "from": [{"name": "Ahmed", "email": "a@x"}], "bodyValues": {"1": {"value": "Never mind, found it"}}, "textBody": [{"partId": "1", "type": "text/plain"}]},
            {"id": "n1", "receivedAt": "2026-12-01T11:30:00Z", "header:X-Tandem-Kind:asText": "note", "header:X-Tandem-Author:asText": "bob"},
            {"id": "a1", "receivedAt": "2026-12-01T11:40:00Z", "header:X-Tandem-Kind:asText": "activity"}
        ]))
        .unwrap();
        let messages = crate::conversation::build("t", emails).messages;
        let new = news(&messages, &["e1".to_string()]);
        assert_eq!(
            new.iter().map(|n| (n.id.as_str(), n.from.as_str(), n.note)).collect::<Vec<_>>(),
            vec![("e2", "Ahmed", false), ("n1", "bob", true)]
        );
        assert_eq!(new[0].preview, "Never mind, found it");
        assert!(news(&messages, &["e1".into(), "e2".into(), "n1".into()]).is_empty());
    }
}
