//! The local copy's rows of a mailbox held in memory for searching on every keystroke: each row
//! with its lower-cased text computed once, so a search of 100,000 threads is one cheap scan.

use super::matcher::{Scope, SearchText};
use super::resolve::ResolvedQuery;
use crate::thread_list::ThreadSummary;

/// Rows in the order given (the copy's: newest first), each with its [`SearchText`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    rows: Vec<(ThreadSummary, SearchText)>,
}

/// What a search of the index found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchHits {
    /// The first matches, in the index's order.
    pub rows: Vec<ThreadSummary>,
    /// How many rows match in all.
    pub total: usize,
}

impl SearchIndex {
    /// Indexes `rows`, keeping their order.
    pub fn new(rows: Vec<ThreadSummary>) -> SearchIndex {
        SearchIndex {
            rows: rows
                .into_iter()
                .map(|row| {
                    let text = SearchText::of(&row);
                    (row, text)
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The first `limit` rows matching `query`, and how many match in all. An empty query finds
    /// nothing (there is no search). A `to:` query finds nothing here either: the copy has no
    /// recipients ([`ResolvedQuery::copy_can_answer`]).
    pub fn search(&self, query: &ResolvedQuery, limit: usize) -> SearchHits {
        let mut hits = SearchHits::default();
        if query.is_empty() {
            return hits;
        }
        for (row, text) in &self.rows {
            if query.matches(row, text, Scope::Copy) {
                if hits.rows.len() < limit {
                    hits.rows.push(row.clone());
                }
                hits.total += 1;
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::matcher::tests::{query, row};

    fn index() -> SearchIndex {
        let rows = (0..10).map(|i| {
            let subject = if i % 2 == 0 { format!("Refund {i}") } else { format!("Invoice {i}") };
            row(&format!("t{i}"), &subject, "Alice", "", &format!("2026-11-{:02}T10:00:00Z", 30 - i))
        });
        SearchIndex::new(rows.collect())
    }

    #[test]
    fn hits_keep_the_index_order_up_to_the_limit_and_count_all() {
        let index = index();
        assert_eq!(index.len(), 10);
        let hits = index.search(&query("refund"), 3);
        let ids: Vec<&str> = hits.rows.iter().map(|t| t.thread_id.as_str()).collect();
        assert_eq!((ids, hits.total), (vec!["t0", "t2", "t4"], 5));
        let hits = index.search(&query("-refund after:2026-11-25"), 100);
        let ids: Vec<&str> = hits.rows.iter().map(|t| t.thread_id.as_str()).collect();
        assert_eq!((ids, hits.total), (vec!["t1", "t3", "t5"], 3));
        assert_eq!(index.search(&query("refund"), 0).total, 5);
    }

    #[test]
    fn an_empty_query_or_index_finds_nothing() {
        assert_eq!(index().search(&query("  "), 10), SearchHits::default());
        assert_eq!(SearchIndex::new(vec![]).search(&query("refund"), 10), SearchHits::default());
        assert!(SearchIndex::default().is_empty());
    }

    /// The copy's budget is 50 ms from keystroke to painted rows: a scan of 100,000 threads must
    /// be a small part of it (generous here: debug builds are slow, CI machines shared).
    #[test]
    fn a_hundred_thousand_threads_are_searched_quickly() {
        let rows: Vec<ThreadSummary> = (0..100_000)
            .map(|i| {
                let preview = format!("Hello, I ordered item {i} last week and it has not arrived yet. Could you check, please? Thanks");
                row(&format!("t{i}"), &format!("Order {i} not arrived"), "Customer Name", &preview, "2026-11-30T10:00:00Z")
            })
            .collect();
        let index = SearchIndex::new(rows);
        let q = query("arrived \"check, please\" -is:closed 99999");
        let started = std::time::Instant::now();
        let hits = index.search(&q, 200);
        let took = started.elapsed();
        assert_eq!(hits.total, 1);
        assert!(took.as_millis() < 2_000, "{took:?}");
    }
}
