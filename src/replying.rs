//! Replies from the app: a send is queued in the outbox (kept in the local copy before the first
//! attempt, sent by the sync driver exactly once, held by the server for the undo window), and
//! taken back on Undo wherever it is by then: still queued, being sent, or held by the server.

use tandem_core::reply::{take_back as take_back_on_server, Address, SendJob, TakenBack};
use tandem_core::sync::OutboxEntry;
use tandem_core::team::drafts::drafts_by;
use tandem_core::team::new_drafts::{own_new_draft, NEW_CONVERSATION};
use tandem_core::team::settings::base36;

use crate::app_error::AppError;
use crate::pending_writes::{PendingWrites, Withdrawal};
use crate::web_transport::Client;

/// A Message-ID no other message has: the time, 53 random bits, and the team's domain.
pub fn new_message_id(from: &Address) -> String {
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let domain = from.email.rsplit_once('@').map_or("tandem.invalid", |(_, d)| d);
    format!("{}.{}@{domain}", base36(js_sys::Date::now() as u64), base36(random))
}

/// Queues the reply: saved in the local copy, then sent when the server can be reached.
pub async fn queue(pending: PendingWrites, job: SendJob) -> Result<(), AppError> {
    pending.queue(vec![OutboxEntry::Send { job: Box::new(job) }]).await
}

/// Whether the agent `me`'s draft of `thread` (one this device read or saved on the server) is
/// gone from the server, and no other of theirs is there: it was sent or discarded on another
/// device. `false` when the server cannot say (offline).
pub async fn draft_gone_elsewhere(client: &Client, account: &str, thread: &str, me: &str) -> bool {
    if me.is_empty() {
        return false;
    }
    if thread == NEW_CONVERSATION {
        own_new_draft(client, account, me).await.is_ok_and(|own| own.is_none())
    } else {
        drafts_by(client, account, thread, me).await.is_ok_and(|own| own.is_empty())
    }
}

/// Takes a reply back: out of the outbox if it is still there (it never left), else off the
/// server while it holds it. A flush sending it at the moment of the click is waited for first,
/// so the server's answer is the whole story.
pub async fn take_back(pending: PendingWrites, client: &Client, job: &SendJob) -> Result<TakenBack, AppError> {
    match pending.take_back_send(&job.message.message_id).await? {
        Withdrawal::NeverSent => Ok(TakenBack::NotThere),
        Withdrawal::Attempted => Ok(take_back_on_server(client, job).await?),
    }
}
