//! The team's saved replies for the composer: read from the server when the agent first opens
//! the picker (a team with none gets the defaults), saved and deleted from it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::team::saved_replies::{add_defaults_if_none, delete, list, save, SavedReply};

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::tr;
use crate::wording::Words;

#[derive(Clone, Copy)]
pub struct SavedReplies {
    pub replies: RwSignal<Vec<SavedReply>>,
    pub loading: RwSignal<bool>,
    /// Why the last read or change did not go.
    pub error: RwSignal<Option<Words>>,
    /// The saved reply open in the editor.
    pub editing: RwSignal<Option<SavedReply>>,
    loaded: RwSignal<bool>,
    account: Memo<String>,
    /// Captured once: reloads run after an await, where the context is out of reach.
    auth: Auth,
}

impl SavedReplies {
    pub fn new(account: Memo<String>) -> Self {
        SavedReplies {
            replies: RwSignal::new(Vec::new()),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            editing: RwSignal::new(None),
            loaded: RwSignal::new(false),
            account,
            auth: Auth::get(),
        }
    }

    /// Reads them once (again after a change). Also called after an await (a reload once a
    /// change is saved), when the page may be gone: accessors that do not panic.
    pub fn load(&self) {
        if self.loaded.try_get_untracked() != Some(false) || self.loading.try_get_untracked() != Some(false) {
            return;
        }
        let Some(client) = self.auth.client.try_get_untracked().flatten() else { return };
        let Some(account) = self.account.try_get_untracked() else { return };
        let this = *self;
        this.loading.try_set(true);
        spawn_local(async move {
            let read = async {
                add_defaults_if_none(&client, &account).await?;
                list(&client, &account).await
            };
            match read.await {
                Ok(replies) => {
                    this.replies.try_set(replies);
                    this.loaded.try_set(true);
                    this.error.try_set(None);
                }
                Err(e) => {
                    let e = AppError::from(e);
                    this.error.try_set(Some(Words::new(move || tr!(composer.saved.not_read, error = &e))));
                }
            }
            this.loading.try_set(false);
        });
    }

    /// Saves `body` as the saved reply `name` (replacing one of the same name).
    pub fn save_as(&self, name: String, body: String) {
        let Some(client) = self.auth.client() else { return };
        let (this, account) = (*self, self.account.get_untracked());
        let replacing = self.replies.with_untracked(|r| {
            r.iter().find(|r| r.name.trim().eq_ignore_ascii_case(name.trim())).map(|r| (r.id.clone(), r.folder.clone()))
        });
        spawn_local(async move {
            let (old, folder) = replacing.map_or((None, String::new()), |(id, folder)| (Some(id), folder));
            match save(&client, &account, old.as_deref(), &name, &folder, &body).await {
                Ok(_) => this.reload(),
                Err(e) => {
                    this.error.try_set(Some(AppError::from(e).into()));
                }
            }
        });
    }

    /// Saves `reply` as the agent wrote or changed it in the editor (a new one when its id is
    /// empty), and closes the editor; a refusal stays in it with its sentence.
    pub fn edit(&self, reply: SavedReply) {
        let Some(client) = self.auth.client() else { return };
        let (this, account) = (*self, self.account.get_untracked());
        this.loading.set(true);
        spawn_local(async move {
            let old = Some(reply.id.as_str()).filter(|id| !id.is_empty());
            let saved = save(&client, &account, old, &reply.name, &reply.folder, &reply.body).await;
            this.loading.try_set(false);
            match saved {
                Ok(id) => {
                    // Listed as saved at once (the reload that follows only confirms it): a pick
                    // right after the save inserts the new text.
                    let old_id = reply.id.clone();
                    let saved = SavedReply { id, ..reply };
                    this.replies.try_update(|list| {
                        list.retain(|r| r.id != old_id);
                        list.push(saved);
                    });
                    this.editing.try_set(None);
                    this.error.try_set(None);
                    this.reload();
                }
                Err(e) => {
                    this.error.try_set(Some(AppError::from(e).into()));
                }
            }
        });
    }

    pub fn delete(&self, id: String) {
        let Some(client) = self.auth.client() else { return };
        let (this, account) = (*self, self.account.get_untracked());
        spawn_local(async move {
            match delete(&client, &account, &id).await {
                Ok(()) => this.reload(),
                Err(e) => {
                    this.error.try_set(Some(AppError::from(e).into()));
                }
            }
        });
    }

    fn reload(&self) {
        self.loaded.try_set(false);
        self.load();
    }
}
