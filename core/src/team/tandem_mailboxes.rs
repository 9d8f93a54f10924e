//! Tandem's own mailboxes in the team account (`Tandem`, `Tandem/Notes`, `Tandem/Settings`, `Tandem/Replies`, `Tandem/Drafts`), found by name and
//! created when missing. [`find`] is the one place that finds one by name.

use serde_json::json;

use crate::error::JmapError;
use crate::jmap::methods::{MailboxGet, MailboxSet};
use crate::jmap::objects::Mailbox;
use crate::jmap::{Ids, JmapClient};
use crate::mailboxes::MailboxEntry;
use crate::transport::Transport;

pub use crate::mailboxes::TANDEM as PARENT;
pub const NOTES: &str = "Notes";
pub const SETTINGS: &str = "Settings";
pub const REPLIES: &str = "Replies";
pub use crate::mailboxes::TANDEM_DRAFTS as DRAFTS;

/// The id of `Tandem/<name>`, creating `Tandem` and it if needed. A teammate (or another tab)
/// creating the same mailbox at the same moment makes the server refuse ours as a duplicate name:
/// the list is read again and theirs is used, so the first save of two agents never fails.
pub async fn ensure<T: Transport>(client: &JmapClient<T>, account_id: &str, name: &str) -> Result<String, JmapError> {
    let mut attempts_left = 3;
    loop {
        let list = client.call(MailboxGet::new(account_id, Ids::All).properties(&["id", "name", "parentId"])).await?.list;
        if let Some(id) = find(&list, name) {
            return Ok(id.to_string());
        }
        attempts_left -= 1;
        match create(client, account_id, &list, name).await {
            Err(JmapError::NotSet { .. }) if attempts_left > 0 => continue,
            created => return created,
        }
    }
}

/// Creates `Tandem/<name>` (and `Tandem` when `list` has none) in one request.
async fn create<T: Transport>(client: &JmapClient<T>, account_id: &str, list: &[Mailbox], name: &str) -> Result<String, JmapError> {
    let parent = list.iter().find(|m| m.parent_id.is_none() && m.name == PARENT).map(|m| m.id.clone());
    let mut set = MailboxSet::new(account_id);
    let parent_ref = match &parent {
        Some(id) => json!(id),
        None => {
            set = set.create("parent", json!({ "name": PARENT, "parentId": null }));
            json!("#parent")
        }
    };
    set = set.create("child", json!({ "name": name, "parentId": parent_ref }));
    let response = client.call(set).await?.all_done()?;
    response.created_id("child").ok_or_else(|| JmapError::Protocol("Mailbox/set created no mailbox".into()))
}

/// The id of `Tandem/<name>` among `mailboxes` (the server's, or a copy of them).
pub fn find<'a>(mailboxes: &'a [Mailbox], name: &str) -> Option<&'a str> {
    crate::mailboxes::tandem_child(mailboxes, name)
}

/// `mailboxes` (in sidebar order, see [`crate::mailboxes::load_mailboxes`]) without Tandem's
/// own: the top-level `Tandem` and everything under it. Notes are shown in their conversations
/// and the settings in the sidebar, never as mail in a folder.
pub fn without_tandem(mailboxes: Vec<MailboxEntry>) -> Vec<MailboxEntry> {
    let mut hiding = false;
    mailboxes
        .into_iter()
        .filter(|m| {
            if m.depth == 0 {
                hiding = m.name == PARENT;
            }
            !hiding
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, name: &str, depth: usize) -> MailboxEntry {
        MailboxEntry { id: id.into(), name: name.into(), role: None, depth, total_threads: 0, unread_threads: 0 }
    }

    #[test]
    fn tandem_mailboxes_are_left_out_of_the_folders() {
        let list = vec![
            entry("i", "Inbox", 0),
            entry("x", "Tandem", 1), // a customer folder of the same name, not at the top
            entry("t", PARENT, 0),
            entry("n", NOTES, 1),
            entry("deep", "Old", 2),
            entry("s", SETTINGS, 1),
            entry("a", "Archive", 0),
        ];
        let kept: Vec<String> = without_tandem(list).into_iter().map(|m| m.id).collect();
        assert_eq!(kept, vec!["i", "x", "a"]);
    }
}
