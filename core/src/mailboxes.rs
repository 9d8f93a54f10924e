//! An account's mailboxes as the sidebar lists them: a tree in a stable order, the Inbox first.

use crate::error::JmapError;
use crate::jmap::methods::MailboxGet;
use crate::jmap::objects::Mailbox;
use crate::jmap::{Ids, JmapClient};
use crate::transport::Transport;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxEntry {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    /// 0 for a top-level mailbox, 1 for its children, …
    pub depth: usize,
    pub total_threads: u64,
    pub unread_threads: u64,
}

const PROPERTIES: &[&str] = &["id", "name", "parentId", "role", "sortOrder", "totalThreads", "unreadThreads"];

/// All mailboxes of `account_id`, in sidebar order.
pub async fn load_mailboxes<T: Transport>(client: &JmapClient<T>, account_id: &str) -> Result<Vec<MailboxEntry>, JmapError> {
    Ok(ordered(client.call(MailboxGet::new(account_id, Ids::All).properties(PROPERTIES)).await?.list))
}

/// The id of the mailbox with role `inbox`, else the first one.
pub fn inbox_id(entries: &[MailboxEntry]) -> Option<&str> {
    entries.iter().find(|m| m.role.as_deref() == Some("inbox")).or(entries.first()).map(|m| m.id.as_str())
}

fn role_rank(role: Option<&str>) -> u8 {
    match role {
        Some("inbox") => 0,
        Some("drafts") => 2,
        Some("sent") => 3,
        Some("archive") => 4,
        Some("junk") => 5,
        Some("trash") => 6,
        Some(_) => 7,
        None => 1,
    }
}

/// Depth-first tree order; siblings by role (Inbox first), then `sortOrder`, then name.
/// Mailboxes whose parent is missing are treated as top level; cycles cannot loop.
/// The parent of Tandem's own mailboxes (`team::tandem_mailboxes` creates them).
pub const TANDEM: &str = "Tandem";
/// `Tandem/Drafts`: shared drafts (docs/scheme.md, "Drafts").
pub const TANDEM_DRAFTS: &str = "Drafts";

/// The id of `Tandem/<name>` among `mailboxes` (the server's, or a copy of them).
pub fn tandem_child<'a>(mailboxes: &'a [Mailbox], name: &str) -> Option<&'a str> {
    let parent = mailboxes.iter().find(|m| m.parent_id.is_none() && m.name == TANDEM)?;
    mailboxes.iter().find(|m| m.parent_id.as_deref() == Some(parent.id.as_str()) && m.name == name).map(|m| m.id.as_str())
}

pub fn ordered(mut mailboxes: Vec<Mailbox>) -> Vec<MailboxEntry> {
    crate::sort::sort_by(&mut mailboxes, |a, b| {
        (role_rank(a.role.as_deref()), a.sort_order, a.name.to_lowercase()).cmp(&(
            role_rank(b.role.as_deref()),
            b.sort_order,
            b.name.to_lowercase(),
        ))
    });
    let ids: std::collections::HashSet<&str> = mailboxes.iter().map(|m| m.id.as_str()).collect();
    let is_root = |m: &Mailbox| m.parent_id.as_deref().is_none_or(|p| !ids.contains(p) || p == m.id);
    let mut out = Vec::with_capacity(mailboxes.len());
    let mut placed = std::collections::HashSet::new();
    let mut stack: Vec<(&Mailbox, usize)> = mailboxes.iter().filter(|m| is_root(m)).rev().map(|m| (m, 0)).collect();
    while let Some((m, depth)) = stack.pop() {
        if !placed.insert(m.id.as_str()) {
            continue;
        }
        out.push(MailboxEntry {
            id: m.id.clone(),
            name: m.name.clone(),
            role: m.role.clone(),
            depth,
            total_threads: m.total_threads,
            unread_threads: m.unread_threads,
        });
        let children = mailboxes.iter().filter(|c| c.parent_id.as_deref() == Some(m.id.as_str()) && c.id != m.id);
        stack.extend(children.rev().map(|c| (c, depth + 1)).collect::<Vec<_>>());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mb(id: &str, name: &str, parent: Option<&str>, role: Option<&str>) -> Mailbox {
        Mailbox { id: id.into(), name: name.into(), parent_id: parent.map(Into::into), role: role.map(Into::into), ..Default::default() }
    }

    #[test]
    fn inbox_first_children_under_parents() {
        let list = vec![
            mb("t", "Trash", None, Some("trash")),
            mb("n", "Notes", Some("tandem"), None),
            mb("tandem", "Tandem", None, None),
            mb("i", "INBOX", None, Some("inbox")),
            mb("a", "Archive", None, Some("archive")),
            mb("o", "orphan", Some("gone"), None),
        ];
        let out = ordered(list);
        let names: Vec<(&str, usize)> = out.iter().map(|m| (m.name.as_str(), m.depth)).collect();
        assert_eq!(names, vec![("INBOX", 0), ("orphan", 0), ("Tandem", 0), ("Notes", 1), ("Archive", 0), ("Trash", 0)]);
        assert_eq!(inbox_id(&out), Some("i"));
    }

    #[test]
    fn a_parent_cycle_does_not_hang() {
        let out = ordered(vec![mb("a", "A", Some("b"), None), mb("b", "B", Some("a"), None), mb("c", "C", None, None)]);
        assert_eq!(out.len(), 1, "unreachable cycle members are not roots: {out:?}");
    }
}
