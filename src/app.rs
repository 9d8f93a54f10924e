//! The router: which page answers which address; and the app-wide services, created once, in the
//! order they depend on each other (each module uses only those above it).

use leptos::prelude::*;
use leptos::task::spawn_local_scoped;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::app_error::Remedy;
use crate::auth::Auth;
use crate::cold_start::ColdStart;
use crate::components::no_thread::NoThread;
use crate::connection::Connection;
use crate::lazy_pages::{ConversationRoute, NewConversationRoute, ScheduledRoute};
use crate::local_copy::LocalCopy;
use crate::notices::Notices;
use crate::pages::home::HomePage;
use crate::pages::inbox::InboxPage;
use crate::pages::login::LoginPage;
use crate::pending_writes::PendingWrites;
use crate::sync_status::SyncStatus;
use crate::tr_live;

#[component]
pub fn App() -> impl IntoView {
    let notices = Notices::provide();
    Connection::provide();
    let sync = SyncStatus::provide();
    let auth = Auth::provide(ColdStart::provide(sync));
    let copy = LocalCopy::provide();
    PendingWrites::provide(copy, sync, notices);
    // Per-identity state starts clean for every identity (and for none: sign-out). The copy
    // follows the identity itself, and the outbox the copy.
    Effect::new(move |_| {
        auth.identity.track();
        sync.reset();
        notices.clear_all();
    });
    // The sync driver's code first (the copy waits for it), and the conversation page's, fetched
    // while the agent reads the list (`lazy_pages`); then the offline shell's service worker,
    // installed once the first screen is up (after: both started in one task made it a long one).
    sync.once_painted(|| {
        spawn_local_scoped(crate::sync_driver::preload());
        spawn_local_scoped(async {
            crate::lazy_pages::preload().await;
            crate::offline_shell::first_screen_shown();
        })
    });
    // The formatters the first rows and counts use, made once the first screen is painted: in
    // the login screen's idle time, or while a reload reads the copy.
    spawn_local_scoped(async {
        crate::timer::after_next_paint(crate::timer::PAINT_AT_MOST).await;
        crate::intl::make_ahead().await;
    });
    // What an error asks for besides its sentence (`AppError::remedy`).
    Effect::new(move |_| match notices.remedies() {
        (_, Some(Remedy::SignInAgain)) => auth.session_ended(),
        (_, Some(Remedy::ReopenCopy)) => copy.reopen(),
        _ => {}
    });
    view! {
        // sw.js answers these paths from its stored shell (its APP_ROUTE): change both together.
        <Router>
            <Routes fallback=|| view! { <p class="not-found">{tr_live!(errors.page_not_found)}</p> }>
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("/a/:account/m/:mailbox") view=InboxPage>
                    <Route path=path!("") view=NoThread />
                    <Route path=path!("t/:thread") view=ConversationRoute />
                    <Route path=path!("scheduled") view=ScheduledRoute />
                    <Route path=path!("new") view=NewConversationRoute />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
