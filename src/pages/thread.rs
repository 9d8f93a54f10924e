//! `…/t/:thread`: one conversation, oldest first, with notes interleaved, and the team actions
//! (assign, status, notes). Every change is written to the server, then both panes reload.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use tandem_core::conversation::{load_conversation, Conversation};
use tandem_core::reply::ReplyKind;
use tandem_core::team::assignment::{assign, AssignOutcome};
use tandem_core::team::notes::{add_note, delete_note, edit_note, mentioned, Author};
use tandem_core::team::settings::update_settings;
use tandem_core::team::status::{set_status, snooze, Status};
use tandem_core::team::tags::tag_thread;
use tandem_core::JmapError;

use crate::auth::Auth;
use crate::components::activity_line::ActivityLine;
use crate::components::message_view::MessageView;
use crate::components::note_composer::NoteComposer;
use crate::components::note_view::NoteView;
use crate::components::notice::Notice;
use crate::components::reply_composer::{AfterSend, ReplyComposer};
use crate::components::thread_actions::ThreadActions;
use crate::components::undo_send::UndoSend;
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::note_drafts::keep_note_drafts;
use crate::perf_marks;
use crate::reply_flow::ReplyFlow;
use crate::shown_states::ShownStates;
use crate::team_context::TeamContext;
use crate::team_writes::{self, TeamChange};

/// Colours given to new tags in turn.
const TAG_COLORS: [&str; 8] = ["#1971c2", "#e03131", "#2f9e44", "#f08c00", "#9c36b5", "#0c8599", "#c2255c", "#5c940d"];

