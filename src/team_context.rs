//! The team settings (roster, tags) of the open team inbox, shared with every component of the
//! inbox page. Loaded with the page, reloaded with it, and the signed-in agent adds themself to
//! the roster the first time they open the inbox. Where the server offers JMAP Principals, its
//! directory of people is read once too: it names agents and offers who can be added.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::directory::{load_directory, name_of, Person};
use tandem_core::team::settings::{load_settings, update_settings, TeamSettings};

use crate::auth::Auth;
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::shown_states::ShownStates;

/// The `meta` key under which the copy keeps an account's team settings.
const SETTINGS_KEY: &str = "teamSettings";

#[derive(Clone, Copy)]
pub struct TeamContext {
    /// The open account is a team inbox (a shared account), not the agent's own.
    pub is_team: Memo<bool>,
    pub settings: Signal<TeamSettings>,
    /// The signed-in agent's login.
    pub me: Signal<String>,
    /// The server's people (JMAP Principals), by name; empty where it offers none.
    pub directory: Signal<Vec<Person>>,
    kept: RwSignal<Option<TeamSettings>>,
}

impl TeamContext {
    /// Loads the settings of `account` when it is a team inbox; provides the context.
    pub fn provide(account: Memo<String>) -> Self {
        let auth = Auth::get();
        let refresh = InboxRefresh::get();
        let is_team = Memo::new(move |_| {
            auth.client().is_some_and(|c| c.session().mail_accounts().iter().any(|a| a.is_team && a.id == account.get()))
        });
        let me = Signal::derive(move || auth.client().map(|c| c.session().username.to_lowercase()).unwrap_or_default());
        let copy = LocalCopy::get();
        let loaded = LocalResource::new(move || {
            refresh.track();
            // After the first page of the list: it needs no settings, and comes first.
            let (client, account, team) = (auth.client().filter(|_| copy.first_paint.get()), account.get(), is_team.get());
            async move {
                match client {
                    Some(c) if team => load_settings(&c, &account).await.ok(),
                    _ => None,
                }
            }
        });
        // Read once per sign-in: who works on a server changes rarely, and a failed read only
        // leaves agents to be added by login.
        let people = LocalResource::new(move || {
            let client = auth.client().filter(|_| copy.first_paint.get() && is_team.get());
            async move {
                match client {
                    Some(c) => load_directory(&c).await.ok().flatten().unwrap_or_default(),
                    None => Vec::new(),
                }
            }
        });
        let directory = Signal::derive(move || people.get().unwrap_or_default());
        // Join the roster once, under the name the directory gives (else the login).
        Effect::new(move |joined: Option<bool>| {
            if joined == Some(true) {
                return true;
            }
            let (Some(Some(stored)), Some(people)) = (loaded.get(), people.get()) else { return false };
            let settings = &stored.settings;
            let me = me.get_untracked();
            if me.is_empty() || settings.agents.iter().any(|a| a.login == me) {
                return true;
            }
            let name = name_of(&people, &me).unwrap_or(&me).to_string();
            if let Some(client) = auth.client.get_untracked() {
                let account = account.get_untracked();
                spawn_local(async move {
                    if update_settings(&client, &account, &me, |s| s.add_agent(&me, &name)).await.is_ok() {
                        refresh.bump();
                    }
                });
            }
            true
        });
        let shown = ShownStates::get();
        Effect::new(move |_| {
            if let Some(Some(stored)) = loaded.get() {
                shown.loaded("team settings", stored.email_state());
            }
        });
        // The settings last read are kept in the local copy: offline (or before they load) the
        // roster and the tags still show.
        let kept = RwSignal::new(None::<TeamSettings>);
        Effect::new(move |_| {
            let (store, account) = (copy.store(), account.get());
            let Some(store) = store else { return };
            spawn_local(async move {
                if let Ok(Some(saved)) = store.cache().meta::<TeamSettings>(&account, SETTINGS_KEY).await {
                    kept.set(Some(saved));
                }
            });
        });
        Effect::new(move |_| {
            if let (Some(Some(stored)), Some(store)) = (loaded.get(), copy.store_untracked()) {
                let (account, settings) = (account.get_untracked(), stored.settings.clone());
                kept.set(Some(settings.clone()));
                spawn_local(async move {
                    let _ = store.cache().set_meta(&account, SETTINGS_KEY, &settings).await;
                });
            }
        });
        // The newest of what was read and what this agent saved: a read that started before a
        // save (or a server's query that lags a moment) never shows an older revision.
        let settings = Signal::derive(move || {
            let read = loaded.get().flatten().map(|s| s.settings);
            match (read, kept.get()) {
                (Some(read), Some(kept)) if kept.revision > read.revision => kept,
                (Some(read), _) => read,
                (None, kept) => kept.unwrap_or_default(),
            }
        });
        let context = TeamContext { is_team, settings, me, directory, kept };
        provide_context(context);
        context
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The agent saved these settings (`update_settings` returned them): shown at once.
    pub fn saved(&self, settings: TeamSettings) {
        self.kept.set(Some(settings));
    }
}
