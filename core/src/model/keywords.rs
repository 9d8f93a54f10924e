//! The keywords of docs/scheme.md.

use super::agent_id;

pub const PENDING: &str = "$tandem_pending";
pub const SNOOZED: &str = "$tandem_snoozed";
pub const CLOSED: &str = "$tandem_closed";
pub const ASSIGNED: &str = "$tandem_assigned";
pub const NOTE: &str = "$tandem_note";
pub const ACTIVITY: &str = "$tandem_activity";
pub const HAS_MEMO: &str = "$hasmemo";
pub const SEEN: &str = "$seen";
/// An email not sent yet (RFC 8621): a reply being written, on the server as a shared draft.
pub const DRAFT: &str = "$draft";

const ASSIGNEE_PREFIX: &str = "$tandem_to_";
const TAG_PREFIX: &str = "$tandem_tag_";
const MENTION_PREFIX: &str = "$tandem_mention_";
const REPLIED_BY_PREFIX: &str = "$tandem_by_";

/// Limits of the keyword budget (docs/scheme.md).
pub const MAX_AGENTS: usize = 40;
pub const MAX_TAGS: usize = 60;

/// `$tandem_to_<agent id>` for the agent with this login.
pub fn assignee(login: &str) -> String {
    format!("{ASSIGNEE_PREFIX}{}", agent_id::from_login(login))
}

/// The login named by an assignee keyword.
pub fn assignee_login(keyword: &str) -> Option<String> {
    agent_id::to_login(keyword.strip_prefix(ASSIGNEE_PREFIX)?)
}

pub fn is_assignee(keyword: &str) -> bool {
    keyword.starts_with(ASSIGNEE_PREFIX)
}

/// `$tandem_by_<agent id>`: on the team's copy of a reply (in `Sent`), the agent who sent it.
pub fn replied_by(login: &str) -> String {
    format!("{REPLIED_BY_PREFIX}{}", agent_id::from_login(login))
}

/// The login named by a replied-by keyword.
pub fn replied_by_login(keyword: &str) -> Option<String> {
    agent_id::to_login(keyword.strip_prefix(REPLIED_BY_PREFIX)?)
}

/// `$tandem_mention_<agent id>`: on a note that mentions this agent (in `Tandem/Notes` only).
pub fn mention(login: &str) -> String {
    format!("{MENTION_PREFIX}{}", agent_id::from_login(login))
}

/// The agent id named by a mention keyword.
pub fn mentioned_agent_id(keyword: &str) -> Option<&str> {
    keyword.strip_prefix(MENTION_PREFIX).filter(|id| !id.is_empty())
}

pub fn is_mention(keyword: &str) -> bool {
    keyword.starts_with(MENTION_PREFIX)
}

/// `$tandem_tag_<id>` for tag `id` (base 36, from the team settings).
pub fn tag(id: &str) -> String {
    format!("{TAG_PREFIX}{id}")
}

/// The tag id named by a tag keyword.
pub fn tag_id(keyword: &str) -> Option<&str> {
    keyword.strip_prefix(TAG_PREFIX).filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignee_keywords_round_trip() {
        assert_eq!(assignee("Alice"), "$tandem_to_alice");
        assert_eq!(assignee_login("$tandem_to_jos_c3_a9").as_deref(), Some("josé"));
        assert_eq!(assignee_login("$tandem_closed"), None);
    }
}
