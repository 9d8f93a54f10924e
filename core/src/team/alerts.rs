//! What an agent is told of as it happens (desktop notifications, with their permission): a
//! conversation newly assigned to them, and a note that newly mentions them; never what they did
//! themselves. Worked out from the two lists a local copy keeps for the agent (their open
//! conversations and their mentions, `View::Mine` and `View::Mentions`), compared with the last
//! reading; the first reading only sets where to start.

use std::collections::BTreeSet;

use crate::thread_list::ThreadSummary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    AssignedToYou,
    MentionedYou,
}

/// One thing to tell the agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub kind: AlertKind,
    pub thread_id: String,
    /// The note's id for a mention (to open the conversation at it).
    pub email_id: String,
    pub subject: String,
    /// Who wrote the note, or the customer of the conversation assigned.
    pub from: String,
}

impl Alert {
    /// The notification's title.
    pub fn title(&self) -> String {
        match self.kind {
            AlertKind::AssignedToYou => "Assigned to you".into(),
            AlertKind::MentionedYou => format!("{} mentioned you", self.from),
        }
    }
}

/// The last reading of the agent's two lists.
#[derive(Debug, Clone, Default)]
pub struct AlertWatch {
    /// Thread ids assigned to the agent, and note ids mentioning them; `None` before the first reading.
    seen: Option<(BTreeSet<String>, BTreeSet<String>)>,
}

impl AlertWatch {
    /// Compares a new reading with the last: `mine` (the agent's open conversations), `mentions`
    /// (rows of notes mentioning them), `own` (threads the agent assigned to themselves lately),
    /// `my_name` (the name their notes are from). Returns what to tell, newest first.
    pub fn update(&mut self, mine: &[ThreadSummary], mentions: &[ThreadSummary], own: &[String], my_name: &str) -> Vec<Alert> {
        let assigned: BTreeSet<String> = mine.iter().map(|t| t.thread_id.clone()).collect();
        let mentioned: BTreeSet<String> = mentions.iter().map(|t| t.email_id.clone()).collect();
        let Some((was_assigned, was_mentioned)) = self.seen.replace((assigned, mentioned)) else { return Vec::new() };
        let alert = |kind, t: &ThreadSummary| Alert {
            kind,
            thread_id: t.thread_id.clone(),
            email_id: t.email_id.clone(),
            subject: t.subject.clone(),
            from: t.from.clone(),
        };
        let newly_assigned = mine
            .iter()
            .filter(|t| !was_assigned.contains(&t.thread_id) && !own.contains(&t.thread_id))
            .map(|t| alert(AlertKind::AssignedToYou, t));
        let newly_mentioned = mentions
            .iter()
            .filter(|t| !was_mentioned.contains(&t.email_id) && !t.from.trim().eq_ignore_ascii_case(my_name.trim()))
            .map(|t| alert(AlertKind::MentionedYou, t));
        newly_mentioned.chain(newly_assigned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thread_list::test_row;

    fn row(id: &str, email: &str, from: &str) -> ThreadSummary {
        ThreadSummary { email_id: email.into(), from: from.into(), subject: format!("About {id}"), ..test_row(id) }
    }

    #[test]
    fn the_first_reading_tells_nothing_then_only_what_is_new_and_not_ones_own() {
        let mut watch = AlertWatch::default();
        assert!(watch.update(&[row("a", "e1", "Mei")], &[row("b", "n1", "Bob")], &[], "Alice").is_empty());
        let mine = [row("a", "e1", "Mei"), row("c", "e3", "Lina"), row("d", "e4", "Omar")];
        let mentions = [row("b", "n2", "Bob"), row("b", "n1", "Bob"), row("e", "n3", "Alice")];
        let alerts = watch.update(&mine, &mentions, &["d".to_string()], "alice");
        let told: Vec<(AlertKind, &str)> = alerts.iter().map(|a| (a.kind, a.email_id.as_str())).collect();
        // A new note in a thread already mentioned is told; the agent's own note and their own
        // assignment are not.
        assert_eq!(told, [(AlertKind::MentionedYou, "n2"), (AlertKind::AssignedToYou, "e3")]);
        assert_eq!(alerts[0].title(), "Bob mentioned you");
        assert_eq!(alerts[1].title(), "Assigned to you");
        assert!(watch.update(&mine, &mentions, &[], "alice").is_empty(), "told once");
        // Unassigned, then assigned again: told again.
        assert!(watch.update(&mine[..1], &mentions, &[], "alice").is_empty());
        assert_eq!(watch.update(&mine, &mentions, &[], "alice").len(), 2);
    }
}
