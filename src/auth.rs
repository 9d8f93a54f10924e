//! Who is signed in: the JMAP client for the agent's session, shared through Leptos context.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::auth::Credentials;
use tandem_core::jmap::JmapClient;
use tandem_core::session::Session;
use tandem_core::url::normalize_server;
use tandem_core::JmapError;

use crate::app_error::AppError;
use crate::cache::meta::{GLOBAL, SESSION};
use crate::cache::Cache;
use crate::cold_start::ColdStart;
use crate::saved_login::{self, SavedLogin};
use crate::tr;
use crate::web_transport::{Client, FetchTransport};
use crate::wording::Words;

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
    pub error: RwSignal<Option<Words>>,
    /// Who is signed in where: (server base URL, username). Names the local copy's database.
    pub identity: RwSignal<Option<(String, String)>>,
    /// Signed in from the local copy's saved session, without reaching the server (offline).
    pub offline: RwSignal<bool>,
    /// Signed in with the form just now rather than restored after a reload: the local copy is
    /// most likely empty, so the first screen is asked of the server while it opens.
    pub by_form: RwSignal<bool>,
    cold: ColdStart,
}

impl Auth {
    /// Creates the context; a login saved in this tab is restored in the background.
    pub fn provide(cold: ColdStart) -> Self {
        let auth = Auth {
            client: RwSignal::new(None),
            status: RwSignal::new(AuthStatus::SignedOut),
            error: RwSignal::new(None),
            identity: RwSignal::new(None),
            offline: RwSignal::new(false),
            by_form: RwSignal::new(false),
            cold,
        };
        provide_context(auth);
        if let Some(saved) = saved_login::load().filter(|s| !s.password.is_empty()) {
            auth.status.set(AuthStatus::Restoring);
            spawn_local(async move {
                match auth.sign_in(&saved).await {
                    Ok(()) => {}
                    // Offline after a reload: open with the session saved in the local copy.
                    Err(e @ AppError::Server(JmapError::Unreachable { .. } | JmapError::NoAnswer { .. })) => {
                        if !auth.restore_offline(&saved).await {
                            auth.error.set(Some(e.into()));
                        }
                    }
                    Err(e) => auth.error.set(Some(e.into())),
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

    /// Discovers the session at the login's server (empty: this page's origin) and signs in;
    /// the login is kept for this tab, or on this device when the agent asked to be remembered
    /// (and the session in the local copy, by `local_copy`, for a reload without a network).
    /// The error is the server's (`AppError::Server`), worded in the interface's language.
    pub async fn sign_in(&self, login: &SavedLogin) -> Result<(), AppError> {
        let by_form = self.status.get_untracked() == AuthStatus::SignedOut;
        let username = login.username.as_str();
        let base = server_base(&login.server);
        match JmapClient::connect(FetchTransport, &base, credentials(login)).await {
            Ok(client) => {
                let client = Arc::new(client);
                // Before anything reacts to the sign-in: the first screen's requests go first.
                let asked = by_form.then(|| self.cold.begin(client.clone()));
                saved_login::save(&SavedLogin {
                    server: login.server.trim().to_string(),
                    username: username.trim().to_string(),
                    ..login.clone()
                });
                self.error.set(None);
                self.offline.set(false);
                self.by_form.set(by_form);
                // The local copy starts opening in this task...
                let identity = Some((base, username.trim().to_string()));
                self.identity.set(identity.clone());
                if let Some(asked) = asked {
                    // ...and the app goes to the inbox once the first page's request has left,
                    // in a task of its own: building the inbox holds the main thread tens of ms
                    // (much of the module's code running for the first time), which would
                    // otherwise hold that request back.
                    asked.await;
                    crate::timer::yield_now().await;
                    if self.identity.try_get_untracked() != Some(identity) {
                        return Ok(()); // Signed out meanwhile.
                    }
                }
                self.client.set(Some(client));
                self.status.set(AuthStatus::SignedIn);
                Ok(())
            }
            Err(e) => {
                if matches!(e, JmapError::Unauthorized | JmapError::Forbidden) {
                    saved_login::clear();
                }
                self.status.set(AuthStatus::SignedOut);
                Err(e.into())
            }
        }
    }

    /// Signs in with the session saved by the last online sign-in of this login, if the local
    /// copy has one: the app then shows the copy and syncs once the server answers again.
    async fn restore_offline(&self, saved: &SavedLogin) -> bool {
        let base = server_base(&saved.server);
        let Ok(cache) = Cache::open(&base, &saved.username).await else { return false };
        let Ok(Some(session)) = cache.meta::<Session>(GLOBAL, SESSION).await else { return false };
        let client = JmapClient::with_session(FetchTransport, credentials(saved), session);
        self.offline.set(true);
        self.identity.set(Some((base, saved.username.clone())));
        self.client.set(Some(Arc::new(client)));
        self.status.set(AuthStatus::SignedIn);
        true
    }

    /// Signs out and deletes the local copy of this login's mail.
    pub fn sign_out(&self) {
        let identity = self.identity.get_untracked();
        self.forget(None);
        if let Some((base, username)) = identity {
            spawn_local(async move {
                if let Err(e) = Cache::wipe_identity(&base, &username).await {
                    leptos::logging::warn!("The local copy could not be deleted: {e}");
                }
            });
        }
    }

    /// The server no longer accepts this login (a 401 in the middle of the session): back to
    /// sign-in, saying why. The local copy stays — drafts and queued changes are in it — and
    /// opens again when the same agent signs in.
    pub fn session_ended(&self) {
        if self.status.get_untracked() != AuthStatus::SignedIn {
            return;
        }
        let saved = saved_login::load();
        self.forget(Some(Words::new(|| tr!(errors.session_ended))));
        // The login page offers the same server and username again (without the password, so a
        // reload does not try it).
        if let Some(saved) = saved {
            saved_login::save(&SavedLogin { password: String::new(), ..saved });
        }
    }

    /// Every field of the signed-in state back to signed out (`error`: what the login page says).
    fn forget(&self, error: Option<Words>) {
        saved_login::clear();
        crate::first_paint::forget();
        self.client.set(None);
        self.identity.set(None);
        self.offline.set(false);
        self.by_form.set(false);
        self.error.set(error);
        self.status.set(AuthStatus::SignedOut);
    }
}

/// What a login sends: its password, or its API token as a bearer.
fn credentials(login: &SavedLogin) -> Credentials {
    let username = login.username.trim();
    if login.token {
        Credentials::bearer(username, &login.password)
    } else {
        Credentials::new(username, &login.password)
    }
}

/// The server's base URL as typed at sign-in (empty: this page's origin).
fn server_base(server: &str) -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    normalize_server(server, &origin)
}
