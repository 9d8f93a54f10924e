//! The local copy's rows of a mailbox held in memory for searching on every keystroke: each row
//! with its lower-cased text computed once, so a search of 100,000 threads is one cheap scan.
//! A customer's conversations are looked up by their address instead (the history beside every
//! conversation opened: a scan of 100,000 rows there cost ~12 ms of each opening).

use std::collections::HashMap;

use super::matcher::{Scope, SearchText};
use super::resolve::ResolvedQuery;
use crate::thread_list::ThreadSummary;

/// Rows in the order given (the copy's: newest first), each with its [`SearchText`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    rows: Vec<(ThreadSummary, SearchText)>,
    /// Each sender address (trimmed, ASCII lower-cased) → its rows' positions, in order.
    by_sender: HashMap<String, Vec<usize>>,
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
        let mut index = SearchIndex::default();
        rows.into_iter().for_each(|row| index.push(row));
        index
    }

    /// Indexes `row` after the others (a caller building a big index between pauses).
    pub fn push(&mut self, row: ThreadSummary) {
        let address = sender_key(&row.from_email);
        if !address.is_empty() {
            self.by_sender.entry(address).or_default().push(self.rows.len());
        }
        let text = SearchText::of(&row);
        self.rows.push((row, text));
    }

    /// The first `limit` rows whose sender is exactly `address` (case aside, as
    /// `history::customers_only` compares), in the index's order: a lookup, not a scan.
    pub fn from_sender(&self, address: &str, limit: usize) -> Vec<ThreadSummary> {
        let Some(positions) = self.by_sender.get(&sender_key(address)) else { return Vec::new() };
        positions.iter().take(limit).filter_map(|&p| self.rows.get(p)).map(|(row, _)| row.clone()).collect()
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

fn sender_key(address: &str) -> String {
    address.trim().to_ascii_lowercase()
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

    fn sent_by(id: &str, address: &str) -> ThreadSummary {
        ThreadSummary { from_email: address.into(), ..row(id, "Hello", "Someone", "", "2026-11-30T10:00:00Z") }
    }

    #[test]
    fn a_sender_s_rows_are_found_by_address_case_aside_in_order_up_to_the_limit() {
        let index = SearchIndex::new(vec![
            sent_by("t1", "Ana@Example.com"),
            sent_by("t2", "bob@example.com"),
            sent_by("t3", " ana@example.com "),
            sent_by("t4", "ana@example.com.evil"),
            sent_by("t5", ""),
            sent_by("t6", "ANA@EXAMPLE.COM"),
        ]);
        let ids = |rows: Vec<ThreadSummary>| rows.into_iter().map(|t| t.thread_id).collect::<Vec<_>>();
        assert_eq!(ids(index.from_sender("ana@example.com", 10)), ["t1", "t3", "t6"]);
        assert_eq!(ids(index.from_sender(" ANA@example.COM", 2)), ["t1", "t3"]);
        assert_eq!(ids(index.from_sender("example.com", 10)), Vec::<String>::new());
        assert_eq!(ids(index.from_sender("", 10)), Vec::<String>::new());
        assert_eq!(ids(index.from_sender("carol@example.com", 10)), Vec::<String>::new());
    }

    #[test]
    fn an_index_built_row_by_row_is_the_index_built_at_once() {
        let rows: Vec<ThreadSummary> = (0..50).map(|i| sent_by(&format!("t{i}"), &format!("c{}@example.com", i % 7))).collect();
        let mut pushed = SearchIndex::default();
        rows.iter().cloned().for_each(|r| pushed.push(r));
        assert_eq!(pushed, SearchIndex::new(rows));
    }

    /// What the customer's history finds by address is what a `from:` search of the address
    /// keeps once `customers_only` has taken the exact sender (the history's former way).
    #[test]
    fn the_lookup_finds_what_the_search_and_the_exact_filter_found() {
        use crate::search::{customer_query, customers_only};
        let rows: Vec<ThreadSummary> = (0..300)
            .map(|i| sent_by(&format!("t{i}"), ["ana@example.com", "Ana@Example.com ", "dana@example.com", "ana@example.co"][i % 4]))
            .collect();
        let index = SearchIndex::new(rows);
        let searched = customers_only(index.search(&customer_query("ana@example.com"), usize::MAX).rows, "ana@example.com", None);
        assert_eq!(index.from_sender("ana@example.com", usize::MAX), searched);
        assert_eq!(searched.len(), 150);
    }

    #[test]
    fn a_hundred_thousand_threads_are_searched() {
        let rows: Vec<ThreadSummary> = (0..100_000)
            .map(|i| {
                let preview = format!("Hello, I ordered item {i} last week and it has not arrived yet. Could you check, please? Thanks");
                row(&format!("t{i}"), &format!("Order {i} not arrived"), "Customer Name", &preview, "2026-11-30T10:00:00Z")
            })
            .collect();
        let index = SearchIndex::new(rows);
        let q = query("arrived \"check, please\" -is:closed 99999");
        let hits = index.search(&q, 200);
        assert_eq!(hits.total, 1);
        assert_eq!(hits.rows[0].thread_id, "t99999");
    }
}
