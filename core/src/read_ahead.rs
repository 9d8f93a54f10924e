//! Which conversations to read ahead of the agent (the app's `prefetch`): those they are likely
//! to open next, the top rows of the list they look at, unread ones first, at most [`AHEAD`] of
//! them. The same list shown again (it is refreshed as the sync goes on) chooses the same rows,
//! so nothing more is read unless new mail came to the top: what the agent has not scrolled to
//! is opened from the server, as it would be without reading ahead.

use crate::thread_list::ThreadSummary;

/// Conversations read ahead per list shown.
pub const AHEAD: usize = 20;

/// The threads of `rows` (newest first) to read ahead, the most likely first: of the top
/// `2 × AHEAD` rows, the unread, then the rest, in the list's order, `AHEAD` of them, less
/// those already read (`done`).
pub fn to_read_ahead(rows: &[ThreadSummary], done: impl Fn(&str) -> bool) -> Vec<String> {
    let top = &rows[..rows.len().min(AHEAD * 2)];
    let (unread, read) = (top.iter().filter(|t| t.unread), top.iter().filter(|t| !t.unread));
    unread.chain(read).take(AHEAD).map(|t| &t.thread_id).filter(|id| !done(id)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(unread: &[usize], count: usize) -> Vec<ThreadSummary> {
        (0..count).map(|i| ThreadSummary { unread: unread.contains(&i), ..crate::thread_list::test_row(&format!("T{i}")) }).collect()
    }

    #[test]
    fn the_unread_of_the_top_rows_come_first_and_no_more_than_ahead() {
        let list = rows(&[3, 25, 39, 41], 100);
        let chosen = to_read_ahead(&list, |_| false);
        assert_eq!(chosen.len(), AHEAD);
        assert_eq!(chosen[..3], ["T3", "T25", "T39"], "unread first, but not below the top rows");
        assert_eq!(chosen[3..6], ["T0", "T1", "T2"]);
        assert!(!chosen.contains(&"T41".to_string()));
    }

    #[test]
    fn the_same_list_again_reads_nothing_more() {
        let list = rows(&[], 100);
        let first = to_read_ahead(&list, |_| false);
        let again = to_read_ahead(&list, |id| first.iter().any(|f| f == id));
        assert!(again.is_empty(), "a refreshed list read ahead again: {again:?}");
        // New mail at the top is read; the rest stays as it was.
        let mut newer = rows(&[], 1);
        newer[0].thread_id = "NEW".into();
        newer.extend(list);
        assert_eq!(to_read_ahead(&newer, |id| first.iter().any(|f| f == id)), ["NEW"]);
    }
}
