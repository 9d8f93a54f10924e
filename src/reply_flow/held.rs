//! A reply sent and held by the server for the team's undo window: counted down on screen, and
//! taken back into the composer on Undo while the server still holds it.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::reply::{ReplyDraft, SendJob, TakenBack};

use super::ReplyFlow;
use crate::notices::Topic;
use crate::replying;
use crate::timer::sleep;
use crate::tr;
use crate::wording::Words;

/// A reply sent and still held by the server: what Undo needs.
#[derive(Clone)]
pub(super) struct Held {
    pub(super) job: SendJob,
    pub(super) draft: ReplyDraft,
    pub(super) until_ms: f64,
}

impl ReplyFlow {
    /// Ticks `seconds_left` until the hold ends (or another send or an undo replaces it).
    pub(super) fn count_down(self, until_ms: f64) {
        spawn_local(async move {
            loop {
                // After an await the page may be gone: accessors that do not panic, and stop.
                let Some(mine) = self.held.try_with_untracked(|h| h.as_ref().is_some_and(|h| h.until_ms == until_ms)) else { return };
                let left = ((until_ms - js_sys::Date::now()) / 1000.0).ceil();
                if !mine || left <= 0.0 {
                    if mine {
                        self.held.try_set(None);
                        self.seconds_left.try_set(None);
                    }
                    return;
                }
                self.seconds_left.try_set(Some(left as u32));
                sleep(Duration::from_millis(250)).await;
            }
        });
    }

    /// Takes the last reply back into the composer, if the server still holds it.
    pub fn undo(&self) {
        let (auth, pending, notices) = (self.auth, self.pending, self.notices);
        let (Some(client), Some(held)) = (auth.client(), self.held.get_untracked()) else { return };
        let flow = *self;
        flow.undoing.try_set(true);
        spawn_local(async move {
            match replying::take_back(pending, &client, &held.job).await {
                Ok(TakenBack::NotThere | TakenBack::Canceled) => {
                    flow.held.try_set(None);
                    flow.seconds_left.try_set(None);
                    flow.draft.try_set(Some(held.draft));
                    flow.notice.try_set(Some(Words::new(|| tr!(composer.undo.taken_back))));
                }
                Ok(TakenBack::AlreadyLeft) => {
                    flow.notice.try_set(Some(Words::new(|| tr!(composer.undo.too_late))));
                }
                // In the status area, with what it asks for (a session that ended: sign in again).
                Err(e) => {
                    let said = e.clone();
                    notices.report_as(Topic::Undo, &e, move || tr!(composer.undo.failed, error = &said));
                }
            }
            flow.undoing.try_set(false);
        });
    }
}
