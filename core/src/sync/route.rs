//! Where a read or a write goes: the local copy, the server, or the outbox. The app asks these
//! instead of deciding by itself, so the choice is made (and tested) once.

use crate::error::{ErrorKind, JmapError};

/// Where a thread list (or the conversation) on screen was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSource {
    /// The local copy (the store the sync engine keeps current).
    Copy,
    /// The server, directly (the copy does not have the list yet).
    Server,
}

impl ListSource {
    /// The word the performance marks carry (`detail.source`: `cache` or `network`), which the
    /// benchmark harness reads.
    pub fn mark_detail(self) -> &'static str {
        match self {
            ListSource::Copy => "cache",
            ListSource::Server => "network",
        }
    }
}

/// Where the open list is read from now: the copy once it has the list (its first page at
/// least); else the server when the copy cannot have it soon — the sync is copying another
/// mailbox, or it failed; else nowhere yet (`None`): the sync's cold start brings the first page
/// in one request, sooner than a read of its own.
pub fn read_list_from(copy_has_list: bool, copying_elsewhere: bool, sync_failed: bool) -> Option<ListSource> {
    if copy_has_list {
        Some(ListSource::Copy)
    } else if copying_elsewhere || sync_failed {
        Some(ListSource::Server)
    } else {
        None
    }
}

/// Where a team change that can wait (status, tags) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteRoute {
    /// To the server now, planned from its current state of the thread (a teammate may have
    /// changed it a moment ago).
    Online,
    /// Into the outbox, planned from the copy (what the agent saw), sent when the server answers.
    Outbox,
}

/// A change is written online while the browser has a connection, else queued.
pub fn route_change(online: bool) -> WriteRoute {
    if online {
        WriteRoute::Online
    } else {
        WriteRoute::Outbox
    }
}

/// What an online write that failed means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedWrite {
    /// The server was not reached: the change goes to the outbox instead.
    QueueInstead,
    /// The server answered and refused: the agent reads why, and what the copy showed is undone.
    Refused,
}

pub fn after_failed_write(error: &JmapError) -> FailedWrite {
    match error {
        JmapError::Unreachable { .. } | JmapError::NoAnswer { .. } | JmapError::CorsBlocked { .. } => FailedWrite::QueueInstead,
        _ => FailedWrite::Refused,
    }
}

/// Where the team views' counts come from once the server failed to count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountFallback {
    /// The server cannot filter by Tandem's keywords (`unsupportedFilter`): count from the copy's
    /// view lists from now on.
    CopyFromNowOn,
    /// Anything else (offline, a failure): the copy's counts this time, the server's next time.
    CopyThisTime,
}

pub fn count_fallback(error: &JmapError) -> CountFallback {
    match error {
        JmapError::Method(e) if e.kind == ErrorKind::UnsupportedFilter => CountFallback::CopyFromNowOn,
        _ => CountFallback::CopyThisTime,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::MethodError;

    fn method(kind: &str) -> JmapError {
        JmapError::Method(serde_json::from_value::<MethodError>(serde_json::json!({ "type": kind })).unwrap())
    }

    #[test]
    fn a_list_is_read_from_the_copy_once_it_has_it_and_from_the_server_only_when_the_copy_cannot_have_it_soon() {
        assert_eq!(read_list_from(true, true, true), Some(ListSource::Copy));
        assert_eq!(read_list_from(false, true, false), Some(ListSource::Server));
        assert_eq!(read_list_from(false, false, true), Some(ListSource::Server));
        assert_eq!(read_list_from(false, false, false), None);
        assert_eq!((ListSource::Copy.mark_detail(), ListSource::Server.mark_detail()), ("cache", "network"));
    }

    #[test]
    fn a_change_is_queued_offline_and_when_the_server_cannot_be_reached_and_refused_otherwise() {
        assert_eq!(route_change(true), WriteRoute::Online);
        assert_eq!(route_change(false), WriteRoute::Outbox);
        assert_eq!(after_failed_write(&JmapError::Unreachable { url: "u".into() }), FailedWrite::QueueInstead);
        assert_eq!(after_failed_write(&JmapError::NoAnswer { url: "u".into(), seconds: 30 }), FailedWrite::QueueInstead);
        assert_eq!(after_failed_write(&JmapError::CorsBlocked { url: "u".into() }), FailedWrite::QueueInstead);
        assert_eq!(after_failed_write(&JmapError::Unauthorized), FailedWrite::Refused);
        assert_eq!(after_failed_write(&method("stateMismatch")), FailedWrite::Refused);
    }

    #[test]
    fn counts_come_from_the_copy_for_good_only_when_the_server_cannot_filter() {
        assert_eq!(count_fallback(&method("unsupportedFilter")), CountFallback::CopyFromNowOn);
        assert_eq!(count_fallback(&method("serverFail")), CountFallback::CopyThisTime);
        assert_eq!(count_fallback(&JmapError::Unreachable { url: "u".into() }), CountFallback::CopyThisTime);
    }
}
