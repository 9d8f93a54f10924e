//! A tag created from a conversation: added to the team settings (a read-modify-write, its colour
//! the next of a fixed palette), then put on the thread.

use std::cell::RefCell;

use super::settings::{update_settings, TeamSettings};
use super::tags::tag_thread;
use super::thread_record::Author;
use crate::error::JmapError;
use crate::jmap::JmapClient;
use crate::transport::Transport;

/// Colours given to new tags in turn.
pub const TAG_COLORS: [&str; 8] = ["#1971c2", "#e03131", "#2f9e44", "#f08c00", "#9c36b5", "#0c8599", "#c2255c", "#5c940d"];

/// The colour a new tag gets in `settings`.
pub fn next_color(settings: &TeamSettings) -> &'static str {
    TAG_COLORS[settings.tags.len() % TAG_COLORS.len()]
}

/// Creates a tag named `name` in the team settings of `account_id` (its id made from `actor`'s
/// time and login) and puts it on `thread_id`. Returns the settings saved, for the screen to show
/// at once. A tag of that name created meanwhile by a teammate is the one put on.
pub async fn create_tag_on_thread<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    thread_id: &str,
    actor: &Author,
    name: &str,
) -> Result<TeamSettings, JmapError> {
    let created = RefCell::new(None);
    let settings = update_settings(client, account_id, &actor.login, |s| {
        let color = next_color(s);
        *created.borrow_mut() = Some(s.create_tag(name, color, actor.at_ms, &actor.login)?);
        Ok(())
    })
    .await?;
    let name = name.trim();
    let id = created.into_inner().or_else(|| settings.tags.iter().find(|t| t.name == name).map(|t| t.id.clone()));
    let Some(id) = id else { return Err(JmapError::Protocol("the tag was not created".into())) };
    tag_thread(client, account_id, thread_id, actor, &id, name, true).await?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_tags_take_the_palette_in_turn() {
        let mut s = TeamSettings::default();
        assert_eq!(next_color(&s), TAG_COLORS[0]);
        for i in 0..TAG_COLORS.len() {
            s.create_tag(&format!("t{i}"), next_color(&s), i as u64, "alice").unwrap();
        }
        assert_eq!(s.tags.iter().map(|t| t.color.as_str()).collect::<Vec<_>>(), TAG_COLORS);
        assert_eq!(next_color(&s), TAG_COLORS[0]);
    }
}
