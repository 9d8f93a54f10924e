//! The team's views of the inbox — Unassigned, Mine, All open, Pending, Snoozed, Closed, one per
//! tag and one per agent — as JMAP filters the server answers (docs/scheme.md), and their counts
//! in one request.

use serde_json::{json, Value};

use crate::error::{ErrorKind, JmapError};
use crate::jmap::methods::EmailQuery;
use crate::jmap::{JmapClient, Request};
use crate::model::agent_id;
use crate::model::keywords::{self, ASSIGNED, CLOSED, PENDING, SNOOZED};
use crate::model::status::Status;
use crate::thread_list::{load_filtered_page, ThreadPage, ThreadSummary};
use crate::transport::Transport;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum View {
    Unassigned,
    /// Open threads assigned to the signed-in agent.
    Mine,
    Open,
    Pending,
    Snoozed,
    Closed,
    /// Open threads with this tag id.
    Tag(String),
    /// Open threads assigned to this agent (login).
    Agent(String),
    /// Threads with a note that mentions the signed-in agent (any status).
    Mentions,
}

impl View {
    /// The fixed views, in sidebar order.
    pub const FIXED: [View; 7] = [View::Unassigned, View::Mine, View::Mentions, View::Open, View::Pending, View::Snoozed, View::Closed];

    /// A URL-safe name: `unassigned`, `tag-3`, `agent-alice`, …
    pub fn slug(&self) -> String {
        match self {
            View::Unassigned => "unassigned".into(),
            View::Mine => "mine".into(),
            View::Open => "open".into(),
            View::Pending => "pending".into(),
            View::Snoozed => "snoozed".into(),
            View::Closed => "closed".into(),
            View::Mentions => "mentions".into(),
            View::Tag(id) => format!("tag-{id}"),
            View::Agent(login) => format!("agent-{}", agent_id::from_login(login)),
        }
    }

    pub fn parse(slug: &str) -> Option<View> {
        Some(match slug {
            "unassigned" => View::Unassigned,
            "mine" => View::Mine,
            "open" => View::Open,
            "pending" => View::Pending,
            "snoozed" => View::Snoozed,
            "closed" => View::Closed,
            "mentions" => View::Mentions,
            s => match (s.strip_prefix("tag-"), s.strip_prefix("agent-")) {
                (Some(id), _) if keywords::tag_id(&keywords::tag(id)).is_some() => View::Tag(id.to_string()),
                (_, Some(id)) => View::Agent(agent_id::to_login(id)?),
                _ => return None,
            },
        })
    }

    /// The Email/query filter (collapsed to threads) for this view of mailbox `inbox`, as agent `me`.
    pub fn filter(&self, inbox: &str, me: &str) -> Value {
        let in_inbox = json!({ "inMailbox": inbox });
        let all = |k: &str| json!({ "inMailbox": inbox, "allInThreadHaveKeyword": k });
        let open = json!({ "operator": "NOT", "conditions": [
            { "allInThreadHaveKeyword": CLOSED }, { "allInThreadHaveKeyword": PENDING }, { "allInThreadHaveKeyword": SNOOZED }
        ]});
        let open_and = |extra: Value| json!({ "operator": "AND", "conditions": [in_inbox, open, extra] });
        match self {
            View::Open => json!({ "operator": "AND", "conditions": [in_inbox, open] }),
            View::Pending => all(PENDING),
            View::Snoozed => all(SNOOZED),
            View::Closed => all(CLOSED),
            View::Unassigned => open_and(json!({ "noneInThreadHaveKeyword": ASSIGNED })),
            View::Mine => open_and(json!({ "hasKeyword": keywords::assignee(me) })),
            View::Agent(login) => open_and(json!({ "hasKeyword": keywords::assignee(login) })),
            View::Tag(id) => open_and(json!({ "hasKeyword": keywords::tag(id) })),
            // Only notes carry mention keywords: the thread's row shows the mentioning note.
            View::Mentions => json!({ "hasKeyword": keywords::mention(me) }),
        }
    }
}

impl View {
    /// For servers that cannot filter on thread keywords (`unsupportedFilter`, e.g. Cyrus without
    /// `conversations_counted_flags`): a broader filter of per-email conditions every server
    /// supports; [`View::admits`] then narrows the loaded threads.
    pub fn fallback_filter(&self, inbox: &str, me: &str) -> Value {
        let has = |k: String| json!({ "inMailbox": inbox, "hasKeyword": k });
        match self {
            View::Open | View::Unassigned => json!({ "inMailbox": inbox }),
            View::Pending => has(PENDING.into()),
            View::Snoozed => has(SNOOZED.into()),
            View::Closed => has(CLOSED.into()),
            View::Mine => has(keywords::assignee(me)),
            View::Agent(login) => has(keywords::assignee(login)),
            View::Tag(id) => has(keywords::tag(id)),
            View::Mentions => self.filter(inbox, me),
        }
    }

