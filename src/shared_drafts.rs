//! The reply being written, kept on the server too (`core::team::drafts`, docs/scheme.md
//! "Drafts"): saved a moment after the agent stops typing (the local copy has it at once,
//! `note_drafts`), so it follows the agent to another device and teammates see who is writing;
//! reopened from the server when this device has none; discarded on the server when the agent
//! discards it or sends it. A save that fails (offline) is tried again until one works. A new
//! conversation's draft is kept the same way (`core::team::new_drafts`), in no thread. A draft
//! this device read or saved, gone from the server since with none other of the agent's there,
//! was sent or discarded on another device: it is dropped here, never to be sent twice.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::reply::ReplyDraft;
use tandem_core::team::drafts::{discard_drafts, save_draft};
use tandem_core::team::new_drafts::{discard_new_drafts, own_new_draft, save_new_draft, NEW_CONVERSATION};

use crate::auth::Auth;
use crate::conversation::shown::ShownConversation;
use crate::reply_flow::ReplyFlow;
use crate::replying::draft_gone_elsewhere;
use crate::team_context::TeamContext;
use crate::timer::sleep;
use crate::web_transport::Client;

/// Quiet time after a key press before the draft is saved on the server.
const SHARE_AFTER: Duration = Duration::from_millis(1500);
/// Wait before a failed save is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(15);
/// How long a conversation shown waits for this device's own draft (read from the local copy)
/// before reopening the one on the server.
const LOCAL_FIRST: Duration = Duration::from_millis(600);

/// Keeps `flow`'s draft on the server while the conversation page lives.
pub fn share_drafts(flow: ReplyFlow, shown: ShownConversation) {
    let sharing = keep_on_server(flow);
    reopen_from_server(sharing, shown);
}

/// Keeps a new conversation's draft on the server while its page lives, and reopens the agent's
/// own from the server when this device holds none.
pub fn share_new_draft(flow: ReplyFlow) {
    let sharing = keep_on_server(flow);
    reopen_new_from_server(sharing);
}

/// Saves each edit of `flow`'s draft on the server a moment after typing stops, and discards it
/// there when the agent discards or sends it.
fn keep_on_server(flow: ReplyFlow) -> Sharing {
    let sharing = Sharing {
        flow,
        auth: Auth::get(),
        team: TeamContext::get(),
        generation: StoredValue::new(0),
        epochs: StoredValue::new(HashMap::new()),
        on_server: StoredValue::new(HashMap::new()),
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
            // An empty new conversation is nothing to keep, and must not replace one written on
            // another device before it is reopened here.
            (_, Some(draft)) if thread == NEW_CONVERSATION && untouched(&draft) => {}
            (previous, Some(draft)) if previous.as_ref().is_none_or(|p| !same_content(p, &draft)) && !sharing.has(&thread, &draft) => {
                sharing.save_soon(thread, draft)
            }
            _ => {}
        }
    });
    sharing
}

/// A new conversation as the composer opens it: nothing written but the signature.
fn untouched(draft: &ReplyDraft) -> bool {
    let text = draft.text.trim();
    [&draft.to, &draft.cc, &draft.bcc, &draft.subject].iter().all(|f| f.trim().is_empty())
        && draft.attachments.is_empty()
        && (text.is_empty() || text.starts_with("-- "))
}

/// `on_server` is a later version than the one `here` was saved as or read from: saved on
/// another device since (one author, one draft: the latest wins).
fn saved_since(here: &ReplyDraft, on_server: &ReplyDraft) -> bool {
    here.server_id.is_some() && here.server_id != on_server.server_id
}

/// Two versions say the same (the server's id aside).
fn same_content(a: &ReplyDraft, b: &ReplyDraft) -> bool {
    a.fields_only() == b.fields_only() && a.text == b.text
}

/// The agent's own draft on the server, reopened in the composer when this device has none:
/// looked for once each time a conversation opens, after its local draft had time to come, in
/// the conversation as the server then gives it. A draft this device kept from the server, which
/// the server no longer has (nor any other of the agent's in the thread), is dropped.
fn reopen_from_server(sharing: Sharing, shown: ShownConversation) {
    let (flow, me) = (sharing.flow, TeamContext::get().me);
    Effect::new(move |_| {
        let thread = flow.thread().get();
        spawn_local(async move {
            sleep(LOCAL_FIRST).await;
            if sharing.gone_from_server(&thread).await {
                return sharing.gone(&thread);
            }
            let Some(conversation) = shown.get_untracked().filter(|c| c.thread_id == thread) else { return };
            let Some(me) = me.try_get_untracked() else { return };
            let Some(own) = conversation.drafts.iter().find(|d| d.author == me).and_then(ReplyDraft::reopen) else { return };
            let still_here = flow.thread().try_get_untracked().as_ref() == Some(&thread);
            if still_here && flow.draft.try_with_untracked(Option::is_none) == Some(true) {
                sharing.knows(&thread, &own);
                flow.reopen(&conversation, own);
            }
        });
    });
}

