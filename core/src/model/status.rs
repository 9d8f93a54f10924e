//! Thread statuses: open, pending, snoozed, closed (docs/scheme.md, "Status"). The operations
//! that change a thread's status are in `team::status`.

use serde_json::{Map, Value};

use super::keywords::{CLOSED, PENDING, SNOOZED};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Pending,
    Snoozed,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Pending, Status::Snoozed, Status::Closed];

    pub fn keyword(self) -> Option<&'static str> {
        match self {
            Status::Open => None,
            Status::Pending => Some(PENDING),
            Status::Snoozed => Some(SNOOZED),
            Status::Closed => Some(CLOSED),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Pending => "Pending",
            Status::Snoozed => "Snoozed",
            Status::Closed => "Closed",
        }
    }

    /// The status of a thread whose emails have these keyword sets: S when every email has S's
    /// keyword, else open (a new inbound email, without the keyword, reopens the thread).
    pub fn of_thread<'a>(keyword_sets: impl IntoIterator<Item = &'a std::collections::BTreeMap<String, bool>> + Clone) -> Status {
        let mut sets = keyword_sets.into_iter().peekable();
        if sets.peek().is_none() {
            return Status::Open;
        }
        let all: Vec<_> = sets.collect();
        [Status::Closed, Status::Pending, Status::Snoozed]
            .into_iter()
            .find(|s| all.iter().all(|k| k.get(s.keyword().unwrap()).copied().unwrap_or(false)))
            .unwrap_or(Status::Open)
    }

    /// The keyword patch that gives an email this status (and no other).
    pub fn patch(self) -> Map<String, Value> {
        let mut patch = Map::new();
        for s in [Status::Pending, Status::Snoozed, Status::Closed] {
            let k = s.keyword().unwrap();
            patch.insert(format!("keywords/{k}"), if s == self { Value::Bool(true) } else { Value::Null });
        }
        patch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn kw(list: &[&str]) -> BTreeMap<String, bool> {
        list.iter().map(|k| (k.to_string(), true)).collect()
    }

    #[test]
    fn a_thread_has_a_status_only_when_all_its_emails_do() {
        let closed = [kw(&[CLOSED, "$seen"]), kw(&[CLOSED])];
        assert_eq!(Status::of_thread(closed.iter()), Status::Closed);
        let reopened = [kw(&[CLOSED]), kw(&[CLOSED]), kw(&[])];
        assert_eq!(Status::of_thread(reopened.iter()), Status::Open);
        let none: [BTreeMap<String, bool>; 0] = [];
        assert_eq!(Status::of_thread(none.iter()), Status::Open);
    }

    #[test]
    fn a_status_patch_clears_the_others() {
        let p = Status::Pending.patch();
        assert_eq!(p["keywords/$tandem_pending"], Value::Bool(true));
        assert_eq!(p["keywords/$tandem_closed"], Value::Null);
        assert!(Status::Open.patch().values().all(Value::is_null));
    }
}
