//! How the team replies, as an agent edits it in the app: the team's From, its signature, the
//! undo window, whether a reply assigns, and the agent's own signature (docs/scheme.md, "Team
//! settings"). One edit is applied to the freshest settings read (`update_settings`).

use super::settings::TeamSettings;
use crate::error::JmapError;
use crate::refusal::Refusal;
use crate::text::clean_text;

/// The undo windows a team may choose, in seconds (the scheme allows 5 to 30).
pub const UNDO_CHOICES: [u32; 4] = [5, 10, 20, 30];

/// What the reply settings form holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplySettingsEdit {
    pub name: String,
    pub address: String,
    pub signature: String,
    pub undo_seconds: u32,
    pub assign_on_reply: bool,
    /// The signed-in agent's own signature (empty: the team's).
    pub my_signature: String,
}

impl ReplySettingsEdit {
    /// The form filled from `settings`, for the agent `me`.
    pub fn of(settings: &TeamSettings, me: &str) -> Self {
        let r = &settings.replies;
        let mine = settings.agents.iter().find(|a| a.login.eq_ignore_ascii_case(me)).map(|a| a.signature.clone()).unwrap_or_default();
        ReplySettingsEdit {
            name: r.name.clone(),
            address: r.address.clone(),
            signature: r.signature.clone(),
            undo_seconds: r.undo_window(),
            assign_on_reply: r.assign_on_reply,
            my_signature: mine,
        }
    }
}

impl TeamSettings {
    /// Applies `edit` made by `me`; refuses an address that is not one, an undo window the scheme
    /// does not allow, and a personal signature from an agent not on the roster.
    pub fn edit_replies(&mut self, me: &str, edit: &ReplySettingsEdit) -> Result<(), JmapError> {
        if !UNDO_CHOICES.contains(&edit.undo_seconds) {
            return Err(JmapError::Invalid(Refusal::UndoWindowNotOffered { choices: UNDO_CHOICES }));
        }
        let mine = clean_text(edit.my_signature.trim_end());
        let agent = self.agents.iter_mut().find(|a| a.login.eq_ignore_ascii_case(me));
        match agent {
            Some(agent) => agent.signature = mine,
            None if !mine.is_empty() => return Err(JmapError::Invalid(Refusal::SignatureOffRoster)),
            None => {}
        }
        if !edit.address.trim().is_empty() || !self.replies.address.is_empty() {
            self.replies.set_from(&edit.name, &edit.address)?;
        }
        self.replies.signature = clean_text(edit.signature.trim_end());
        self.replies.undo_seconds = edit.undo_seconds;
        self.replies.assign_on_reply = edit.assign_on_reply;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_is_applied_checked_and_cleaned() {
        let mut s = TeamSettings::default();
        s.add_agent("alice", "Alice").unwrap();
        let mut edit = ReplySettingsEdit::of(&s, "alice");
        assert_eq!((edit.undo_seconds, edit.assign_on_reply), (10, true));
        edit.name = "فريق الدعم".into();
        edit.address = "support@acme.example".into();
        edit.signature = "-- \n{{team.name}}\0\n".into();
        edit.my_signature = "Alice, support\r\n".into();
        edit.undo_seconds = 20;
        edit.assign_on_reply = false;
        s.edit_replies("ALICE", &edit).unwrap();
        assert_eq!(s.replies.from().unwrap().name, "فريق الدعم");
        assert_eq!((s.replies.signature.as_str(), s.signature_for("alice")), ("-- \n{{team.name}}", "Alice, support"));
        assert_eq!((s.replies.undo_window(), s.replies.assign_on_reply), (20, false));
        assert_eq!(
            ReplySettingsEdit::of(&s, "alice"),
            ReplySettingsEdit { signature: "-- \n{{team.name}}".into(), my_signature: "Alice, support".into(), ..edit.clone() }
        );

        assert!(s.edit_replies("alice", &ReplySettingsEdit { undo_seconds: 7, ..edit.clone() }).is_err());
        assert!(s.edit_replies("alice", &ReplySettingsEdit { address: "not an address".into(), ..edit.clone() }).is_err());
        assert!(s.edit_replies("zoe", &ReplySettingsEdit { my_signature: "Zoe".into(), ..edit.clone() }).is_err());
    }
}
