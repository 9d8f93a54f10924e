//! The reply being written, kept on the server too (`core::team::drafts`, docs/scheme.md
//! "Drafts"): saved a moment after the agent stops typing (the local copy has it at once,
//! `note_drafts`), so it follows the agent to another device and teammates see who is writing;
//! reopened from the server when this device has none; discarded on the server when the agent
//! discards it or sends it. A save that fails (offline) is tried again until one works.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::reply::ReplyDraft;
use tandem_core::team::drafts::{discard_drafts, save_draft};

use crate::auth::Auth;
use crate::conversation::shown::ShownConversation;
use crate::reply_flow::ReplyFlow;
use crate::team_context::TeamContext;
use crate::timer::sleep;

/// Quiet time after a key press before the draft is saved on the server.
const SHARE_AFTER: Duration = Duration::from_millis(1500);
/// Wait before a failed save is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(15);
/// How long a conversation shown waits for this device's own draft (read from the local copy)
/// before reopening the one on the server.
const LOCAL_FIRST: Duration = Duration::from_millis(600);

/// Keeps `flow`'s draft on the server while the conversation page lives.
pub fn share_drafts(flow: ReplyFlow, shown: ShownConversation) {
    let sharing = Sharing {
        flow,
        auth: Auth::get(),
        team: TeamContext::get(),
        generation: StoredValue::new(0),
        epochs: StoredValue::new(HashMap::new()),
    };
    // The draft shown last, and for which conversation: a change of conversation is no edit.
    let last = StoredValue::new((String::new(), None::<ReplyDraft>));
    Effect::new(move |_| {
        let draft = flow.draft.get();
        let thread = flow.thread().get_untracked();
        let (previous_thread, previous) = last.get_value();
        last.set_value((thread.clone(), draft.clone()));
        if previous_thread != thread {
            return;
        }
        match (previous, draft) {
            (Some(_), None) => sharing.discard(thread),
            (previous, Some(draft)) if previous.as_ref().is_none_or(|p| !same_content(p, &draft)) => sharing.save_soon(thread, draft),
            _ => {}
        }
    });
    reopen_from_server(flow, shown);
}

/// Two versions say the same (the server's id aside).
fn same_content(a: &ReplyDraft, b: &ReplyDraft) -> bool {
    a.fields_only() == b.fields_only() && a.text == b.text
}

/// The agent's own draft on the server, reopened in the composer when this device has none:
/// looked for once each time a conversation opens, after its local draft had time to come, in
/// the conversation as the server then gives it.
fn reopen_from_server(flow: ReplyFlow, shown: ShownConversation) {
    let me = TeamContext::get().me;
    Effect::new(move |_| {
        let thread = flow.thread().get();
        spawn_local(async move {
            sleep(LOCAL_FIRST).await;
            let Some(conversation) = shown.get_untracked().filter(|c| c.thread_id == thread) else { return };
            let Some(me) = me.try_get_untracked() else { return };
            let Some(own) = conversation.drafts.iter().find(|d| d.author == me).and_then(ReplyDraft::reopen) else { return };
            let still_here = flow.thread().try_get_untracked().as_ref() == Some(&thread);
            if still_here && flow.draft.try_with_untracked(Option::is_none) == Some(true) {
                flow.reopen(&conversation, own);
            }
        });
    });
}

#[derive(Clone, Copy)]
struct Sharing {
    flow: ReplyFlow,
    auth: Auth,
    team: TeamContext,
    /// Bumped by each edit: a save waits for the last one.
    generation: StoredValue<u64>,
    /// Bumped per conversation by each discard: a save that ends after one discards what it made.
    epochs: StoredValue<HashMap<String, u64>>,
}

impl Sharing {
    fn epoch(self, thread: &str) -> u64 {
        self.epochs.try_with_value(|e| e.get(thread).copied().unwrap_or(0)).unwrap_or(0)
    }

    fn save_soon(self, thread: String, draft: ReplyDraft) {
        self.generation.update_value(|g| *g += 1);
        let (mine, epoch) = (self.generation.get_value(), self.epoch(&thread));
        spawn_local(async move {
            sleep(SHARE_AFTER).await;
            while self.generation.try_get_value() == Some(mine) && self.epoch(&thread) == epoch {
                match self.save(&thread, &draft).await {
                    Some(id) => return self.saved(thread, epoch, id),
                    None => sleep(RETRY_AFTER).await,
                }
            }
        });
    }

    /// Saves on the server; the new version's id, or `None` when it could not be saved.
    async fn save(self, thread: &str, draft: &ReplyDraft) -> Option<String> {
        let client = self.auth.client()?;
        let (account, author) = (self.flow.account().try_get_untracked()?, self.team.author());
        save_draft(&client, &account, thread, &author, draft).await.ok()
    }

    /// Notes the server's id in the draft, unless the draft was discarded or sent meanwhile: then
    /// what the save made goes too.
    fn saved(self, thread: String, epoch: u64, id: String) {
        if self.epoch(&thread) != epoch {
            return self.discard(thread);
        }
        if self.flow.thread().try_get_untracked().as_ref() == Some(&thread) {
            self.flow.draft.try_update(|d| {
                if let Some(d) = d {
                    d.server_id = Some(id);
                }
            });
        }
    }

    fn discard(self, thread: String) {
        self.epochs.update_value(|e| *e.entry(thread.clone()).or_default() += 1);
        let (Some(client), Some(account), Some(me)) =
            (self.auth.client(), self.flow.account().try_get_untracked(), self.team.me.try_get_untracked())
        else {
            return;
        };
        // Offline, the reply that replaces it discards it when it is filed.
        spawn_local(async move {
            let _ = discard_drafts(&client, &account, &thread, &me).await;
        });
    }
}
