//! Administration of the team inbox from its sidebar: renaming, recolouring and deleting tags,
//! adding agents (by login, or from the server's directory), renaming them and taking them off
//! the roster. Every change is a read-modify-write of the
//! team settings on the server (`core::team::settings`); the outcome is one sentence for the
//! agent, and the inbox reloads.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::directory::name_of;
use tandem_core::team::settings::{safe_color, update_settings, TeamSettings};
use tandem_core::team::tags::delete_tag;
use tandem_core::JmapError;

use crate::auth::Auth;
use crate::inbox_refresh::InboxRefresh;
use crate::team_context::TeamContext;

/// A change to the settings, applied on the freshest version read.
type SettingsChange = Box<dyn Fn(&mut TeamSettings) -> Result<(), JmapError>>;

/// The callbacks of the sidebar's managers.
#[derive(Clone, Copy)]
pub struct TeamAdmin {
    /// (tag id, name, colour `#rrggbb`).
    pub save_tag: Callback<(String, String, String)>,
    pub delete_tag: Callback<String>,
    /// (login, display name).
    pub rename_agent: Callback<(String, String)>,
    /// The login.
    pub remove_agent: Callback<String>,
    /// (login, display name; empty for the directory's name or the login).
    pub add_agent: Callback<(String, String)>,
}

impl TeamAdmin {
    /// `busy` is set while a change is saved; `message` gets its outcome.
    pub fn new(account: Memo<String>, team: TeamContext, busy: RwSignal<bool>, message: RwSignal<Option<String>>) -> Self {
        let (auth, refresh) = (Auth::get(), InboxRefresh::get());
        // Runs `change` on the settings and reports `done` (or the error).
        let edit = move |done: &'static str, change: SettingsChange| {
            let Some(client) = auth.client.get_untracked() else { return };
            let (account, me) = (account.get_untracked(), team.me.get_untracked());
            busy.set(true);
            spawn_local(async move {
                let result = update_settings(&client, &account, &me, |s| change(s)).await;
                // The page may be gone by now (sign-out): only what still exists is touched.
                message.try_set(Some(match result {
                    Ok(saved) => {
                        team.saved(saved);
                        done.to_string()
                    }
                    Err(e) => e.to_string(),
                }));
                busy.try_set(false);
                refresh.bump();
            });
        };
        let save_tag = Callback::new(move |(id, name, color): (String, String, String)| {
            edit(
                "Tag saved.",
                Box::new(move |s| {
                    if let Some(t) = s.tags.iter_mut().find(|t| t.id == id).filter(|_| !name.trim().is_empty()) {
                        t.name = name.trim().to_string();
                        t.color = safe_color(&color);
                    }
                    Ok(())
                }),
            );
        });
        let delete = Callback::new(move |id: String| {
            let Some(client) = auth.client.get_untracked() else { return };
            let (account, me) = (account.get_untracked(), team.me.get_untracked());
            busy.set(true);
            spawn_local(async move {
                message.try_set(Some(match delete_tag(&client, &account, &me, &id).await {
                    Ok(saved) => {
                        team.saved(saved);
                        "Tag deleted from every conversation.".to_string()
                    }
                    Err(e) => e.to_string(),
                }));
                busy.try_set(false);
                refresh.bump();
            });
        });
        let rename_agent = Callback::new(move |(login, name): (String, String)| {
            edit(
                "Name saved.",
                Box::new(move |s| {
                    if let Some(a) = s.agents.iter_mut().find(|a| a.login.eq_ignore_ascii_case(&login)).filter(|_| !name.trim().is_empty())
                    {
                        a.name = name.trim().to_string();
                    }
                    Ok(())
                }),
            );
        });
        let remove_agent = Callback::new(move |login: String| {
            edit(
                "Removed from the team's list (assignments stay; access to the mailbox is managed on the mail server).",
                Box::new(move |s| {
                    s.agents.retain(|a| !a.login.eq_ignore_ascii_case(&login));
                    Ok(())
                }),
            );
        });
        let add_agent = Callback::new(move |(login, name): (String, String)| {
            let login = login.trim().to_lowercase();
            let name = match name.trim() {
                "" => team.directory.with_untracked(|d| name_of(d, &login).map(str::to_string)).unwrap_or_default(),
                given => given.to_string(),
            };
            edit(
                "Agent added: they can be assigned now (access to the mailbox is granted on the mail server).",
                Box::new(move |s| s.add_agent(&login, &name)),
            );
        });
        TeamAdmin { save_tag, delete_tag: delete, rename_agent, remove_agent, add_agent }
    }
}
