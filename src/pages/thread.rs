//! `…/t/:thread`: one conversation, oldest first, with notes interleaved, the team actions
//! (assign, status, tags, snooze, notes) and replying. What is shown and what each action does
//! are the conversation services (`crate::conversation`) and the reply flow (`reply_flow`); this
//! page wires them to the components.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tandem_core::conversation::Message;
use tandem_core::reply::ReplyKind;
use tandem_core::team::status::Status;

use crate::components::activity_line::ActivityLine;
use crate::components::customer_history::OtherConversations;
use crate::components::message_view::MessageView;
use crate::components::note_composer::NoteComposer;
use crate::components::note_view::NoteView;
use crate::components::notice::Notice;
use crate::components::reply_composer::AfterSend;
use crate::components::teammate_drafts::{DraftRow, TeammateDrafts};
use crate::components::thread_actions::ThreadActions;
use crate::components::undo_send::UndoSend;
use crate::connection::Connection;
use crate::conversation::actions::ConversationActions;
use crate::conversation::history::CustomerHistory;
use crate::conversation::mentioned::scroll_to_mentioned;
use crate::conversation::shortcuts;
use crate::conversation::shown::{ConversationStatus, ShownConversation};
use crate::inbox::route::InboxRoute;
use crate::inbox::shortcuts::ShownList;
use crate::local_time;
use crate::note_drafts::keep_note_drafts;
use crate::pages::writing::Writing;
use crate::reply_flow::ReplyFlow;
use crate::shared_drafts::share_drafts;
use crate::team_context::TeamContext;
use crate::tr_live;
use crate::words::subject_text;
use crate::{tr, tr_count};

#[component]
pub fn ThreadPage() -> impl IntoView {
    let params = use_params_map();
    let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
    let thread = Memo::new(move |_| params.read().get("thread").unwrap_or_default());
    let shown = ShownConversation::load(account, thread);
    // A draft note per conversation, kept in the local copy.
    let note_draft = RwSignal::new(String::new());
    keep_note_drafts(account, thread, note_draft);
    let actions = ConversationActions::new(account, thread, shown, note_draft);
    let replies = ReplyFlow::new(account, thread);
    share_drafts(replies, shown);
    let history = CustomerHistory::load(account, shown);
    let on_status = shortcuts::status_then_next(actions);
    shortcuts::register(shown, actions, replies, on_status);
    let status = move || match shown.status() {
        ConversationStatus::Stale(e) => {
            Some(view! { <p class="pane-status stale" role="status">{move || tr!(conversation.stale_copy, error = &e)}</p> }.into_any())
        }
        ConversationStatus::Failed(e) => Some(view! { <Notice error=e /> }.into_any()),
        ConversationStatus::Loading => Some(view! { <p class="pane-status">{tr_live!(conversation.loading)}</p> }.into_any()),
        ConversationStatus::Shown => None,
    };
    view! {
        {status}
        <Show when=move || shown.with(|c| c.is_some())>
            <article class="conversation">
                <ConversationHeader shown=shown actions=actions on_status=on_status />
                <History history=history />
                {move || actions.error.get().map(|e| view! { <div class="notice error" role="alert">{e.text()}</div> })}
                <Messages shown=shown actions=actions />
                <Replying shown=shown actions=actions replies=replies />
                <NoteComposer draft=note_draft busy=actions.busy.into() roster=roster() on_add=actions.add_note />
            </article>
        </Show>
    }
}

/// The team's roster as (login, name), for mentions.
fn roster() -> Signal<Vec<(String, String)>> {
    let team = TeamContext::get();
    Signal::derive(move || team.settings.with(|s| s.agents.iter().map(|a| (a.login.clone(), a.name.clone())).collect()))
}

/// What [`ConversationHeader`] shows.
#[derive(Clone, PartialEq)]
struct Head {
    subject: String,
    count: usize,
    assignee: Option<String>,
    status: Status,
    tags: Vec<String>,
    snoozed_until: Option<String>,
}

/// The subject, how many messages, and the actions bar.
#[component]
fn ConversationHeader(shown: ShownConversation, actions: ConversationActions, on_status: Callback<Status>) -> impl IntoView {
    let (team, online) = (TeamContext::get(), Connection::get().online());
    // Outlives the actions bar, which each refresh of the conversation renders again; another
    // conversation starts without it.
    let naming_tag = RwSignal::new(None::<String>);
    let thread_id = Memo::new(move |_| shown.with(|c| c.map(|c| c.thread_id.clone())));
    Effect::new(move |_| {
        thread_id.track();
        naming_tag.set(None);
    });
    // What the header shows, compared at each refresh: the actions bar is rendered again only
    // when one of these changed (a poll that brings nothing new leaves it, and a menu open in it,
    // alone).
    let head = Memo::new(move |_| {
        shown.with(|c| {
            c.map(|c| {
                let count = c.messages.iter().filter(|m| m.note_author.is_none() && !m.activity).count();
                Head {
                    subject: c.subject.clone(),
                    count,
                    assignee: c.assignee.clone(),
                    status: c.status,
                    tags: c.tags.clone(),
                    snoozed_until: c.snoozed_until.clone(),
                }
            })
        })
    });
    move || {
        head.get().map(|c| {
            let count = c.count;
            // Three lines of a long subject at most, the rest on a click (and in its title).
            let clamped = RwSignal::new(true);
            let (subject, title) = (c.subject.clone(), c.subject.clone());
            let (subject, title) = (move || subject_text(&subject), move || subject_text(&title));
            view! {
                <header class="conversation-header">
                    <h1 dir="auto" title=title class:clamped=clamped on:click=move |_| clamped.set(false)>{subject}</h1>
                    <span class="count">{move || tr_count!(count, conversation.message_count, count = crate::intl::number(count))}</span>
                </header>
                <ThreadActions
                    assignee=c.assignee
                    me=team.me.get_untracked()
                    status=c.status
                    busy=actions.busy.into()
                    on_assign=actions.assign
                    on_status=on_status
                    settings=team.settings
                    tags=c.tags
                    on_tag=actions.tag
                    on_new_tag=actions.new_tag
                    naming_tag=naming_tag
                    snoozed_until=c.snoozed_until
                    on_snooze=actions.snooze
                    online=online
                />
            }
        })
    }
}

