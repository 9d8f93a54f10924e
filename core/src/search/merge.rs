//! One list of results from the two searches: the local copy's (at once, as the agent types) and
//! the server's (a moment later: message bodies, and threads the copy does not hold).

use std::collections::HashSet;

use crate::thread_list::ThreadSummary;

/// The copy's hits, then the server's hits the copy did not find, newest first. A thread both
/// found shows the copy's row (it carries the changes not yet on the server).
pub fn merge_hits(local: &[ThreadSummary], server: &[ThreadSummary]) -> Vec<ThreadSummary> {
    let seen: HashSet<&str> = local.iter().map(|t| t.thread_id.as_str()).collect();
    let mut rows: Vec<ThreadSummary> = local.to_vec();
    rows.extend(server.iter().filter(|t| !seen.contains(t.thread_id.as_str())).cloned());
    if rows.len() > local.len() {
        // Both are newest first; RFC 3339 UTC dates order as strings. Stable: ties keep their order.
        crate::sort::sort_by(&mut rows, |a, b| b.received_at.cmp(&a.received_at));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, at: &str, subject: &str) -> ThreadSummary {
        ThreadSummary { email_id: format!("e{id}"), subject: subject.into(), received_at: at.into(), ..crate::thread_list::test_row(id) }
    }

    #[test]
    fn server_hits_join_the_copys_in_date_order_and_the_copys_row_wins() {
        let local = [row("a", "2026-12-03T10:00:00Z", "copy"), row("c", "2026-12-01T10:00:00Z", "copy")];
        let server = [row("b", "2026-12-02T10:00:00Z", "server"), row("a", "2026-12-03T10:00:00Z", "server")];
        let merged = merge_hits(&local, &server);
        let ids: Vec<&str> = merged.iter().map(|t| t.thread_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(merged[0].subject, "copy");
    }

    #[test]
    fn without_server_hits_the_copys_order_is_kept() {
        let local = [row("x", "2026-12-01T10:00:00Z", ""), row("y", "2026-12-03T10:00:00Z", "")];
        let ids: Vec<String> = merge_hits(&local, &[]).into_iter().map(|t| t.thread_id).collect();
        assert_eq!(ids, ["x", "y"]);
    }
}
