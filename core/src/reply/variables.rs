//! Variables in saved replies and signatures: `{{customer.first_name | there}}` becomes the
//! customer's first name, or "there" when it is unknown. A variable Tandem does not know is left
//! as written and reported, so the agent sees it before sending. Templates are written by
//! teammates: the parser takes any text and never fails.

use std::collections::BTreeMap;

use crate::text::placeholders::{pieces, Piece};

/// The variables Tandem fills in.
pub const KNOWN: &[&str] =
    &["customer.name", "customer.first_name", "customer.email", "agent.name", "agent.first_name", "team.name", "conversation.subject"];

/// Values for the variables, by name (an empty value counts as unknown: the fallback is used).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(BTreeMap<String, String>);

impl Values {
    pub fn new() -> Self {
        Values::default()
    }

    pub fn set(mut self, name: &str, value: &str) -> Self {
        self.0.insert(name.to_string(), value.trim().to_string());
        self
    }

    /// The customer's, agent's and team's names and the conversation's subject; first names are
    /// the first word of a name (in any script).
    pub fn for_reply(customer_name: &str, customer_email: &str, agent_name: &str, team_name: &str, subject: &str) -> Self {
        let first = |name: &str| name.split_whitespace().next().unwrap_or("").to_string();
        Values::new()
            .set("customer.name", customer_name)
            .set("customer.first_name", &first(customer_name))
            .set("customer.email", customer_email)
            .set("agent.name", agent_name)
            .set("agent.first_name", &first(agent_name))
            .set("team.name", team_name)
            .set("conversation.subject", subject)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// A template filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub text: String,
    /// Variables Tandem does not know (left as written in `text`).
    pub unknown: Vec<String>,
    /// Known variables without a value and without a fallback (left empty in `text`).
    pub missing: Vec<String>,
}

/// Fills in every `{{name}}` or `{{name | fallback}}` of `template`.
pub fn fill(template: &str, values: &Values) -> Filled {
    let mut filled = Filled { text: String::with_capacity(template.len()), unknown: Vec::new(), missing: Vec::new() };
    for piece in pieces(template) {
        let (inside, written) = match piece {
            Piece::Text(text) => {
                filled.text.push_str(text);
                continue;
            }
            Piece::Placeholder { inside, written } => (inside, written),
        };
        let (name, fallback) = match inside.split_once('|') {
            Some((n, f)) => (n.trim(), Some(f.trim())),
            None => (inside.trim(), None),
        };
        if !KNOWN.contains(&name) {
            filled.text.push_str(written);
            if !filled.unknown.iter().any(|u| u == name) {
                filled.unknown.push(name.to_string());
            }
        } else {
            match (values.get(name), fallback) {
                (Some(v), _) => filled.text.push_str(v),
                (None, Some(f)) => filled.text.push_str(f),
                (None, None) => filled.missing.push(name.to_string()),
            }
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values::for_reply("Ahmed Saleh", "ahmed@example.com", "Alice Martin", "Acme Support", "Refund")
    }

    #[test]
    fn variables_fill_in_with_fallbacks() {
        let f =
            fill("Hi {{customer.first_name | there}}, {{ agent.name }} from {{team.name}} about “{{conversation.subject}}”.", &values());
        assert_eq!(f.text, "Hi Ahmed, Alice Martin from Acme Support about “Refund”.");
        assert!(f.unknown.is_empty() && f.missing.is_empty());
        let nobody = Values::for_reply("", "x@y", "Alice", "", "");
        assert_eq!(fill("Hi {{customer.first_name | there}},", &nobody).text, "Hi there,");
        assert_eq!(fill("مرحبا {{customer.first_name|عميلنا العزيز}}", &nobody).text, "مرحبا عميلنا العزيز");
    }

    #[test]
    fn unknown_and_missing_variables_are_reported() {
        let f = fill("{{customer.phone}} {{customer.phone}} {{team.name}} {{ }} {{unclosed", &Values::new());
        assert_eq!(f.unknown, vec!["customer.phone".to_string(), String::new()]);
        assert_eq!(f.missing, vec!["team.name".to_string()]);
        assert_eq!(f.text, "{{customer.phone}} {{customer.phone}}  {{ }} {{unclosed");
    }
}
