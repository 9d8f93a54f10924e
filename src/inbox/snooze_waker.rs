//! Waking snoozed threads whose time has come. There is no server process: every open client
//! does it (`core::team::snooze::wake_due`; reopening is idempotent). This one does it when the
//! Snoozed view counts any thread, at most once a minute, and only online (offline, the wake
//! waits for the connection: nothing to tell the agent). The wake's requests are code in a part
//! (`code_parts`), fetched the first time something is due.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::snooze::wake_due;
use tandem_core::team::thread_record::Author;
use tandem_core::team::views::View;
use tandem_core::JmapError;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::connection::Connection;
use crate::inbox::views::TeamViews;
use crate::inbox_refresh::InboxRefresh;
use crate::local_time::now_secs;
use crate::notices::{Notices, Topic};
use crate::team_context::TeamContext;
use crate::tr;
use crate::web_transport::Client;

/// Seconds between two wakes by this client.
const WAKE_EVERY: i64 = 60;

/// Whether to wake now: something is snoozed, and the last wake was long enough ago.
pub fn wake_is_due(snoozed: u64, now: i64, last_wake: i64) -> bool {
    snoozed > 0 && now - last_wake >= WAKE_EVERY
}

/// Wakes the due threads of `inbox` whenever the counts show snoozed ones, for as long as the
/// calling component lives.
pub fn wake_snoozed(account: Memo<String>, inbox: Memo<Option<String>>, team: TeamContext, views: TeamViews) {
    let (auth, refresh, notices, online) = (Auth::get(), InboxRefresh::get(), Notices::get(), Connection::get().online());
    let last_wake = StoredValue::new(0i64);
    Effect::new(move |_| {
        if !online.get() {
            return;
        }
        let snoozed = views.count_of(&View::Snoozed).unwrap_or(0);
        let now = now_secs();
        if !wake_is_due(snoozed, now, last_wake.get_value()) {
            return;
        }
        last_wake.set_value(now);
        let (Some(client), Some(inbox)) = (auth.client.get_untracked(), inbox.get_untracked()) else { return };
        let (account, actor) = (account.get_untracked(), team.author());
        spawn_local(async move {
            // A part that cannot be fetched now: the next count tries again (in a minute).
            let Ok(waking) = waking(client, account, inbox, now, actor).await else { return };
            match waking.await {
                Ok(0) => {}
                Ok(_) => refresh.bump(),
                // Worded by the app (core's `JmapError` says it in English).
                Err(e) => {
                    let e = AppError::from(e);
                    let said = e.clone();
                    notices.report_as(Topic::Background, &e, move || tr!(inbox.wake_failed, error = &said));
                }
            }
        });
    });
}

part_fn! {
    inbox_background,
    /// Reopens the threads of `inbox` whose snooze ended by `now`; comes to how many it reopened.
    fn waking(client: Arc<Client>, account: String, inbox: String, now: i64, actor: Author) -> Result<Later<Result<usize, JmapError>>, Unreachable> {
        Ok(Box::pin(async move { wake_due(&client, &account, &inbox, now, &actor).await }))
    }
}

#[cfg(test)]
mod tests {
    use super::wake_is_due;

    #[test]
    fn a_client_wakes_snoozed_threads_at_most_once_a_minute() {
        assert!(wake_is_due(1, 1_000, 0));
        assert!(!wake_is_due(0, 1_000, 0));
        assert!(!wake_is_due(3, 1_000, 959));
        assert!(wake_is_due(3, 1_000, 940));
    }
}
