//! The open conversation's keyboard commands (`keyboard`): reply, reply all, forward, a note,
//! assignment, tags, status and snooze, the same as its buttons. Closing moves on to the next
//! conversation of the list, by the keyboard or the button, so an agent works down a queue.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tandem_core::commands::Command;
use tandem_core::reply::ReplyKind;
use tandem_core::team::status::Status;

use crate::connection::Connection;
use crate::conversation::actions::ConversationActions;
use crate::conversation::shown::ShownConversation;
use crate::inbox::route::InboxRoute;
use crate::inbox::shortcuts::ShownList;
use crate::keyboard::{focus, Keyboard};
use crate::reply_flow::ReplyFlow;
use crate::team_context::TeamContext;

/// `actions.status`, except that closing opens the next conversation of the list (the one
/// below, else the one above), read before the list changes.
pub fn status_then_next(actions: ConversationActions) -> Callback<Status> {
    let (route, list) = (use_context::<InboxRoute>(), use_context::<ShownList>());
    let navigate = use_navigate();
    Callback::new(move |status: Status| {
        let next = match (status, route, list) {
            (Status::Closed, Some(route), Some(list)) => list.neighbour(route, 1).or_else(|| list.neighbour(route, -1)),
            _ => None,
        };
        actions.status.run(status);
        if let Some(href) = next {
            navigate(&href, Default::default());
        }
    })
}

/// Registers the conversation's commands while it is open.
pub fn register(shown: ShownConversation, actions: ConversationActions, replies: ReplyFlow, on_status: Callback<Status>) {
    let (keyboard, team, online) = (Keyboard::get(), TeamContext::get(), Connection::get().online());
    for (command, kind) in
        [(Command::Reply, ReplyKind::Reply), (Command::ReplyAll, ReplyKind::ReplyAll), (Command::Forward, ReplyKind::Forward)]
    {
        keyboard.on(command, move || {
            if let Some(c) = shown.get_untracked() {
                replies.open(&c, kind);
                request_animation_frame(|| focus(".reply-composer .reply-input"));
            }
        });
    }
    keyboard.on(Command::Note, || focus("#note-input"));
    keyboard.on(Command::AssignToMe, move || {
        if online.get_untracked() && !actions.busy.get_untracked() {
            actions.assign.run(Some(team.me.get_untracked()));
        }
    });
    keyboard.on(Command::AssignTo, || focus(".thread-actions .assign-to"));
    keyboard.on(Command::Tag, || focus(".thread-actions .add-tag"));
    keyboard.on(Command::Snooze, || focus(".thread-actions .snooze"));
    for (command, status) in [(Command::MarkOpen, Status::Open), (Command::MarkPending, Status::Pending), (Command::Close, Status::Closed)]
    {
        keyboard.on(command, move || {
            if !actions.busy.get_untracked() {
                on_status.run(status);
            }
        });
    }
}
