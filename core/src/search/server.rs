//! Asking the JMAP server: a bound query as an RFC 8621 Email/query filter (its `text` searches
//! whole messages, bodies included), and a page of the threads it finds, checked again against
//! the team's terms (the server applies keyword conditions per email, the thread is what counts).

use serde_json::{json, Value};

use super::matcher::{Scope, SearchText};
use super::query::{HasWhat, IsWhat};
use super::resolve::{ResolvedKind, ResolvedQuery};
use crate::error::JmapError;
use crate::jmap::JmapClient;
use crate::model::keywords::{self, ASSIGNED, CLOSED, HAS_MEMO, PENDING, SEEN, SNOOZED};
use crate::thread_list::{load_filtered_page, ThreadPage};
use crate::transport::Transport;

impl ResolvedQuery {
    /// The Email/query filter: `inMailbox` and one condition per term, all ANDed; a negated term
    /// is a `NOT` of its condition. Dates are the start of the UTC day (`before`: received
    /// earlier, `after`: at or later).
    pub fn server_filter(&self, inbox: &str) -> Value {
        let mut conditions = vec![json!({ "inMailbox": inbox })];
        conditions.extend(self.terms.iter().map(|term| {
            let condition = condition(&term.kind);
            if term.negated {
                json!({ "operator": "NOT", "conditions": [condition] })
            } else {
                condition
            }
        }));
        json!({ "operator": "AND", "conditions": conditions })
    }
}

/// The FilterCondition of one term (not negated).
fn condition(kind: &ResolvedKind) -> Value {
    let has = |keyword: &str| json!({ "hasKeyword": keyword });
    match kind {
        ResolvedKind::Text(v) => json!({ "text": v }),
        ResolvedKind::From(v) => json!({ "from": v }),
        ResolvedKind::To(v) => json!({ "to": v }),
        ResolvedKind::Subject(v) => json!({ "subject": v }),
        ResolvedKind::Tags(ids) => match ids.as_slice() {
            [id] => has(&keywords::tag(id)),
            ids => json!({ "operator": "OR", "conditions": ids.iter().map(|id| has(&keywords::tag(id))).collect::<Vec<_>>() }),
        },
        ResolvedKind::Assignee(Some(login)) => has(&keywords::assignee(login)),
        ResolvedKind::Assignee(None) => json!({ "notKeyword": ASSIGNED }),
        ResolvedKind::Is(IsWhat::Open) => {
            json!({ "operator": "NOT", "conditions": [has(CLOSED), has(PENDING), has(SNOOZED)] })
        }
        ResolvedKind::Is(IsWhat::Pending) => has(PENDING),
        ResolvedKind::Is(IsWhat::Snoozed) => has(SNOOZED),
        ResolvedKind::Is(IsWhat::Closed) => has(CLOSED),
        ResolvedKind::Is(IsWhat::Unread) => json!({ "notKeyword": SEEN }),
        ResolvedKind::Has(HasWhat::Attachment) => json!({ "hasAttachment": true }),
        ResolvedKind::Has(HasWhat::Note) => has(HAS_MEMO),
        ResolvedKind::Before(day) => json!({ "before": day.start_utc() }),
        ResolvedKind::After(day) => json!({ "after": day.start_utc() }),
    }
}

/// The server's first `limit` threads of `inbox` matching `query`, newest first, as summaries;
/// those whose state does not match the team's terms are left out (then `total` is `None`: the
/// server's count no longer says how many match).
pub async fn search_server<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    inbox: &str,
    query: &ResolvedQuery,
    limit: u64,
) -> Result<ThreadPage, JmapError> {
    let mut page = load_filtered_page(client, account_id, query.server_filter(inbox), 0, limit).await?;
    let found = page.threads.len();
    page.threads.retain(|t| query.matches(t, &SearchText::of(t), Scope::ServerHit));
    if page.threads.len() < found {
        page.total = None;
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use crate::search::matcher::tests::query;
    use serde_json::json;

    #[test]
    fn a_combined_query_is_one_and_of_conditions() {
        let q = query("Refund from:alice to:bob subject:\"late delivery\" tag:billing -is:closed is:open is:unread has:attachment has:note before:2026-12-01 after:2026-11-01 -assignee:none assignee:me -\"gift card\"");
        let not = |c: serde_json::Value| json!({ "operator": "NOT", "conditions": [c] });
        let expected = json!({ "operator": "AND", "conditions": [
            { "inMailbox": "inbox-id" },
            { "text": "refund" },
            { "from": "alice" },
            { "to": "bob" },
            { "subject": "late delivery" },
            { "hasKeyword": "$tandem_tag_b1" },
            not(json!({ "hasKeyword": "$tandem_closed" })),
            { "operator": "NOT", "conditions": [
                { "hasKeyword": "$tandem_closed" }, { "hasKeyword": "$tandem_pending" }, { "hasKeyword": "$tandem_snoozed" }
            ]},
            { "notKeyword": "$seen" },
            { "hasAttachment": true },
            { "hasKeyword": "$hasmemo" },
            { "before": "2026-12-01T00:00:00Z" },
            { "after": "2026-11-01T00:00:00Z" },
            not(json!({ "notKeyword": "$tandem_assigned" })),
            { "hasKeyword": "$tandem_to_alice" },
            not(json!({ "text": "gift card" })),
        ]});
        assert_eq!(q.server_filter("inbox-id"), expected);
    }

    #[test]
    fn several_tags_are_any_of_them_and_no_terms_is_the_mailbox() {
        let q = query("tag:عاجل -is:pending is:snoozed");
        let mut tags = q.clone();
        if let crate::search::ResolvedKind::Tags(ids) = &mut tags.terms[0].kind {
            ids.push("r1".into());
        }
        assert_eq!(
            tags.server_filter("i")["conditions"][1],
            json!({ "operator": "OR", "conditions": [{ "hasKeyword": "$tandem_tag_u1" }, { "hasKeyword": "$tandem_tag_r1" }] })
        );
        assert_eq!(q.server_filter("i")["conditions"][3], json!({ "hasKeyword": "$tandem_snoozed" }));
        assert_eq!(query("").server_filter("i"), json!({ "operator": "AND", "conditions": [{ "inMailbox": "i" }] }));
    }
}