/// The customer's other conversations, linked beside the list (a search keeps showing).
#[component]
fn History(history: CustomerHistory) -> impl IntoView {
    let (route, list) = (use_context::<InboxRoute>(), use_context::<ShownList>());
    let query = move || list.map(|l| l.query.get_untracked()).unwrap_or_default();
    let href = Callback::new(move |id: String| route.map(|r| r.thread_href(&id, &query())).unwrap_or_default());
    let all_href = Signal::derive(move || {
        let address = history.customer.get().map(|c| c.address).unwrap_or_default();
        route.map(|r| r.list_href(&format!("from:{address}"))).unwrap_or_default()
    });
    let name = Signal::derive(move || history.customer.get().map(|c| c.name).unwrap_or_default());
    view! { <OtherConversations name=name rows=history.rows href=href all_href=all_href /> }
}

/// The messages, notes and activity records, oldest first. Keyed by id, so a refresh (a
/// teammate's change, a poll) re-renders only what changed and never a note being edited.
#[component]
fn Messages(shown: ShownConversation, actions: ConversationActions) -> impl IntoView {
    let team = TeamContext::get();
    scroll_to_mentioned(shown);
    let messages = move || shown.with(|c| c.map(|c| c.messages.clone()).unwrap_or_default());
    let editing = RwSignal::new(None::<String>);
    let edit_draft = RwSignal::new(String::new());
    view! {
        <For each=messages key=|m| (m.id.clone(), m.unread) let:m>
            {match m.note_author.clone() {
                None if m.activity => view! { <ActivityLine record=m /> }.into_any(),
                Some(author) => {
                    let own = author.eq_ignore_ascii_case(&team.me.get_untracked());
                    view! { <NoteView note=m own=own busy=actions.busy.into() editing=editing edit_draft=edit_draft on_edit=actions.edit_note on_delete=actions.delete_note /> }.into_any()
                }
                None => {
                    let sent_by = m.sent_by.as_deref().map(|login| team.settings.with_untracked(|s| s.agent_name(login)));
                    view! { <MessageView message=m sent_by=sent_by /> }.into_any()
                }
            }}
        </For>
    }
}

/// Undo for the last reply sent, the reply buttons or the composer. Once a reply is queued it
/// shows in the conversation, and the conversation follows the agent's choice (close, pending)
/// and is assigned to them if nobody had it and the team wants it so.
#[component]
fn Replying(shown: ShownConversation, actions: ConversationActions, replies: ReplyFlow) -> impl IntoView {
    let team = TeamContext::get();
    let on_reply = Callback::new(move |kind: ReplyKind| {
        if let Some(c) = shown.get_untracked() {
            replies.open(&c, kind);
        }
    });
    let on_send = Callback::new(move |choice: AfterSend| {
        replies.send(choice, move |choice, sent: Message| {
            let unassigned = shown.get_untracked().is_some_and(|c| c.assignee.is_none());
            shown.patch(|c| c.messages.push(sent));
            if unassigned && team.settings.with_untracked(|s| s.replies.assign_on_reply) {
                actions.assign.run(Some(team.me.get_untracked()));
            }
            match choice {
                AfterSend::Close => actions.status.run(Status::Closed),
                AfterSend::Pending => actions.status.run(Status::Pending),
                AfterSend::Keep => {}
            }
        });
    });
    view! {
        <TeammateDrafts drafts=teammate_drafts(shown) />
        <UndoSend seconds_left=replies.seconds_left.into() undoing=replies.undoing.into() on_undo=Callback::new(move |_| replies.undo()) on_device=replies.held_here.into() />
        {move || replies.notice.get().map(|n| view! { <p class="notice reply-notice" role="status">{n.text()}</p> })}
        <Show
            when=move || replies.draft.with(Option::is_some)
            fallback=move || view! {
                <div class="reply-bar">
                    <button type="button" class="action primary-soft" on:click=move |_| on_reply.run(ReplyKind::Reply)>{tr_live!(conversation.reply)}</button>
                    <button type="button" class="action" on:click=move |_| on_reply.run(ReplyKind::ReplyAll)>{tr_live!(conversation.reply_all)}</button>
                    <button type="button" class="action" on:click=move |_| on_reply.run(ReplyKind::Forward)>{tr_live!(conversation.forward)}</button>
                </div>
            }
        >
            <Writing replies=replies on_send=on_send />
        </Show>
    }
}

/// The drafts of the conversation shown that teammates are writing, with their names and ages.
fn teammate_drafts(shown: ShownConversation) -> Signal<Vec<DraftRow>> {
    let team = TeamContext::get();
    Signal::derive(move || {
        let me = team.me.get();
        let drafts = shown.with(|c| c.map(|c| c.drafts.clone()).unwrap_or_default());
        let now = local_time::now_secs();
        team.settings.with(|s| {
            drafts
                .into_iter()
                .filter(|d| d.author != me)
                .map(|d| DraftRow {
                    who: s.agent_name(&d.author),
                    age: crate::intl::ago(now - (d.saved_ms / 1000) as i64),
                    text: d.text,
                    id: d.id,
                })
                .collect()
        })
    })
}
