//! Replies from the app: a send is queued in the outbox (kept in the local copy before the first
//! attempt, sent by the sync driver exactly once, held by the server for the undo window), and
//! taken back on Undo wherever it is by then: still queued, being sent, or held by the server.

use std::time::Duration;

use tandem_core::reply::{take_back as take_back_on_server, Address, SendJob, TakenBack};
use tandem_core::sync::OutboxEntry;
use tandem_core::team::settings::base36;

use crate::app_error::AppError;
use crate::auth::Client;
use crate::pending_writes::PendingWrites;
use crate::timer::sleep;

/// How long a take-back waits for a send that may be on its way to the server.
const SETTLE_WAIT: Duration = Duration::from_millis(300);
const SETTLE_TRIES: u32 = 10;

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

/// Takes a reply back: out of the outbox if it is still there, else off the server while it is
/// held. A flush may be sending it at the moment of the click, so a server that has not seen the
/// message yet is asked again for a moment before the reply counts as never sent; offline, a
/// reply still queued cannot have left.
pub async fn take_back(pending: PendingWrites, client: &Client, job: &SendJob) -> Result<TakenBack, AppError> {
    let was_queued = pending.take_back_send(&job.message.message_id).await?;
    if was_queued && !web_sys::window().is_some_and(|w| w.navigator().on_line()) {
        return Ok(TakenBack::NotThere);
    }
    for _ in 0..SETTLE_TRIES {
        match take_back_on_server(client, job).await {
            Ok(TakenBack::NotThere) => sleep(SETTLE_WAIT).await,
            Ok(done) => return Ok(done),
            Err(_) if was_queued => return Ok(TakenBack::NotThere),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(TakenBack::NotThere)
}
