//! Bulk actions on the selected threads (assign to me, close, tag: `core::team::bulk`, three
//! requests whatever the count), and their outcome as one sentence.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::bulk::{self, BulkReport, Skipped};
use tandem_core::team::status::Status;
use tandem_core::team::thread_record::Author;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::components::bulk_bar::BulkAction;
use crate::inbox::route::InboxRoute;
use crate::inbox_refresh::InboxRefresh;
use crate::intl;
use crate::team_context::TeamContext;
use crate::web_transport::Client;
use crate::wording::Words;
use crate::{tr, tr_count};

#[derive(Clone, Copy)]
pub struct BulkActions {
    /// Selected thread ids, each with the assignee the agent saw.
    pub selection: RwSignal<BTreeMap<String, Option<String>>>,
    /// A bulk action (or a change of the team's settings) is being saved.
    pub busy: RwSignal<bool>,
    /// The outcome of the last one.
    pub message: RwSignal<Option<Words>>,
    pub run: Callback<BulkAction>,
}

impl BulkActions {
    pub fn new(route: InboxRoute, team: TeamContext) -> Self {
        let (auth, refresh) = (Auth::get(), InboxRefresh::get());
        let selection = RwSignal::new(BTreeMap::new());
        route.on_new_list(move || selection.set(BTreeMap::new()));
        let (busy, message) = (RwSignal::new(false), RwSignal::new(None::<Words>));
        let account = route.account;
        let run = Callback::new(move |action: BulkAction| {
            let Some(client) = auth.client.get_untracked() else { return };
            let selected: Vec<(String, Option<String>)> = selection.get_untracked().into_iter().collect();
            let (account, actor) = (account.get_untracked(), team.author());
            let tag_name = match &action {
                BulkAction::Tag(id) => team.settings.with_untracked(|s| s.tag(id).map(|t| t.name.clone())).unwrap_or_default(),
                _ => String::new(),
            };
            busy.set(true);
            // Runs to its end even if the agent leaves the page: the signals are then gone.
            spawn_local(async move {
                let said = match running(client, account, actor, action, selected, tag_name).await {
                    Ok(running) => {
                        let report = running.await;
                        Words::new(move || summary(&report))
                    }
                    Err(Unreachable) => Words::new(|| tr!(errors.action_unreachable)),
                };
                message.try_set(Some(said));
                selection.try_set(BTreeMap::new());
                busy.try_set(false);
                refresh.bump();
            });
        });
        BulkActions { selection, busy, message, run }
    }
}

part_fn! {
    bulk_actions,
    /// A bulk action's requests (`core::team::bulk`): code in a part fetched at the first one
    /// (`code_parts`), as few agents' days have one.
    fn running(
        client: Arc<Client>,
        account: String,
        actor: Author,
        action: BulkAction,
        selected: Vec<(String, Option<String>)>,
        tag_name: String,
    ) -> Result<Later<BulkReport>, Unreachable> {
        Ok(Box::pin(async move {
            let ids: Vec<String> = selected.iter().map(|(id, _)| id.clone()).collect();
            match action {
                BulkAction::AssignToMe => bulk::assign_all(&client, &account, &selected, &actor, Some(&actor.login)).await,
                BulkAction::Close => bulk::set_status_all(&client, &account, &ids, &actor, Status::Closed).await,
                BulkAction::Tag(id) => bulk::tag_all(&client, &account, &ids, &actor, &id, &tag_name).await,
            }
        }))
    }
}

/// The outcome of a bulk action in one sentence, in the agent's language: how many threads it
/// was done for, and how many were left as they were, with the first one's reason.
fn summary(report: &BulkReport) -> String {
    let done = intl::number(report.done);
    match report.skipped.first() {
        None => tr_count!(report.done, inbox.bulk_done, count = done),
        Some((_, why)) => {
            let (n, count) = (report.skipped.len(), intl::number(report.skipped.len()));
            tr_count!(n, inbox.bulk_partly, done = done, count = count, why = reason(why))
        }
    }
}

/// Why a thread was left as it was, in the agent's language (core says it in English).
fn reason(why: &Skipped) -> String {
    match why {
        Skipped::AssignedMeanwhile(Some(login)) => tr!(inbox.bulk_skip_assigned, who = login),
        Skipped::AssignedMeanwhile(None) => tr!(inbox.bulk_skip_unassigned),
        Skipped::Gone => tr!(inbox.bulk_skip_gone),
        Skipped::Failed(e) => AppError::from(e.clone()).to_string(),
    }
}
