//! Tandem's own mailboxes in the team account (`Tandem`, `Tandem/Notes`, `Tandem/Settings`), found by name and
//! created when missing.

use serde_json::json;

use crate::error::JmapError;
use crate::jmap::methods::{MailboxGet, MailboxSet};
use crate::jmap::{Ids, JmapClient};
use crate::transport::Transport;

pub const PARENT: &str = "Tandem";
pub const NOTES: &str = "Notes";
pub const SETTINGS: &str = "Settings";

/// The id of `Tandem/<name>`, creating `Tandem` and it if needed.
pub async fn ensure<T: Transport>(client: &JmapClient<T>, account_id: &str, name: &str) -> Result<String, JmapError> {
    let list = client.call(MailboxGet::new(account_id, Ids::All).properties(&["id", "name", "parentId"])).await?.list;
    let parent = list.iter().find(|m| m.parent_id.is_none() && m.name == PARENT).map(|m| m.id.clone());
    if let Some(p) = &parent {
        if let Some(m) = list.iter().find(|m| m.parent_id.as_deref() == Some(p) && m.name == name) {
            return Ok(m.id.clone());
        }
    }
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
