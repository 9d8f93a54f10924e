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
    /// Applies what `me` changed in the form: the fields where `edit` differs from `base`, the
    /// form as it was filled when opened. What the agent left alone stays as the settings have it
    /// now, so a teammate's change saved meanwhile (or settings read after the form was filled)
    /// is not overwritten by the form's older copy. Refuses an address that is not one, an undo
    /// window the scheme does not allow, and a personal signature from an agent not on the roster.
    pub fn edit_replies(&mut self, me: &str, base: &ReplySettingsEdit, edit: &ReplySettingsEdit) -> Result<(), JmapError> {
        if edit.undo_seconds != base.undo_seconds {
            if !UNDO_CHOICES.contains(&edit.undo_seconds) {
                return Err(JmapError::Invalid(Refusal::UndoWindowNotOffered { choices: UNDO_CHOICES }));
            }
            self.replies.undo_seconds = edit.undo_seconds;
        }
        if edit.my_signature != base.my_signature {
            let mine = clean_text(edit.my_signature.trim_end());
            match self.agents.iter_mut().find(|a| a.login.eq_ignore_ascii_case(me)) {
                Some(agent) => agent.signature = mine,
                None if !mine.is_empty() => return Err(JmapError::Invalid(Refusal::SignatureOffRoster)),
                None => {}
            }
        }
        // The name goes with its address: changing either sets both as the form has them (a
        // blank address stays unset where none was set).
        let from_changed = edit.name != base.name || edit.address != base.address;
        if from_changed && (!edit.address.trim().is_empty() || !self.replies.address.is_empty()) {
            self.replies.set_from(&edit.name, &edit.address)?;
        }
        if edit.signature != base.signature {
            self.replies.signature = clean_text(edit.signature.trim_end());
        }
        if edit.assign_on_reply != base.assign_on_reply {
            self.replies.assign_on_reply = edit.assign_on_reply;
        }
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
        let base = ReplySettingsEdit::of(&s, "alice");
        assert_eq!((base.undo_seconds, base.assign_on_reply), (10, true));
        let mut edit = base.clone();
        edit.name = "فريق الدعم".into();
        edit.address = "support@acme.example".into();
        edit.signature = "-- \n{{team.name}}\0\n".into();
        edit.my_signature = "Alice, support\r\n".into();
        edit.undo_seconds = 20;
        edit.assign_on_reply = false;
        s.edit_replies("ALICE", &base, &edit).unwrap();
        assert_eq!(s.replies.from().unwrap().name, "فريق الدعم");
        assert_eq!((s.replies.signature.as_str(), s.signature_for("alice")), ("-- \n{{team.name}}", "Alice, support"));
        assert_eq!((s.replies.undo_window(), s.replies.assign_on_reply), (20, false));
        assert_eq!(
            ReplySettingsEdit::of(&s, "alice"),
            ReplySettingsEdit { signature: "-- \n{{team.name}}".into(), my_signature: "Alice, support".into(), ..edit.clone() }
        );

        assert!(s.edit_replies("alice", &base, &ReplySettingsEdit { undo_seconds: 7, ..edit.clone() }).is_err());
        assert!(s.edit_replies("alice", &base, &ReplySettingsEdit { address: "not an address".into(), ..edit.clone() }).is_err());
        assert!(s.edit_replies("zoe", &base, &ReplySettingsEdit { my_signature: "Zoe".into(), ..edit.clone() }).is_err());
    }

    #[test]
    fn only_what_the_agent_changed_is_saved_over_the_freshest_settings() {
        let mut s = TeamSettings::default();
        s.add_agent("alice", "Alice").unwrap();
        s.add_agent("bob", "Bob").unwrap();
        // A form filled before the settings were read shows the defaults: saved untouched, it
        // changes nothing.
        let early = ReplySettingsEdit::of(&TeamSettings::default(), "alice");
        s.replies.set_from("Support", "support@acme.example").unwrap();
        s.replies.signature = "-- \nAcme support".into();
        s.replies.undo_seconds = 30;
        let before = s.clone();
        s.edit_replies("alice", &early, &early).unwrap();
        assert_eq!(s, before);

        // Alice opens the form; bob then changes the team's signature; alice saves the undo
        // window only: bob's signature stays, and hers is the one field she changed.
        let base = ReplySettingsEdit::of(&s, "alice");
        s.replies.signature = "-- \nبوب".into();
        let edit = ReplySettingsEdit { undo_seconds: 5, ..base.clone() };
        s.edit_replies("alice", &base, &edit).unwrap();
        assert_eq!((s.replies.signature.as_str(), s.replies.undo_window()), ("-- \nبوب", 5));
        assert_eq!(s.replies.from().unwrap().email, "support@acme.example");

        // Another client's out-of-range undo window (shown as 30 s) is left as it is when the
        // agent changes something else.
        s.replies.undo_seconds = 3600;
        let base = ReplySettingsEdit::of(&s, "alice");
        s.edit_replies("alice", &base, &ReplySettingsEdit { assign_on_reply: !base.assign_on_reply, ..base.clone() }).unwrap();
        assert_eq!((s.replies.assign_on_reply, s.replies.undo_seconds), (!base.assign_on_reply, 3600));
    }
}
