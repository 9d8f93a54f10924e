//! The agent's recent searches, newest first, kept with their local copy.

/// How many recent searches are kept.
pub const RECENT_SEARCHES: usize = 8;

/// `recent` with `query` put first (once, however it was spaced), at most [`RECENT_SEARCHES`].
/// A blank query changes nothing.
pub fn remember(recent: &[String], query: &str) -> Vec<String> {
    let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if query.is_empty() {
        return recent.to_vec();
    }
    let mut kept = vec![query.clone()];
    kept.extend(recent.iter().filter(|r| **r != query).take(RECENT_SEARCHES - 1).cloned());
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_goes_first_once_and_the_oldest_falls_off() {
        let recent: Vec<String> = (0..RECENT_SEARCHES).map(|i| format!("q{i}")).collect();
        let kept = remember(&recent, "  q3 ");
        assert_eq!(kept[0], "q3");
        assert_eq!(kept.iter().filter(|r| *r == "q3").count(), 1);
        assert_eq!(kept.len(), RECENT_SEARCHES);
        let kept = remember(&kept, "tag:退款   is:open");
        assert_eq!(kept[0], "tag:退款 is:open");
        assert_eq!(kept.len(), RECENT_SEARCHES);
        assert!(!kept.contains(&format!("q{}", RECENT_SEARCHES - 1)));
        assert_eq!(remember(&kept, "   "), kept);
    }
}
