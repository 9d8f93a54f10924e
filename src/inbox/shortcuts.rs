//! The inbox's commands (`keyboard`): moving between the conversations of the list shown (or the
//! search's results), back to the list, the search box, and going to each view.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tandem_core::commands::{Command, Place};
use tandem_core::thread_list::ThreadSummary;

use crate::inbox::route::InboxRoute;
use crate::keyboard::{focus, Keyboard};

/// The rows on screen and the search they are results of (empty for none), for moving between them.
#[derive(Clone, Copy)]
pub struct ShownList {
    pub rows: Signal<Vec<ThreadSummary>>,
    pub query: Signal<String>,
}

impl ShownList {
    /// The address of the conversation `step` rows from the open one (the first row when none
    /// is open), if there is one.
    pub fn neighbour(&self, route: InboxRoute, step: isize) -> Option<String> {
        let open = route.open_thread.get_untracked();
        let id = self.rows.with_untracked(|rows| {
            let at = open.and_then(|id| rows.iter().position(|t| t.thread_id == id));
            let index = match at {
                Some(i) => i.checked_add_signed(step)?,
                None => 0,
            };
            rows.get(index).map(|t| t.thread_id.clone())
        })?;
        Some(route.thread_href(&id, &self.query.get_untracked()))
    }
}

/// Registers the inbox's commands for as long as the inbox page is shown.
pub fn register(route: InboxRoute, list: ShownList) {
    let keyboard = Keyboard::get();
    let navigate = use_navigate();
    let go = move |href: String| navigate(&href, Default::default());
    for (command, step) in [(Command::NextConversation, 1), (Command::PreviousConversation, -1)] {
        let go = go.clone();
        keyboard.on(command, move || {
            if let Some(href) = list.neighbour(route, step) {
                go(href);
            }
        });
    }
    let back = go.clone();
    keyboard.on(Command::BackToList, move || {
        if route.open_thread.get_untracked().is_some() {
            back(route.list_href(&list.query.get_untracked()));
        }
    });
    keyboard.on(Command::Search, || focus(".search-input"));
    for place in Place::ALL {
        let go = go.clone();
        keyboard.on(Command::GoTo(place), move || go(place_href(route, place)));
    }
}

/// The address of a place `g` goes to.
fn place_href(route: InboxRoute, place: Place) -> String {
    let (account, list) = (route.account.get_untracked(), route.list.get_untracked());
    let view = |slug: &str| format!("/a/{account}/m/v-{slug}");
    match place {
        Place::Inbox => format!("/a/{account}/m/inbox"),
        Place::Unassigned => view("unassigned"),
        Place::Mine => view("mine"),
        Place::Mentions => view("mentions"),
        Place::AllOpen => view("open"),
        Place::Pending => view("pending"),
        Place::Snoozed => view("snoozed"),
        Place::Closed => view("closed"),
        Place::Scheduled => format!("/a/{account}/m/{list}/scheduled"),
        Place::NewConversation => format!("/a/{account}/m/{list}/new"),
    }
}