    /// Whether a loaded thread belongs to this view, from its state (status, assignee, tags).
    pub fn admits(&self, thread: &ThreadSummary, me: &str) -> bool {
        let open = thread.status == Status::Open;
        let assigned_to = |login: &str| thread.assignee.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(login));
        match self {
            View::Open => open,
            View::Unassigned => open && thread.assignee.is_none(),
            View::Mine => open && assigned_to(me),
            View::Agent(login) => open && assigned_to(login),
            View::Tag(id) => open && thread.tags.contains(id),
            View::Pending => thread.status == Status::Pending,
            View::Snoozed => thread.status == Status::Snoozed,
            View::Closed => thread.status == Status::Closed,
            View::Mentions => true,
        }
    }
}

impl View {
    /// The key under which a local copy lists this view's threads of mailbox `inbox`, as agent
    /// `me` (see [`crate::sync::listing::list_keys`]). Mailbox ids are JMAP ids (`A-Za-z0-9_-`),
    /// so `:` cannot clash.
    pub fn list_key(&self, inbox: &str, me: &str) -> String {
        match self {
            View::Mine => format!("{inbox}:agent:{}", agent_id::from_login(me)),
            View::Agent(login) => format!("{inbox}:agent:{}", agent_id::from_login(login)),
            View::Tag(id) => format!("{inbox}:tag:{id}"),
            View::Mentions => format!("{inbox}:mention:{}", agent_id::from_login(me)),
            other => format!("{inbox}:{}", other.slug()),
        }
    }
}

/// A page of a view: filtered by the server where it can, else by [`View::fallback_filter`] and
/// [`View::admits`] (then the page may hold fewer threads than `limit`, and no total is known).
pub async fn load_view_page<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    inbox: &str,
    me: &str,
    view: &View,
    position: u64,
    limit: u64,
) -> Result<ThreadPage, JmapError> {
    match load_filtered_page(client, account_id, view.filter(inbox, me), position, limit).await {
        Err(JmapError::Method(e)) if e.kind == ErrorKind::UnsupportedFilter => {
            let mut page = load_filtered_page(client, account_id, view.fallback_filter(inbox, me), position, limit).await?;
            page.threads.retain(|t| view.admits(t, me));
            page.total = None;
            Ok(page)
        }
        other => other,
    }
}

/// How many threads each view holds, in one request.
pub async fn view_counts<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    inbox: &str,
    me: &str,
    views: &[View],
) -> Result<Vec<u64>, JmapError> {
    let mut request = Request::new();
    let calls: Vec<_> = views
        .iter()
        .map(|v| request.add(EmailQuery::new(account_id).filter(v.filter(inbox, me)).collapse_threads(true).limit(0).calculate_total(true)))
        .collect();
    let response = client.send(request).await?;
    calls.iter().map(|c| Ok(response.get(c)?.total.unwrap_or(0))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::listing::list_keys;

    #[test]
    fn slugs_round_trip() {
        let views = [
            View::Unassigned,
            View::Mine,
            View::Mentions,
            View::Open,
            View::Pending,
            View::Snoozed,
            View::Closed,
            View::Tag("1z".into()),
            View::Agent("josé".into()),
        ];
        for v in views {
            assert_eq!(View::parse(&v.slug()), Some(v.clone()), "{}", v.slug());
        }
        assert_eq!(View::parse("tag-../x"), None);
        assert_eq!(View::parse("inbox"), None);
    }

    #[test]
    fn mine_is_open_and_assigned_to_me() {
        let f = View::Mine.filter("I", "Alice");
        assert_eq!(f["operator"], "AND");
        assert_eq!(f["conditions"][2], json!({"hasKeyword": "$tandem_to_alice"}));
        assert_eq!(f["conditions"][1]["operator"], "NOT");
    }

    #[test]
    fn a_thread_is_listed_under_exactly_the_views_that_admit_it() {
        let base = ThreadSummary { email_id: "E".into(), ..crate::thread_list::test_row("T") };
        let cases = [
            base.clone(),
            ThreadSummary { assignee: Some("Bob".into()), tags: vec!["3".into()], ..base.clone() },
            ThreadSummary { status: Status::Closed, assignee: Some("bob".into()), tags: vec!["3".into()], ..base.clone() },
            ThreadSummary { status: Status::Snoozed, ..base.clone() },
        ];
        let views = [
            View::Unassigned,
            View::Mine,
            View::Open,
            View::Pending,
            View::Snoozed,
            View::Closed,
            View::Tag("3".into()),
            View::Agent("bob".into()),
            View::Agent("alice".into()),
        ];
        for thread in &cases {
            let keys = list_keys("I", thread, ["$seen"]);
            for view in &views {
                assert_eq!(keys.contains(&view.list_key("I", "bob")), view.admits(thread, "bob"), "{view:?} for {thread:?}: {keys:?}");
            }
        }
        let mentioned = list_keys("I", &cases[2], ["$tandem_mention_bob", "$tandem_mention_bob", "$seen"]);
        assert!(mentioned.contains(&View::Mentions.list_key("I", "Bob")), "{mentioned:?}");
        assert_eq!(mentioned.iter().filter(|k| k.contains("mention")).count(), 1);
    }
}
