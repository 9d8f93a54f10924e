//! A customer's history with the team: who the customer of a conversation is, and their other
//! conversations, found as a search of their address (the local copy at once, the server after).

use super::resolve::{ResolvedKind, ResolvedQuery, ResolvedTerm};
use crate::conversation::Conversation;
use crate::thread_list::ThreadSummary;

/// The customer of a conversation: the sender of its first message from outside the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// Their name, else their address.
    pub name: String,
    pub address: String,
}

/// The customer of `conversation`, for a team whose own address is `team_address` (its replies
/// are not from the customer); `None` when only the team wrote (a new outbound conversation
/// before its answer has the customer in `To`, which is not looked at).
pub fn customer_of(conversation: &Conversation, team_address: &str) -> Option<Customer> {
    let team = team_address.trim();
    let first = conversation.messages.iter().find(|m| {
        let address = m.from_email.trim();
        m.note_author.is_none() && !m.activity && !address.is_empty() && !address.eq_ignore_ascii_case(team)
    })?;
    let address = first.from_email.trim().to_string();
    let name = match first.from_name.trim() {
        "" => address.clone(),
        name => name.to_string(),
    };
    Some(Customer { name, address })
}

/// The search that finds `address`'s conversations (`from:` the address).
pub fn customer_query(address: &str) -> ResolvedQuery {
    ResolvedQuery { terms: vec![ResolvedTerm { negated: false, kind: ResolvedKind::From(address.trim().to_lowercase()) }] }
}

/// Of `rows` (a search of `address`, which matches it as a substring), the conversations whose
/// sender is exactly `address`, except the open one.
pub fn customers_only(rows: Vec<ThreadSummary>, address: &str, open: Option<&str>) -> Vec<ThreadSummary> {
    let address = address.trim();
    rows.into_iter().filter(|t| t.from_email.trim().eq_ignore_ascii_case(address) && Some(t.thread_id.as_str()) != open).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::Message;
    use crate::model::status::Status;
    use crate::search::{Scope, SearchText};
    use crate::thread_list::test_row;

    fn conversation(senders: &[(&str, &str, bool)]) -> Conversation {
        let messages = senders
            .iter()
            .enumerate()
            .map(|(i, (name, address, note))| Message {
                id: format!("m{i}"),
                from_name: name.to_string(),
                from_email: address.to_string(),
                note_author: note.then(|| "alice".to_string()),
                ..Message::default()
            })
            .collect();
        Conversation {
            thread_id: "T".into(),
            subject: String::new(),
            messages,
            status: Status::Open,
            assignee: None,
            tags: vec![],
            email_state: String::new(),
            snoozed_until: None,
            drafts: vec![],
        }
    }

    #[test]
    fn the_customer_is_the_first_sender_outside_the_team() {
        let c = conversation(&[
            ("Alice", "alice@team.example", true),
            ("Support", "Support@Team.example", false),
            ("", "mei@customer.example", false),
        ]);
        assert_eq!(
            customer_of(&c, "support@team.example"),
            Some(Customer { name: "mei@customer.example".into(), address: "mei@customer.example".into() })
        );
        assert_eq!(customer_of(&conversation(&[("Support", "support@team.example", false)]), "support@team.example"), None);
    }

    #[test]
    fn their_conversations_are_found_by_address_not_by_a_namesake() {
        let query = customer_query(" Mei@Customer.example ");
        let theirs = ThreadSummary { from: "Mei Chen".into(), from_email: "mei@customer.example".into(), ..test_row("a") };
        let namesake = ThreadSummary { from: "Mei Chen".into(), from_email: "mei@elsewhere.example".into(), ..test_row("b") };
        assert!(query.matches(&theirs, &SearchText::of(&theirs), Scope::Copy));
        assert!(!query.matches(&namesake, &SearchText::of(&namesake), Scope::Copy));
        // An address that merely contains theirs is someone else's, and the open one is left out.
        let longer = ThreadSummary { from_email: "other-mei@customer.example".into(), ..test_row("c") };
        assert!(query.matches(&longer, &SearchText::of(&longer), Scope::Copy));
        let open = ThreadSummary { from_email: "MEI@customer.example".into(), ..test_row("d") };
        let kept = customers_only(vec![theirs, longer, open], "mei@customer.example", Some("d"));
        assert_eq!(kept.iter().map(|t| t.thread_id.as_str()).collect::<Vec<_>>(), ["a"]);
    }
}
