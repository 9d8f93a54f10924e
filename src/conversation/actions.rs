//! The team actions on the open conversation: assign, status, tags, snooze, notes. Status and
//! tags go through `team_writes::write` (online, or queued when the server cannot be reached; a
//! queued one shows in the conversation at once); the rest need the server's answer. Each outcome
//! is one sentence above the conversation (a refusal, a race lost to a teammate), an error that
//! asks for more (a session that ended) is acted on, and both panes reload whatever happened.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::assignment::{assign, AssignOutcome};
use tandem_core::team::new_tag::create_tag_on_thread;
use tandem_core::team::notes::{add_note, delete_note, edit_note, mentioned};
use tandem_core::team::status::{snooze, Status};

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::conversation::shown::ShownConversation;
use crate::inbox_refresh::InboxRefresh;
use crate::notices::Notices;
use crate::pending_writes::PendingWrites;
use crate::team_context::TeamContext;
use crate::team_writes::{self, TeamChange, Written};
use crate::tr;
use crate::wording::Words;

/// What an action ended with: done, or a sentence for the agent (a race lost, a refusal).
type Outcome = Result<Option<Words>, AppError>;

#[derive(Clone, Copy)]
pub struct ConversationActions {
    /// A change is being saved (the buttons wait).
    pub busy: RwSignal<bool>,
    /// The last change's sentence, when it did not go through.
    pub error: RwSignal<Option<Words>>,
    /// The new assignee (`None` unassigns).
    pub assign: Callback<Option<String>>,
    pub status: Callback<Status>,
    /// (tag id, put on).
    pub tag: Callback<(String, bool)>,
    /// The name of a tag to create and put on.
    pub new_tag: Callback<String>,
    /// Snoozed until (UTC).
    pub snooze: Callback<String>,
    pub add_note: Callback<String>,
    /// (note id, text).
    pub edit_note: Callback<(String, String)>,
    pub delete_note: Callback<String>,
}

impl ConversationActions {
    /// `note_draft` is emptied once a note is added.
    pub fn new(account: Memo<String>, thread: Memo<String>, shown: ShownConversation, note_draft: RwSignal<String>) -> Self {
        let (auth, team, pending) = (Auth::get(), TeamContext::get(), PendingWrites::get());
        let run = Runner { busy: RwSignal::new(false), error: RwSignal::new(None), refresh: InboxRefresh::get(), notices: Notices::get() };
        let ids = move || (auth.client.get_untracked(), account.get_untracked(), thread.get_untracked(), team.author());
        let roster = move || team.settings.with_untracked(|s| s.agents.iter().map(|a| a.login.clone()).collect::<Vec<_>>());
        let assign = Callback::new(move |to: Option<String>| {
            let (Some(client), account, thread, actor) = ids() else { return };
            let expected = shown.get_untracked().and_then(|c| c.assignee);
            if to.as_deref().is_some_and(|to| to.eq_ignore_ascii_case(&actor.login)) {
                crate::notifications::assigned_by_me(&thread);
            }
            run.spawn(async move {
                let outcome = assign(&client, &account, &thread, &actor, expected.as_deref(), to.as_deref()).await?;
                Ok(conflict_sentence(&outcome))
            });
        });
        let change = move |change: TeamChange, patch: Box<dyn FnOnce(&mut tandem_core::conversation::Conversation)>| {
            let (Some(client), account, thread, actor) = ids() else { return };
            run.spawn(async move {
                if team_writes::write(pending, &client, &account, &thread, &actor, change).await? == Written::Queued {
                    shown.patch(patch);
                }
                Ok(None)
            });
        };
        let status = Callback::new(move |status: Status| change(TeamChange::Status(status), Box::new(move |c| c.status = status)));
        let tag = Callback::new(move |(id, on): (String, bool)| {
            let name = team.settings.with_untracked(|s| s.tag(&id).map(|t| t.name.clone())).unwrap_or_else(|| id.clone());
            let shown_id = id.clone();
            change(
                TeamChange::Tag { id, name, on },
                Box::new(move |c| {
                    c.tags.retain(|t| *t != shown_id);
                    if on {
                        c.tags.push(shown_id);
                    }
                }),
            );
        });
        let new_tag = Callback::new(move |name: String| {
            let (Some(client), account, thread, actor) = ids() else { return };
            run.spawn(async move {
                team.saved(create_tag_on_thread(&client, &account, &thread, &actor, &name).await?);
                Ok(None)
            });
        });
        let snooze = Callback::new(move |until: String| {
            let (Some(client), account, thread, actor) = ids() else { return };
            run.spawn(async move { snooze(&client, &account, &thread, &actor, &until).await.map(|_| None).map_err(AppError::from) });
        });
        let add_note = Callback::new(move |text: String| {
            let (Some(client), account, thread, author) = ids() else { return };
            let mentions = mentioned(&text, &roster());
            run.spawn(async move {
                add_note(&client, &account, &thread, &author, &text, &mentions).await?;
                note_draft.try_set(String::new());
                Ok(None)
            });
        });
        let edit_note = Callback::new(move |(id, text): (String, String)| {
            let (Some(client), account, _, author) = ids() else { return };
            let mentions = mentioned(&text, &roster());
            run.spawn(
                async move { edit_note(&client, &account, &id, &author, &text, &mentions).await.map(|_| None).map_err(AppError::from) },
            );
        });
        let delete_note = Callback::new(move |id: String| {
            let (Some(client), account, _, author) = ids() else { return };
            run.spawn(async move { delete_note(&client, &account, &id, &author).await.map(|_| None).map_err(AppError::from) });
        });
        ConversationActions { busy: run.busy, error: run.error, assign, status, tag, new_tag, snooze, add_note, edit_note, delete_note }
    }
}

/// Runs one change at a time: busy meanwhile, its sentence shown, the inbox reloaded after.
#[derive(Clone, Copy)]
struct Runner {
    busy: RwSignal<bool>,
    error: RwSignal<Option<Words>>,
    refresh: InboxRefresh,
    notices: Notices,
}

impl Runner {
    /// Runs to its end even if the agent leaves the conversation (the write was asked for); the
    /// page's signals are then touched only if they still exist.
    fn spawn(self, change: impl Future<Output = Outcome> + 'static) {
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let sentence = match change.await {
                Ok(sentence) => sentence,
                Err(e) => {
                    self.notices.act_on(&e);
                    Some(e.into())
                }
            };
            self.error.try_set(sentence);
            self.busy.try_set(false);
            self.refresh.bump();
        });
    }
}

/// The sentence for an assignment that lost a race (`None`: it was made).
pub fn conflict_sentence(outcome: &AssignOutcome) -> Option<Words> {
    match outcome {
        AssignOutcome::Done(_) => None,
        AssignOutcome::Conflict { current: Some(who), .. } => {
            let who = who.clone();
            Some(Words::new(move || tr!(conversation.conflict_taken, who = &who)))
        }
        AssignOutcome::Conflict { current: None, .. } => Some(Words::new(|| tr!(conversation.conflict_unassigned))),
    }
}
