//! Why a search query cannot be read or bound to the team: shown to the agent in one sentence
//! instead of an empty list without a reason.

/// What is wrong with a query, as the agent can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryHint {
    /// An operator with nothing after its colon (`tag:`).
    EmptyValue { operator: &'static str },
    /// An operator's value it does not know (`is:maybe`); `expected` lists the ones it does.
    UnknownValue { operator: &'static str, value: String, expected: &'static str },
    /// A date operator's value that is not a date (`before:2026-13-45`).
    BadDate { operator: &'static str, value: String },
    /// Over `MAX_CHARS` characters or `MAX_TERMS` terms (the parser's limits).
    TooLong,
    /// `tag:` names no tag of the team (lower-cased, as typed).
    UnknownTag(String),
    /// `assignee:` names no agent and is no login (it has spaces).
    UnknownAgent(String),
}

impl QueryHint {
    /// One English sentence saying what to change, e.g. "“is:” takes open, pending, snoozed,
    /// closed or unread."
    pub fn sentence(&self) -> String {
        match self {
            QueryHint::EmptyValue { operator } => format!("“{operator}:” needs {} after it.", what_follows(operator)),
            QueryHint::UnknownValue { operator, expected, .. } => format!("“{operator}:” takes {expected}."),
            QueryHint::BadDate { operator, .. } => format!("“{operator}:” needs a date like 2026-12-31."),
            // The numbers are MAX_TERMS and MAX_CHARS (the test says so), written as an agent reads them.
            QueryHint::TooLong => "The search is too long: use at most 40 words and 1,000 characters.".into(),
            QueryHint::UnknownTag(name) => format!("No tag is named “{name}”."),
            QueryHint::UnknownAgent(name) => format!("No agent is named “{name}”."),
        }
    }
}

/// What an operator's value is, for "needs … after it".
fn what_follows(operator: &str) -> &'static str {
    match operator {
        "from" | "to" => "a name or an address",
        "subject" => "a word or a \"quoted phrase\"",
        "tag" => "a tag's name",
        "assignee" => "me, none or an agent",
        "is" => "open, pending, snoozed, closed or unread",
        "has" => "attachment or note",
        "before" | "after" => "a date like 2026-12-31",
        _ => "a value",
    }
}

impl std::fmt::Display for QueryHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sentence())
    }
}

impl std::error::Error for QueryHint {}
