//! The router: which page answers which address.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::auth::Auth;
use crate::components::no_thread::NoThread;
use crate::local_copy::LocalCopy;
use crate::pages::home::HomePage;
use crate::pages::inbox::InboxPage;
use crate::pages::login::LoginPage;
use crate::pages::thread::ThreadPage;

#[component]
pub fn App() -> impl IntoView {
    Auth::provide();
    LocalCopy::provide();
    view! {
        <Router>
            <Routes fallback=|| view! { <p class="not-found">"Page not found."</p> }>
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("/a/:account/m/:mailbox") view=InboxPage>
                    <Route path=path!("") view=NoThread />
                    <Route path=path!("t/:thread") view=ThreadPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
