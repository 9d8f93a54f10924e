//! Saving a change to the team settings on the server: a read-modify-write of the freshest
//! version (`core::team::settings::update_settings`), or a tag's deletion from the settings and
//! from every conversation (`core::team::tags::delete_tag`). The requests' code is a part fetched
//! at the first change (`code_parts`): few agents' days have one. The sidebar's managers
//! (`pages::team_admin`) and an agent's joining of the roster (`team_context`) go through it.

use std::sync::Arc;

use tandem_core::team::settings::{update_settings, TeamSettings};
use tandem_core::team::tags::delete_tag;
use tandem_core::JmapError;

use crate::code_parts::{part_fn, Later, Unreachable};
use crate::web_transport::Client;

/// A change to the settings, applied on the freshest version read.
pub type SettingsChange = Box<dyn Fn(&mut TeamSettings) -> Result<(), JmapError>>;

/// What a change does to the settings.
pub enum Change {
    /// Applied to the freshest settings read.
    Edit(SettingsChange),
    /// A tag (by id) taken off the settings and off every conversation.
    DeleteTag(String),
}

part_fn! {
    team_settings,
    /// Saves `change` for the agent `me` in the team `account`; comes to the settings as saved.
    pub fn saving(client: Arc<Client>, account: String, me: String, change: Change) -> Result<Later<Result<TeamSettings, JmapError>>, Unreachable> {
        Ok(Box::pin(async move {
            match change {
                Change::Edit(change) => update_settings(&client, &account, &me, |s| change(s)).await,
                Change::DeleteTag(id) => delete_tag(&client, &account, &me, &id).await,
            }
        }))
    }
}
