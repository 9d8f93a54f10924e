//! How much the engine asks for at a time, from the session's limits.

use crate::session::CoreLimits;

/// Page and batch sizes. [`SyncOptions::for_limits`] derives them from the session; tests make
/// them small to exercise paging on a small mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOptions {
    /// Threads in the cold start's first page (what a screen shows).
    pub first_page: u64,
    /// Threads per page of the full sync.
    pub page_size: u64,
    /// Pages chained into one HTTP request (each page is a chain of four calls).
    pub pages_per_request: usize,
    /// Ids per `*/changes` call of a delta sync.
    pub max_changes: u64,
    /// Full-sync requests out at once (see `full_sync`).
    pub requests_in_flight: usize,
}

/// Emails per thread a page is sized for: the page's second `Email/get` (every email of its
/// threads) must stay under `maxObjectsInGet`. A page that still exceeds it is halved.
pub const EMAILS_PER_THREAD: usize = 8;
/// Upper bound on a page, to keep each response a reasonable size whatever the server allows.
pub const MAX_PAGE: u64 = 256;
/// The first page where the app does not say how many rows its screen shows: enough to fill a
/// tall one, and at most what [`SyncOptions::with_first_page`] asks for.
pub const FIRST_PAGE: u64 = 50;
/// The fewest threads a first page asks for, whatever the screen.
pub const MIN_FIRST_PAGE: u64 = 20;
/// Calls in one page's chain (Email/query → Email/get → Thread/get → Email/get).
pub const CALLS_PER_PAGE: usize = 4;
/// Calls a full-sync request adds to its pages (the text of notes read earlier, see `full_sync`).
pub const EXTRA_CALLS: usize = 1;
/// Threads one full-sync request asks for at most: its answer is parsed and written in one go on
/// the browser's main thread, so a bigger one freezes the screen longer (3,072 threads took
/// ~700 ms), while the next request is on its way anyway (`full_sync` overlaps them).
pub const MAX_THREADS_PER_REQUEST: u64 = 512;
/// Full-sync requests out at once at most, and never all the server allows: one is left for
/// the agent's own. Two kept Cyrus busy on both cores of the test machine: eight full-sync
/// requests of 10,000 emails took 2.8-3.1 s one at a time and 1.6 s two at a time.
pub const MAX_IN_FLIGHT: usize = 2;

impl SyncOptions {
    pub fn for_limits(limits: CoreLimits) -> Self {
        let page_size = ((limits.max_objects_in_get / EMAILS_PER_THREAD) as u64).clamp(1, MAX_PAGE);
        SyncOptions {
            first_page: FIRST_PAGE.min(page_size),
            page_size,
            pages_per_request: (limits.max_calls_in_request.saturating_sub(EXTRA_CALLS) / CALLS_PER_PAGE)
                .min((MAX_THREADS_PER_REQUEST / page_size) as usize)
                .max(1),
            max_changes: page_size,
            requests_in_flight: (limits.max_concurrent_requests.saturating_sub(1) as usize).clamp(1, MAX_IN_FLIGHT),
        }
    }

    /// These options with a first page of `threads` (what the app's screen shows, and some to
    /// scroll to), within [`MIN_FIRST_PAGE`]..=[`FIRST_PAGE`] and the page size: the first
    /// screen waits for no more than it shows (at 10,000 emails Cyrus answered a first page of 50
    /// threads in ~41 ms, of 30 in ~32 ms, and the browser parses half as much).
    pub fn with_first_page(self, threads: u64) -> Self {
        SyncOptions { first_page: threads.clamp(MIN_FIRST_PAGE, FIRST_PAGE).min(self.page_size), ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_calls_in_request: usize, max_objects_in_get: usize) -> CoreLimits {
        CoreLimits {
            max_size_request: 10_000_000,
            max_concurrent_requests: 4,
            max_calls_in_request,
            max_objects_in_get,
            max_objects_in_set: 500,
        }
    }

    #[test]
    fn sizes_follow_the_session_limits() {
        // Cyrus 3.6: maxCallsInRequest 50, maxObjectsInGet 4096.
        assert_eq!(
            SyncOptions::for_limits(limits(50, 4096)),
            SyncOptions { first_page: 50, page_size: 256, pages_per_request: 2, max_changes: 256, requests_in_flight: 2 }
        );
        // RFC 8620's suggested minimums (16 calls, 500 objects).
        assert_eq!(
            SyncOptions::for_limits(limits(16, 500)),
            SyncOptions { first_page: 50, page_size: 62, pages_per_request: 3, max_changes: 62, requests_in_flight: 2 }
        );
        assert_eq!(
            SyncOptions::for_limits(limits(1, 3)),
            SyncOptions { first_page: 1, page_size: 1, pages_per_request: 1, max_changes: 1, requests_in_flight: 2 }
        );
        // One request is always left for the agent's own, and at least one goes.
        let in_flight =
            |concurrent| SyncOptions::for_limits(CoreLimits { max_concurrent_requests: concurrent, ..limits(50, 4096) }).requests_in_flight;
        assert_eq!([1, 2, 3, 4, 64].map(in_flight), [1, 1, 2, 2, 2]);
    }

    #[test]
    fn a_first_page_is_what_the_screen_shows_within_bounds() {
        let cyrus = SyncOptions::for_limits(limits(50, 4096));
        assert_eq!(cyrus.with_first_page(24), SyncOptions { first_page: 24, ..cyrus });
        assert_eq!(cyrus.with_first_page(3).first_page, MIN_FIRST_PAGE);
        assert_eq!(cyrus.with_first_page(400).first_page, FIRST_PAGE);
        // Never more than a page of the full sync.
        let tiny = SyncOptions::for_limits(limits(16, 80));
        assert_eq!(tiny.with_first_page(24).first_page, tiny.page_size);
        assert_eq!(tiny.with_first_page(24).page_size, 10);
    }
}