/// The agent's own new conversation's draft on the server, put in the composer once the local
/// copy has answered, if the composer holds nothing written here or an older version of it; a
/// draft this device kept from the server, which the server no longer has, is dropped.
fn reopen_new_from_server(sharing: Sharing) {
    let (flow, auth, me) = (sharing.flow, Auth::get(), TeamContext::get().me);
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) || !flow.restored.get() {
            return asked.unwrap_or(false);
        }
        // Tracked: after a reload, who "me" is (the team's settings) may be known after the copy
        // has answered; asking for the drafts of nobody would find none.
        let (Some(client), Some(account), Some(me)) = (auth.client(), flow.account().try_get(), me.try_get().filter(|me| !me.is_empty()))
        else {
            return false;
        };
        spawn_local(async move {
            let Ok(on_server) = own_new_draft(&client, &account, &me).await else { return };
            let Some(here) = flow.draft.try_get_untracked() else { return };
            match (on_server, here) {
                (Some(own), here) if here.as_ref().is_none_or(|h| untouched(h) || saved_since(h, &own)) => {
                    sharing.knows(NEW_CONVERSATION, &own);
                    flow.draft.try_set(Some(own));
                }
                // Kept here from the server, and gone from it since: sent or discarded elsewhere,
                // never to be sent again from here.
                (None, Some(here)) if here.server_id.is_some() => sharing.gone(NEW_CONVERSATION),
                _ => {}
            }
        });
        true
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
    /// What the server holds per conversation, as far as this page knows (saved or reopened
    /// here): a draft that says the same is not saved again.
    on_server: StoredValue<HashMap<String, ReplyDraft>>,
}

/// How a save ended.
enum Saved {
    As(String),
    /// The version it was read from or saved as was sent or discarded on another device.
    Gone,
    Failed,
}

impl Sharing {
    fn epoch(self, thread: &str) -> u64 {
        self.epochs.try_with_value(|e| e.get(thread).copied().unwrap_or(0)).unwrap_or(0)
    }

    fn has(self, thread: &str, draft: &ReplyDraft) -> bool {
        self.on_server.try_with_value(|s| s.get(thread).is_some_and(|d| same_content(d, draft))) == Some(true)
    }

    fn knows(self, thread: &str, draft: &ReplyDraft) {
        self.on_server.update_value(|s| {
            s.insert(thread.to_string(), draft.clone());
        });
    }

    /// The draft of `thread` was sent or discarded on another device: dropped here (and from the
    /// local copy), with a notice; a new conversation opens empty. A conversation no longer open
    /// is checked again when it opens (`reopen_from_server`).
    fn gone(self, thread: &str) {
        if self.flow.thread().try_get_untracked().as_deref() != Some(thread) {
            return;
        }
        self.flow.gone_elsewhere();
    }

    /// The reply draft of `thread` open here was read or saved (it has a server id), and the
    /// server now holds none of the agent's drafts there. `false` when it cannot say (offline),
    /// or the draft open here changed while it asked.
    async fn gone_from_server(self, thread: &str) -> bool {
        let Some(here) = self.flow.draft.try_get_untracked().flatten().and_then(|d| d.server_id) else { return false };
        let Some((client, account, me)) = self.agent() else { return false };
        if !draft_gone_elsewhere(&client, &account, thread, &me).await {
            return false;
        }
        let still = self.flow.draft.try_with_untracked(|d| d.as_ref().and_then(|d| d.server_id.as_ref()) == Some(&here));
        still == Some(true) && self.flow.thread().try_get_untracked().as_deref() == Some(thread)
    }

    fn save_soon(self, thread: String, draft: ReplyDraft) {
        self.generation.update_value(|g| *g += 1);
        let (mine, epoch) = (self.generation.get_value(), self.epoch(&thread));
        spawn_local(async move {
            sleep(SHARE_AFTER).await;
            while self.generation.try_get_value() == Some(mine) && self.epoch(&thread) == epoch {
                match self.save(&thread, &draft).await {
                    Saved::As(id) => {
                        self.knows(&thread, &draft);
                        return self.saved(thread, epoch, id);
                    }
                    Saved::Gone => return self.gone(&thread),
                    Saved::Failed => sleep(RETRY_AFTER).await,
                }
            }
        });
    }

    /// Saves on the server.
    async fn save(self, thread: &str, draft: &ReplyDraft) -> Saved {
        let (Some(client), Some(account)) = (self.auth.client(), self.flow.account().try_get_untracked()) else { return Saved::Failed };
        let author = self.team.author();
        let saved = match thread {
            NEW_CONVERSATION => save_new_draft(&client, &account, &author, draft).await,
            _ => save_draft(&client, &account, thread, &author, draft).await,
        };
        match saved {
            Ok(Some(id)) => Saved::As(id),
            Ok(None) => Saved::Gone,
            Err(_) => Saved::Failed,
        }
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

    /// The signed-in agent's client, the team account and their login, once all are known (the
    /// login comes with the team's settings: the drafts of nobody are never asked for).
    fn agent(self) -> Option<(Arc<Client>, String, String)> {
        let me = self.team.me.try_get_untracked().filter(|me| !me.is_empty())?;
        Some((self.auth.client()?, self.flow.account().try_get_untracked()?, me))
    }

    fn discard(self, thread: String) {
        self.epochs.update_value(|e| *e.entry(thread.clone()).or_default() += 1);
        self.on_server.update_value(|s| {
            s.remove(&thread);
        });
        let Some((client, account, me)) = self.agent() else { return };
        // Offline, the reply that replaces it discards it when it is filed.
        spawn_local(async move {
            let _ = match thread.as_str() {
                NEW_CONVERSATION => discard_new_drafts(&client, &account, &me).await,
                _ => discard_drafts(&client, &account, &thread, &me).await,
            };
        });
    }
}
