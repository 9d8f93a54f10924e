//! Who is signed in: the JMAP client for the agent's session, shared through Leptos context.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::auth::Credentials;
use tandem_core::jmap::JmapClient;
use tandem_core::url::normalize_server;
use tandem_core::JmapError;

use crate::saved_login::{self, SavedLogin};
use crate::web_transport::FetchTransport;

pub type Client = JmapClient<FetchTransport>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthStatus {
    SignedOut,
    /// A saved login is being checked against the server after a reload.
    Restoring,
    SignedIn,
}

#[derive(Clone, Copy)]
pub struct Auth {
    pub(crate) client: RwSignal<Option<Arc<Client>>>,
    pub status: RwSignal<AuthStatus>,
    /// Why the last sign-in (or restore) failed, for the login page.
    pub error: RwSignal<Option<String>>,
}

impl Auth {
    /// Creates the context; a login saved in this tab is restored in the background.
    pub fn provide() -> Self {
        let auth = Auth { client: RwSignal::new(None), status: RwSignal::new(AuthStatus::SignedOut), error: RwSignal::new(None) };
        provide_context(auth);
        if let Some(saved) = saved_login::load() {
            auth.status.set(AuthStatus::Restoring);
            spawn_local(async move {
                if let Err(e) = auth.sign_in(&saved.server, &saved.username, &saved.password).await {
                    auth.error.set(Some(e.to_string()));
                }
            });
        }
        auth
    }

    pub fn get() -> Self {
        expect_context()
    }

    pub fn client(&self) -> Option<Arc<Client>> {
        self.client.get()
    }

    /// Discovers the session at `server` (empty: this page's origin) and signs in.
    pub async fn sign_in(&self, server: &str, username: &str, password: &str) -> Result<(), JmapError> {
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        let base = normalize_server(server, &origin);
        let credentials = Credentials::new(username.trim(), password);
        match JmapClient::connect(FetchTransport, &base, credentials).await {
            Ok(client) => {
                saved_login::save(&SavedLogin { server: server.trim().to_string(), username: username.trim().to_string(), password: password.to_string() });
                self.error.set(None);
                self.client.set(Some(Arc::new(client)));
                self.status.set(AuthStatus::SignedIn);
                Ok(())
            }
            Err(e) => {
                if matches!(e, JmapError::Unauthorized | JmapError::Forbidden) {
                    saved_login::clear();
                }
                self.status.set(AuthStatus::SignedOut);
                Err(e)
            }
        }
    }

    pub fn sign_out(&self) {
        saved_login::clear();
        self.client.set(None);
        self.error.set(None);
        self.status.set(AuthStatus::SignedOut);
    }
}
