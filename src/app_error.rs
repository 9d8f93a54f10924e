//! The app's one error type: the core's typed errors, kept whole from where they happen to the
//! screen, so the screen can act by kind ([`AppError::remedy`]): a session that ended goes back to
//! sign-in, a closed database is opened again, anything else is shown with its sentence.

use std::fmt;

use tandem_core::sync::{StoreError, StoreErrorKind, SyncError};
use tandem_core::JmapError;

use crate::cache::CacheError;

#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The server, or the way to it.
    Server(JmapError),
    /// The local copy (IndexedDB).
    Copy(CacheError),
    /// The local copy, as the sync engine reports it.
    Store(StoreError),
    /// There is no local copy to keep a change in (the browser refused one, or it is opening).
    NoCopy,
    /// The core refused a change before sending it, with its sentence.
    Refused(String),
}

/// What the screen does about an error besides saying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// The server no longer accepts the login (401 in the middle of a session): back to
    /// sign-in. Drafts and queued changes stay in the local copy.
    SignInAgain,
    /// The database connection was closed (another tab, the browser): open it again.
    ReopenCopy,
    /// Nothing more than telling the agent.
    Tell,
}

impl AppError {
    pub fn remedy(&self) -> Remedy {
        match self {
            AppError::Server(JmapError::Unauthorized) => Remedy::SignInAgain,
            AppError::Copy(CacheError::Closed) => Remedy::ReopenCopy,
            AppError::Store(e) if e.kind == StoreErrorKind::Closed => Remedy::ReopenCopy,
            _ => Remedy::Tell,
        }
    }

    /// The server could not be reached (the change may be queued instead).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, AppError::Server(JmapError::Unreachable { .. } | JmapError::CorsBlocked { .. }))
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Server(e) => e.fmt(f),
            AppError::Copy(e) => e.fmt(f),
            AppError::Store(e) => e.fmt(f),
            AppError::NoCopy => f.write_str("There is no local copy to keep the change in."),
            AppError::Refused(sentence) => f.write_str(sentence),
        }
    }
}

impl std::error::Error for AppError {}

impl From<JmapError> for AppError {
    fn from(e: JmapError) -> Self {
        AppError::Server(e)
    }
}

impl From<CacheError> for AppError {
    fn from(e: CacheError) -> Self {
        AppError::Copy(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Jmap(e) => AppError::Server(e),
            SyncError::Store(e) => AppError::Store(e),
            other => AppError::Refused(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_acts_by_kind() {
        assert_eq!(AppError::from(JmapError::Unauthorized).remedy(), Remedy::SignInAgain);
        assert_eq!(AppError::from(CacheError::Closed).remedy(), Remedy::ReopenCopy);
        assert_eq!(AppError::from(SyncError::Store(StoreError::new(StoreErrorKind::Closed, "closed"))).remedy(), Remedy::ReopenCopy);
        assert_eq!(AppError::from(JmapError::Forbidden).remedy(), Remedy::Tell);
        assert!(AppError::from(JmapError::Unreachable { url: "u".into() }).is_unreachable());
    }
}
