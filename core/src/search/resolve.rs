//! A parsed query bound to the team: tag names become tag ids, `assignee:` names and `me` become
//! logins, using the team settings and the signed-in agent.

use super::day::Day;
use super::hint::QueryHint;
use super::query::{AssigneeIs, HasWhat, IsWhat, SearchQuery, TermKind};
use crate::team::settings::TeamSettings;

/// A query bound to the team: what [`SearchIndex::search`](super::SearchIndex::search),
/// [`ResolvedQuery::matches`] and [`ResolvedQuery::server_filter`] take. Every term must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedQuery {
    pub terms: Vec<ResolvedTerm>,
}

/// One bound term, and whether it is negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTerm {
    pub negated: bool,
    pub kind: ResolvedKind,
}

/// What a bound term asks. Text values are lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolvedKind {
    Text(String),
    From(String),
    To(String),
    Subject(String),
    /// Has any of these tag ids (never empty).
    Tags(Vec<String>),
    /// Assigned to this login (lower-cased), or to nobody (`None`).
    Assignee(Option<String>),
    Is(IsWhat),
    Has(HasWhat),
    Before(Day),
    After(Day),
}

impl ResolvedQuery {
    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether the local copy can answer: not when a `to:` term is present (negated or not),
    /// since the copy does not keep recipients. Only the server can answer then.
    pub fn copy_can_answer(&self) -> bool {
        !self.terms.iter().any(|t| matches!(t.kind, ResolvedKind::To(_)))
    }
}

/// Binds `query` to the team. `tag:x` means the tags named x (any case), or else every tag whose
/// name starts with x; none is [`QueryHint::UnknownTag`]. `assignee:` takes `me` (the login `me`),
/// `none`, an agent's login or name, or else any word without spaces as a login (the roster may
/// not list every agent); a name with spaces that no agent has is [`QueryHint::UnknownAgent`].
pub fn resolve(query: &SearchQuery, settings: &TeamSettings, me: &str) -> Result<ResolvedQuery, QueryHint> {
    let terms = query
        .terms
        .iter()
        .map(|term| {
            let kind = match &term.kind {
                TermKind::Text(v) => ResolvedKind::Text(v.clone()),
                TermKind::From(v) => ResolvedKind::From(v.clone()),
                TermKind::To(v) => ResolvedKind::To(v.clone()),
                TermKind::Subject(v) => ResolvedKind::Subject(v.clone()),
                TermKind::Tag(name) => ResolvedKind::Tags(tag_ids(settings, name)?),
                TermKind::Assignee(who) => ResolvedKind::Assignee(login(settings, who, me)?),
                TermKind::Is(what) => ResolvedKind::Is(*what),
                TermKind::Has(what) => ResolvedKind::Has(*what),
                TermKind::Before(day) => ResolvedKind::Before(*day),
                TermKind::After(day) => ResolvedKind::After(*day),
            };
            Ok(ResolvedTerm { negated: term.negated, kind })
        })
        .collect::<Result<_, QueryHint>>()?;
    Ok(ResolvedQuery { terms })
}

/// The ids of the tags `name` (lower-cased) names: those so named, else those whose name starts so.
fn tag_ids(settings: &TeamSettings, name: &str) -> Result<Vec<String>, QueryHint> {
    let names: Vec<(String, &str)> = settings.tags.iter().map(|t| (t.name.trim().to_lowercase(), t.id.as_str())).collect();
    let pick = |keep: &dyn Fn(&str) -> bool| -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for (_, id) in names.iter().filter(|(n, _)| keep(n)) {
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
        ids
    };
    let equal = pick(&|n| n == name);
    let ids = if equal.is_empty() { pick(&|n| n.starts_with(name)) } else { equal };
    if ids.is_empty() {
        return Err(QueryHint::UnknownTag(name.to_string()));
    }
    Ok(ids)
}

/// The login `who` names (lower-cased), or `None` for nobody.
fn login(settings: &TeamSettings, who: &AssigneeIs, me: &str) -> Result<Option<String>, QueryHint> {
    let value = match who {
        AssigneeIs::Me => return Ok(Some(me.to_lowercase())),
        AssigneeIs::Nobody => return Ok(None),
        AssigneeIs::Login(value) => value,
    };
    let agent = settings.agents.iter().find(|a| a.login.to_lowercase() == *value || a.name.trim().to_lowercase() == *value);
    match agent {
        Some(agent) => Ok(Some(agent.login.to_lowercase())),
        None if !value.contains(char::is_whitespace) => Ok(Some(value.clone())),
        None => Err(QueryHint::UnknownAgent(value.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse;
    use crate::team::settings::{Agent, Tag};

    pub(crate) fn team() -> TeamSettings {
        let tag = |id: &str, name: &str| Tag { id: id.into(), name: name.into(), color: "#1971c2".into() };
        let agent = |login: &str, name: &str| Agent { login: login.into(), name: name.into(), signature: String::new() };
        TeamSettings {
            tags: vec![tag("t1", "Billing"), tag("t2", "عاجل"), tag("t3", "退款"), tag("t4", "Bill run"), tag("t5", "VIP client")],
            agents: vec![agent("alice", "Alice Martin"), agent("Bob", "Bob")],
            ..TeamSettings::default()
        }
    }

    fn kinds(input: &str) -> Result<Vec<ResolvedKind>, QueryHint> {
        let q = resolve(&parse(input)?, &team(), "Carol")?;
        Ok(q.terms.into_iter().map(|t| t.kind).collect())
    }

    fn tags(ids: &[&str]) -> ResolvedKind {
        ResolvedKind::Tags(ids.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn tags_are_found_by_name_in_any_language_and_case() {
        assert_eq!(kinds("tag:BILLING"), Ok(vec![tags(&["t1"])]), "an equal name wins over a prefix");
        assert_eq!(kinds("tag:bil"), Ok(vec![tags(&["t1", "t4"])]), "else every tag the value starts");
        assert_eq!(kinds("tag:عاجل -tag:退款"), Ok(vec![tags(&["t2"]), tags(&["t3"])]));
        assert_eq!(kinds("tag:\"vip CLIENT\""), Ok(vec![tags(&["t5"])]));
        assert_eq!(kinds("tag:shipping"), Err(QueryHint::UnknownTag("shipping".into())));
        assert_eq!(kinds("tag:退"), Ok(vec![tags(&["t3"])]));
    }

    #[test]
    fn assignees_become_logins() {
        let who = |l: Option<&str>| ResolvedKind::Assignee(l.map(str::to_string));
        assert_eq!(kinds("assignee:me assignee:none"), Ok(vec![who(Some("carol")), who(None)]));
        assert_eq!(kinds("assignee:\"alice martin\" assignee:BOB"), Ok(vec![who(Some("alice")), who(Some("bob"))]));
        assert_eq!(kinds("assignee:dave"), Ok(vec![who(Some("dave"))]), "a login the roster lacks is kept");
        assert_eq!(kinds("assignee:\"dave jones\""), Err(QueryHint::UnknownAgent("dave jones".into())));
    }

    #[test]
    fn only_the_server_can_answer_recipients() {
        let q = |s: &str| resolve(&parse(s).unwrap(), &team(), "carol").unwrap();
        assert!(q("refund is:open").copy_can_answer());
        assert!(!q("to:bob").copy_can_answer());
        assert!(!q("x -to:bob").copy_can_answer());
        assert!(q("").is_empty() && !q("x").is_empty());
    }
}
