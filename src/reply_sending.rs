//! How the outbox sends a reply: `tandem_core::reply::send`, whose code is in the conversation
//! page's part (`lazy_pages`: fetched once the list is on screen, or at the first reply) rather
//! than in the app's first load; every flush carries the team's changes, few carry a reply. Until
//! the part is here the reply stays queued, as when the server cannot be reached, and leaves at
//! a later flush.

use std::sync::Arc;

use tandem_core::error::JmapError;
use tandem_core::reply::{SendJob, Submitted};
use tandem_core::sync::SendsReplies;

use crate::code_parts::{part_fn, Later, Unreachable};
use crate::web_transport::Client;

part_fn! {
    conversation_page,
    fn sending(client: Arc<Client>, job: SendJob) -> Result<Later<Result<Submitted, JmapError>>, Unreachable> {
        Ok(Box::pin(async move { tandem_core::reply::send(&client, &job).await }))
    }
}

/// Sends replies through `client`, once the code that does is here.
pub struct ReplySending(pub Arc<Client>);

impl SendsReplies for ReplySending {
    async fn send_reply(&self, job: &SendJob) -> Result<Submitted, JmapError> {
        match sending(self.0.clone(), job.clone()).await {
            Ok(sending) => sending.await,
            Err(Unreachable) => Err(JmapError::Unreachable { url: page_url() }),
        }
    }
}

/// Where the app's code comes from (the page's own address).
fn page_url() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}
