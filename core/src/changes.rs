//! Noticing that something changed on the server, as cheaply as JMAP allows: `Email/get` with no
//! ids returns just the account's Email state string (a few hundred bytes), which changes with
//! every new email and every keyword change by anyone.

use crate::error::JmapError;
use crate::jmap::methods::EmailGet;
use crate::jmap::{Ids, JmapClient};
use crate::transport::Transport;

/// The account's current Email state.
pub async fn email_state<T: Transport>(client: &JmapClient<T>, account_id: &str) -> Result<String, JmapError> {
    Ok(client.call(EmailGet::new(account_id, Ids::List(Vec::new()))).await?.state)
}
