//! Administration of the team inbox from its sidebar: renaming, recolouring and deleting tags,
//! adding agents (by login, or from the server's directory), renaming them and taking them off
//! the roster. Every change is a read-modify-write of the
//! team settings on the server (`core::team::settings`); the outcome is one sentence for the
//! agent, and the inbox reloads. The requests are `settings_saving`'s.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::directory::name_of;
use tandem_core::team::settings::TeamSettings;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::code_parts::Unreachable;
use crate::components::reply_settings_manager::RepliesSave;
use crate::components::tag_manager::TagSave;
use crate::inbox_refresh::InboxRefresh;
use crate::settings_saving::{saving, Change, SettingsChange};
use crate::team_context::TeamContext;
use crate::tr;
use crate::wording::Words;

/// The sentence that says a change was saved, in the language when it is said.
type Done = fn() -> String;

/// The callbacks of the sidebar's managers.
#[derive(Clone, Copy)]
pub struct TeamAdmin {
    /// (tag id, name, colour `#rrggbb`; `None` for what the agent left as it was).
    pub save_tag: Callback<TagSave>,
    pub delete_tag: Callback<String>,
    /// (login, display name).
    pub rename_agent: Callback<(String, String)>,
    /// The login.
    pub remove_agent: Callback<String>,
    /// (login, display name; empty for the directory's name or the login).
    pub add_agent: Callback<(String, String)>,
    /// How the team replies, and the agent's own signature.
    pub save_replies: Callback<RepliesSave>,
}

impl TeamAdmin {
    /// `busy` is set while a change is saved; `message` gets its outcome.
    pub fn new(account: Memo<String>, team: TeamContext, busy: RwSignal<bool>, message: RwSignal<Option<Words>>) -> Self {
        let saver = Saver { account, team, busy, message };
        let save_tag = Callback::new(move |(id, name, color): TagSave| {
            saver.edit(|| tr!(settings.tag_saved), Box::new(move |s| s.edit_tag(&id, name.as_deref(), color.as_deref())));
        });
        let delete = Callback::new(move |id: String| saver.delete_tag(id));
        let rename_agent = Callback::new(move |(login, name): (String, String)| {
            saver.edit(|| tr!(settings.name_saved), Box::new(move |s| s.rename_agent(&login, &name)));
        });
        let remove_agent = Callback::new(move |login: String| {
            saver.edit(
                || tr!(settings.agent_removed),
                Box::new(move |s| {
                    s.remove_agent(&login);
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
            saver.edit(|| tr!(settings.agent_added), Box::new(move |s| s.add_agent(&login, &name)));
        });
        let save_replies = Callback::new(move |RepliesSave { base, edit, saved }: RepliesSave| {
            let me = team.me.get_untracked();
            let change = Box::new(move |s: &mut TeamSettings| s.edit_replies(&me, &base, &edit));
            saver.run(Change::Edit(change), || tr!(settings.replies_saved), Some(saved));
        });
        TeamAdmin { save_tag, delete_tag: delete, rename_agent, remove_agent, add_agent, save_replies }
    }
}

/// Saves a change to the team settings and says how it went.
#[derive(Clone, Copy)]
struct Saver {
    account: Memo<String>,
    team: TeamContext,
    busy: RwSignal<bool>,
    message: RwSignal<Option<Words>>,
}

impl Saver {
    /// Runs `change` on the freshest settings and reports `done` (or the error).
    fn edit(self, done: Done, change: SettingsChange) {
        self.run(Change::Edit(change), done, None);
    }

    /// Deletes a tag from the settings and from every conversation.
    fn delete_tag(self, id: String) {
        self.run(Change::DeleteTag(id), || tr!(settings.tag_deleted), None);
    }

    /// Saves `change` while `busy`; the settings it returns are the team's from now on, `saved`
    /// is called, and the inbox reloads.
    fn run(self, change: Change, done: Done, saved: Option<Callback<()>>) {
        let Some(client) = Auth::get().client.get_untracked() else { return };
        let refresh = InboxRefresh::get();
        let Saver { account, team, busy, message } = self;
        let (account, me) = (account.get_untracked(), team.me.get_untracked());
        busy.set(true);
        // The outcome of an earlier change is not this one's.
        message.set(None);
        spawn_local(async move {
            let said = match saving(client, account, me, change).await {
                Ok(saving) => match saving.await {
                    Ok(settings) => {
                        team.saved(settings);
                        if let Some(saved) = saved {
                            saved.try_run(());
                        }
                        Words::new(done)
                    }
                    Err(e) => AppError::from(e).into(),
                },
                Err(Unreachable) => Words::new(|| tr!(errors.action_unreachable)),
            };
            // The page may be gone by now (sign-out): only what still exists is touched.
            message.try_set(Some(said));
            busy.try_set(false);
            refresh.bump();
        });
    }
}
