//! The team settings (roster, tags) of the open team inbox, shared with every component of the
//! inbox page. Loaded with the page, reloaded with it, and the signed-in agent adds themself to
//! the roster the first time they open the inbox. Where the server offers JMAP Principals, its
//! directory of people is read once too: it names agents and offers who can be added.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::directory::{load_directory, name_of, Person};
use tandem_core::team::settings::{load_settings, StoredSettings, TeamSettings};
use tandem_core::team::thread_record::Author;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::inbox_refresh::InboxRefresh;
use crate::local_copy::LocalCopy;
use crate::notices::{Notices, Topic};
use crate::settings_saving::{saving, Change};
use crate::shown_states::ShownStates;
use crate::sync_status::SyncStatus;
use crate::tr;
use crate::web_transport::Client;

/// The `meta` key under which the copy keeps an account's team settings.
const SETTINGS_KEY: &str = "teamSettings";

#[derive(Clone, Copy)]
pub struct TeamContext {
    /// The open account is a team inbox (a shared account), not the agent's own.
    pub is_team: Memo<bool>,
    pub settings: Signal<TeamSettings>,
    /// The settings are known: read from the server, or kept in the copy. Until then `settings`
    /// holds the defaults, which must not be shown as the team's.
    pub known: Signal<bool>,
    /// The signed-in agent's login, lower-cased: the one form the team scheme stores (assignees,
    /// the roster, mentions) and every comparison with it uses.
    pub me: Signal<String>,
    /// The server's people (JMAP Principals), by name; empty where it offers none.
    pub directory: Signal<Vec<Person>>,
    kept: RwSignal<Option<TeamSettings>>,
}

impl TeamContext {
    /// Loads the settings of `account` when it is a team inbox; provides the context.
    pub fn provide(account: Memo<String>) -> Self {
        let auth = Auth::get();
        let is_team = Memo::new(move |_| {
            auth.client().is_some_and(|c| c.session().mail_accounts().iter().any(|a| a.is_team && a.id == account.get()))
        });
        let me = Signal::derive(move || auth.client().map(|c| c.session().username.to_lowercase()).unwrap_or_default());
        let loaded = read_settings(account, is_team);
        let people = read_directory(is_team);
        let directory = Signal::derive(move || people.get().unwrap_or_default());
        join_roster(account, me, loaded, people);
        let shown = ShownStates::get();
        Effect::new(move |_| {
            if let Some(Some(stored)) = loaded.get() {
                shown.loaded("team settings", stored.email_state());
            }
        });
        let kept = keep_in_copy(account, loaded);
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
        let known = Signal::derive(move || matches!(loaded.get(), Some(Some(_))) || kept.with(Option::is_some));
        let context = TeamContext { is_team, settings, known, me, directory, kept };
        provide_context(context);
        context
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The signed-in agent acting now: their login, their name on the roster (the login where
    /// the roster has none), the time. The one way the app makes an [`Author`].
    pub fn author(&self) -> Author {
        let login = self.me.get_untracked();
        let name = self.settings.with_untracked(|s| s.agent_name(&login));
        Author { login, name, at_ms: js_sys::Date::now() as u64 }
    }

    /// The agent saved these settings (`update_settings` returned them): shown at once (nothing
    /// once the page is gone).
    pub fn saved(&self, settings: TeamSettings) {
        self.kept.try_set(Some(settings));
    }
}

/// The team settings as the server has them, read with the inbox (after its first list: it
/// needs no settings, and comes first). A failed read says so in the status area; the roster and
/// tags kept in the copy still show meanwhile.
fn read_settings(account: Memo<String>, is_team: Memo<bool>) -> LocalResource<Option<StoredSettings>> {
    let (auth, refresh, sync, notices) = (Auth::get(), InboxRefresh::get(), SyncStatus::get(), Notices::get());
    LocalResource::new(move || {
        refresh.track();
        let (client, account, team) = (auth.client().filter(|_| sync.first_paint.get()), account.get(), is_team.get());
        async move {
            let c = client.filter(|_| team)?;
            match load_settings(&c, &account).await {
                Ok(stored) => {
                    notices.clear(Topic::Settings);
                    Some(stored)
                }
                Err(e) => {
                    let e = AppError::from(e);
                    if !e.is_unreachable() {
                        let said = e.clone();
                        notices.report_as(Topic::Settings, &e, move || tr!(errors.settings_unreadable, error = &said));
                    }
                    None
                }
            }
        }
    })
}

/// The server's people, read once per sign-in: who works on a server changes rarely, and a failed
/// read only leaves agents to be added by login.
fn read_directory(is_team: Memo<bool>) -> LocalResource<Vec<Person>> {
    let (auth, sync) = (Auth::get(), SyncStatus::get());
    LocalResource::new(move || {
        let client = auth.client().filter(|_| sync.first_paint.get() && is_team.get());
        async move {
            match client {
                // A part that cannot be fetched: agents are added by login.
                Some(c) => match directory_reading(c).await {
                    Ok(reading) => reading.await,
                    Err(Unreachable) => Vec::new(),
                },
                None => Vec::new(),
            }
        }
    })
}

part_fn! {
    team_settings,
    /// The server's people (none where it offers no directory, or the read failed).
    fn directory_reading(client: Arc<Client>) -> Result<Later<Vec<Person>>, Unreachable> {
        Ok(Box::pin(async move { load_directory(&client).await.ok().flatten().unwrap_or_default() }))
    }
}

/// The signed-in agent joins the roster once, under the name the directory gives (else the
/// login).
fn join_roster(
    account: Memo<String>,
    me: Signal<String>,
    loaded: LocalResource<Option<StoredSettings>>,
    people: LocalResource<Vec<Person>>,
) {
    let (auth, refresh, notices) = (Auth::get(), InboxRefresh::get(), Notices::get());
    Effect::new(move |joined: Option<bool>| {
        if joined == Some(true) {
            return true;
        }
        let (Some(Some(stored)), Some(people)) = (loaded.get(), people.get()) else { return false };
        let me = me.get_untracked();
        if me.is_empty() || stored.settings.agents.iter().any(|a| a.login == me) {
            return true;
        }
        let name = name_of(&people, &me).unwrap_or(&me).to_string();
        if let Some(client) = auth.client.get_untracked() {
            let account = account.get_untracked();
            let join = Change::Edit(Box::new({
                let me = me.clone();
                move |s| s.add_agent(&me, &name)
            }));
            spawn_local(async move {
                // A part that cannot be fetched now: the agent joins at the next opening.
                let Ok(joining) = saving(client, account, me, join).await else { return };
                match joining.await {
                    Ok(_) => refresh.bump(),
                    Err(e) => notices.report(Topic::Background, &e.into()),
                }
            });
        }
        true
    });
}

/// The settings last read, kept in the local copy: offline (or before they load) the roster and
/// the tags still show. Also what this agent saved last ([`TeamContext::saved`]).
fn keep_in_copy(account: Memo<String>, loaded: LocalResource<Option<StoredSettings>>) -> RwSignal<Option<TeamSettings>> {
    let copy = LocalCopy::get();
    let kept = RwSignal::new(None::<TeamSettings>);
    Effect::new(move |_| {
        let (store, account) = (copy.store(), account.get());
        let Some(store) = store else { return };
        spawn_local(async move {
            if let Ok(Some(saved)) = store.cache().meta::<TeamSettings>(&account, SETTINGS_KEY).await {
                kept.try_set(Some(saved));
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
    kept
}