#[component]
pub fn ThreadPage() -> impl IntoView {
    let auth = Auth::get();
    let refresh = InboxRefresh::get();
    let team = TeamContext::get();
    let params = use_params_map();
    let account = Memo::new(move |_| params.read().get("account").unwrap_or_default());
    let thread = Memo::new(move |_| params.read().get("thread").unwrap_or_default());
    let conversation = LocalResource::new(move || {
        refresh.track();
        let (client, account, thread) = (auth.client(), account.get(), thread.get());
        async move {
            match client {
                Some(c) => load_conversation(&c, &account, &thread).await.map(Some),
                None => Ok(None),
            }
        }
    });

    // The copy kept from the last time this conversation was read shows at once (offline too);
    // the server's answer replaces it and is kept for next time.
    let copy = LocalCopy::get();
    let cached = RwSignal::new(None::<Conversation>);
    // A queued change shown before the server has it; the next answer from the server replaces it.
    let optimistic = RwSignal::new(None::<Conversation>);
    Effect::new(move |_| {
        thread.track();
        if let Some(Ok(_)) = conversation.get() {
            optimistic.set(None);
        }
    });
    // The server's answer and the optimistic copy count only for the thread on screen: when the
    // agent opens another thread, the last answer is the previous thread's until the new one comes.
    let this_thread = move |c: &Conversation| c.thread_id == params.with_untracked(|p| p.get("thread").unwrap_or_default());
    let server = move || {
        thread.track();
        conversation.get().and_then(|r| r.ok().flatten()).filter(this_thread)
    };
    let loaded_untracked = move || {
        optimistic
            .get_untracked()
            .filter(this_thread)
            .or_else(|| conversation.get_untracked().and_then(|r| r.ok().flatten()).filter(this_thread))
            .or_else(|| cached.get_untracked())
    };
    Effect::new(move |_| {
        let (account, thread) = (account.get(), thread.get());
        let Some(store) = copy.store() else { return cached.set(None) };
        // Read ahead or opened lately: shown in this very frame.
        if let Some(c) = store.recent_conversation(&account, &thread) {
            return cached.set(Some(c));
        }
        cached.set(None);
        spawn_local(async move {
            if let Ok(Some(c)) = store.conversation(&account, &thread).await {
                if thread == params.with_untracked(|p| p.get("thread").unwrap_or_default()) {
                    cached.set(Some(c));
                }
            }
        });
    });
    let shown = ShownStates::get();
    Effect::new(move |_| {
        if let Some(Ok(Some(c))) = conversation.get() {
            shown.loaded("conversation", &c.email_state);
            if let Some(store) = copy.store_untracked() {
                let account = account.get_untracked();
                spawn_local(async move {
                    let _ = store.keep_conversation(&account, &c).await;
                });
            }
        }
    });
    Effect::new(move |_| {
        let source = if server().is_some() {
            "network"
        } else if cached.with(Option::is_some) {
            "cache"
        } else {
            return;
        };
        perf_marks::mark("tandem:thread-painted", Some(source));
    });
    on_cleanup(move || shown.forget("conversation"));

    let busy = RwSignal::new(false);
    let action_error = RwSignal::new(None::<String>);
    let draft = RwSignal::new(String::new());
    let me = move || auth.client().map(|c| c.session().username.clone()).unwrap_or_default();
    let author = move || {
        let login = me();
        Author { name: team.settings.with_untracked(|s| s.agent_name(&login)), login, at_ms: js_sys::Date::now() as u64 }
    };

    // Runs one change against the server; its error (or conflict message) is shown above the
    // conversation, and both panes reload whatever happened.
    let run = move |change: std::pin::Pin<Box<dyn Future<Output = Result<Option<String>, JmapError>>>>, on_success: Box<dyn FnOnce()>| {
        busy.set(true);
        action_error.set(None);
        spawn_local(async move {
            match change.await {
                Ok(None) => on_success(),
                Ok(Some(message)) => action_error.set(Some(message)),
                Err(e) => action_error.set(Some(e.to_string())),
            }
            busy.set(false);
            refresh.bump();
        });
    };

    let on_assign = Callback::new(move |to: Option<String>| {
        let Some(client) = auth.client() else { return };
        let expected = conversation.get_untracked().and_then(|r| r.ok().flatten()).and_then(|c| c.assignee);
        let (account, thread, actor) = (account.get_untracked(), thread.get_untracked(), author());
        run(
            Box::pin(async move {
                match assign(&client, &account, &thread, &actor, expected.as_deref(), to.as_deref()).await? {
                    AssignOutcome::Done(_) => Ok(None),
                    AssignOutcome::Conflict { current: Some(who), .. } => Ok(Some(format!("{who} took this conversation a moment ago."))),
                    AssignOutcome::Conflict { current: None, .. } => Ok(Some("This conversation was unassigned a moment ago.".into())),
                }
            }),
            Box::new(|| {}),
        );
    });
    // Status and tags: written online (from the server's current state of the thread, as a
    // teammate may have changed it a moment ago). When the server cannot be reached, they go to
    // the outbox instead (planned from the local copy: what the agent saw), shown at once, and
    // sent when it can.
    let queued = move |change: TeamChange,
                       patch: Box<dyn Fn(&mut Conversation)>,
                       online: std::pin::Pin<Box<dyn Future<Output = Result<Option<String>, JmapError>>>>| {
        let (account, thread_id, actor) = (account.get_untracked(), thread.get_untracked(), author());
        action_error.set(None);
        busy.set(true);
        spawn_local(async move {
            let reachable = web_sys::window().is_some_and(|w| w.navigator().on_line());
            // The lists show it at once; the server's answer confirms or undoes it.
            let shown = if reachable { team_writes::show_now(copy, &account, &thread_id, &actor, change.clone()).await } else { None };
            match if reachable { Some(online.await) } else { None } {
                Some(Ok(None)) => {}
                Some(Ok(Some(message))) => action_error.set(Some(message)),
                Some(Err(e)) if !matches!(e, JmapError::Unreachable { .. } | JmapError::CorsBlocked { .. }) => {
                    action_error.set(Some(e.to_string()));
                    if let (Some(shown), Some(client)) = (shown, auth.client.get_untracked()) {
                        team_writes::undo_shown(copy, &client, shown, e).await;
                    }
                }
                _ => match team_writes::queue(copy, &account, &thread_id, &actor, change).await {
                    Ok(true) => {
                        if let Some(mut shown) = loaded_untracked() {
                            patch(&mut shown);
                            optimistic.set(Some(shown));
                        }
                    }
                    Ok(false) => action_error.set(Some("The server can't be reached and this conversation is not on this device yet: try again when the connection is back.".into())),
                    Err(e) => action_error.set(Some(e)),
                },
            }
            busy.set(false);
            refresh.bump();
        });
    };
    let on_status = Callback::new(move |status: Status| {
        let Some(client) = auth.client() else { return };
        let (account, thread, actor) = (account.get_untracked(), thread.get_untracked(), author());
        let online = Box::pin(async move { set_status(&client, &account, &thread, &actor, status).await.map(|_| None) });
        queued(TeamChange::Status(status), Box::new(move |c| c.status = status), online);
    });
    let roster_logins = move || team.settings.with_untracked(|s| s.agents.iter().map(|a| a.login.clone()).collect::<Vec<_>>());
    let roster =
        Signal::derive(move || team.settings.with(|s| s.agents.iter().map(|a| (a.login.clone(), a.name.clone())).collect::<Vec<_>>()));
    let on_tag = Callback::new(move |(tag, on): (String, bool)| {
        let Some(client) = auth.client() else { return };
        let (account, thread, actor) = (account.get_untracked(), thread.get_untracked(), author());
        let name = team.settings.with_untracked(|s| s.tag(&tag).map(|t| t.name.clone())).unwrap_or_else(|| tag.clone());
        let change = TeamChange::Tag { id: tag.clone(), name: name.clone(), on };
        let tag_id = tag.clone();
        let patch = Box::new(move |c: &mut Conversation| {
            c.tags.retain(|t| *t != tag_id);
            if on {
                c.tags.push(tag_id.clone());
            }
        });
        queued(change, patch, Box::pin(async move { tag_thread(&client, &account, &thread, &actor, &tag, &name, on).await.map(|_| None) }));
    });
    let on_snooze = Callback::new(move |until: String| {
        let Some(client) = auth.client() else { return };
        let (account, thread, actor) = (account.get_untracked(), thread.get_untracked(), author());
        run(Box::pin(async move { snooze(&client, &account, &thread, &actor, &until).await.map(|_| None) }), Box::new(|| {}));
    });
    let on_new_tag = Callback::new(move |name: String| {
        let Some(client) = auth.client() else { return };
        let (account, thread, me) = (account.get_untracked(), thread.get_untracked(), me());
        run(
            Box::pin(async move {
                let created = std::cell::RefCell::new(None);
                let settings = update_settings(&client, &account, &me, |s| {
                    let color = TAG_COLORS[s.tags.len() % TAG_COLORS.len()];
                    *created.borrow_mut() = Some(s.create_tag(&name, color, js_sys::Date::now() as u64, &me)?);
                    Ok(())
                })
                .await?;
                team.saved(settings.clone());
                let id = created.into_inner().or_else(|| settings.tags.iter().find(|t| t.name == name.trim()).map(|t| t.id.clone()));
                let actor = Author { login: me.clone(), name: me.clone(), at_ms: js_sys::Date::now() as u64 };
                match id {
                    Some(id) => tag_thread(&client, &account, &thread, &actor, &id, name.trim(), true).await.map(|_| None),
                    None => Ok(Some("The tag was not created.".into())),
                }
            }),
            Box::new(|| {}),
        );
    });
    let on_add_note = Callback::new(move |text: String| {
        let Some(client) = auth.client() else { return };
        let (account, thread, author) = (account.get_untracked(), thread.get_untracked(), author());
        let mentions = mentioned(&text, &roster_logins());
        run(
            Box::pin(async move { add_note(&client, &account, &thread, &author, &text, &mentions).await.map(|_| None) }),
            Box::new(move || draft.set(String::new())),
        );
    });
    let on_edit_note = Callback::new(move |(id, text): (String, String)| {
        let Some(client) = auth.client() else { return };
        let (account, author) = (account.get_untracked(), author());
        let mentions = mentioned(&text, &roster_logins());
        run(Box::pin(async move { edit_note(&client, &account, &id, &author, &text, &mentions).await.map(|_| None) }), Box::new(|| {}));
    });
    let on_delete_note = Callback::new(move |id: String| {
        let Some(client) = auth.client() else { return };
        let (account, author) = (account.get_untracked(), author());
        run(Box::pin(async move { delete_note(&client, &account, &id, &author).await.map(|_| None) }), Box::new(|| {}));
    });

    // A draft note per conversation, kept in the local copy.
    keep_note_drafts(account, thread, draft);

    // Replying: the flow keeps the draft, sends through the outbox and offers Undo; once a
    // reply is queued it shows in the conversation, and the conversation follows the agent's
    // choice (close, pending) and is assigned to them if nobody had it.
    let replies = ReplyFlow::new(account, thread);
    let on_reply = Callback::new(move |kind: ReplyKind| {
        if let Some(c) = loaded_untracked() {
            replies.open(&c, kind);
        }
    });
    let on_send = Callback::new(move |choice: AfterSend| {
        replies.send(choice, move |choice, shown| {
            if let Some(mut c) = loaded_untracked() {
                let unassigned = c.assignee.is_none();
                c.messages.push(shown);
                optimistic.set(Some(c));
                if unassigned && team.settings.with_untracked(|s| s.replies.assign_on_reply) {
                    on_assign.run(Some(me()));
                }
            }
            match choice {
                AfterSend::Close => on_status.run(Status::Closed),
                AfterSend::Pending => on_status.run(Status::Pending),
                AfterSend::Keep => {}
            }
        });
    });
    let reply_busy = Signal::derive(move || replies.sending.get());

    let busy = Signal::from(busy);
    let loaded = move || optimistic.get().filter(this_thread).or_else(server).or_else(|| cached.get());
    // Messages are keyed by id, so a refresh (a teammate's change, a poll) re-renders only what
    // changed and never a note being edited or the composer being typed in.
    let messages = move || loaded().map(|c| c.messages).unwrap_or_default();
    let header = move || {
        loaded().map(|c| {
            let count = c.messages.iter().filter(|m| m.note_author.is_none() && !m.activity).count();
            view! {
                <header class="conversation-header">
                    <h1 dir="auto">{c.subject}</h1>
                    <span class="count">{format!("{count} message{}", if count == 1 { "" } else { "s" })}</span>
                </header>
                <ThreadActions
                    assignee=c.assignee
                    me=me()
                    status=c.status
                    busy=busy
                    on_assign=on_assign
                    on_status=on_status
                    settings=team.settings
                    tags=c.tags
                    on_tag=on_tag
                    on_new_tag=on_new_tag
                    snoozed_until=c.snoozed_until
                    on_snooze=on_snooze
                />
            }
        })
    };
    let status = move || match conversation.get() {
        Some(Err(e)) if cached.with(Option::is_some) => Some(
            view! { <p class="pane-status stale" role="status">{format!("Showing the copy saved on this device. {e}")}</p> }.into_any(),
        ),
        Some(Err(e)) => Some(view! { <Notice error=e /> }.into_any()),
        _ if loaded().is_some() => None,
        _ => Some(view! { <p class="pane-status">"Loading conversation…"</p> }.into_any()),
    };
    let editing = RwSignal::new(None::<String>);
    let edit_draft = RwSignal::new(String::new());

    view! {
        {status}
        <Show when=move || loaded().is_some()>
            <article class="conversation">
                {header}
                {move || action_error.get().map(|e| view! { <div class="notice error" role="alert">{e}</div> })}
                <For each=messages key=|m| (m.id.clone(), m.unread) let:m>
                    {match m.note_author.clone() {
                        None if m.activity => view! { <ActivityLine record=m /> }.into_any(),
                        Some(author) => {
                            let own = author.eq_ignore_ascii_case(&me());
                            view! { <NoteView note=m own=own busy=busy editing=editing edit_draft=edit_draft on_edit=on_edit_note on_delete=on_delete_note /> }.into_any()
                        }
                        None => view! { <MessageView message=m /> }.into_any(),
                    }}
                </For>
                <UndoSend seconds_left=replies.seconds_left.into() undoing=replies.undoing.into() on_undo=Callback::new(move |_| replies.undo()) />
                {move || replies.notice.get().map(|n| view! { <p class="notice reply-notice" role="status">{n}</p> })}
                <Show
                    when=move || replies.draft.with(Option::is_some)
                    fallback=move || view! {
                        <div class="reply-bar">
                            <button type="button" class="action primary-soft" on:click=move |_| on_reply.run(ReplyKind::Reply)>"Reply"</button>
                            <button type="button" class="action" on:click=move |_| on_reply.run(ReplyKind::ReplyAll)>"Reply all"</button>
                            <button type="button" class="action" on:click=move |_| on_reply.run(ReplyKind::Forward)>"Forward"</button>
                        </div>
                    }
                >
                    <ReplyComposer
                        draft=replies.draft
                        from=replies.from_label()
                        busy=reply_busy
                        error=replies.error.into()
                        on_send=on_send
                        on_discard=Callback::new(move |_| replies.discard())
                        on_set_from=Callback::new(move |(name, address)| replies.set_team_from(name, address))
                    />
                </Show>
                <NoteComposer draft=draft busy=busy roster=roster on_add=on_add_note />
            </article>
        </Show>
    }
}
