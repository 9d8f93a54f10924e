//! What can stop a sync: the server (or the way to it), or the local store.

use super::store::StoreError;
use crate::error::{ErrorKind, JmapError};

#[derive(Debug, Clone, PartialEq)]
pub enum SyncError {
    Jmap(JmapError),
    Store(StoreError),
    /// A delta sync was asked of an account the store has no complete copy of: start cold.
    NotSynced {
        account_id: String,
    },
}

impl From<JmapError> for SyncError {
    fn from(e: JmapError) -> Self {
        SyncError::Jmap(e)
    }
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Store(e)
    }
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Jmap(e) => e.fmt(f),
            SyncError::Store(e) => e.fmt(f),
            SyncError::NotSynced { account_id } => write!(f, "There is no local copy of account {account_id} to update yet."),
        }
    }
}

impl std::error::Error for SyncError {}

/// Whether a `*/changes` error means "start again from scratch": `cannotCalculateChanges`, or
/// (Cyrus 3.6, for a state string it cannot parse) `invalidArguments` about `sinceState`.
pub fn is_unknown_state(error: &JmapError) -> bool {
    let JmapError::Method(e) = error else { return false };
    match &e.kind {
        ErrorKind::CannotCalculateChanges => true,
        ErrorKind::InvalidArguments => {
            e.extra.get("arguments").and_then(|a| a.as_array()).is_some_and(|a| a.iter().any(|v| v == "sinceState"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::MethodError;
    use serde_json::json;

    fn method_error(v: serde_json::Value) -> JmapError {
        JmapError::Method(serde_json::from_value::<MethodError>(v).unwrap())
    }

    #[test]
    fn cyrus_answers_for_states_it_cannot_use_mean_resync() {
        assert!(is_unknown_state(&method_error(json!({"type": "cannotCalculateChanges", "description": "outdated sinceModseq"}))));
        assert!(is_unknown_state(&method_error(json!({"type": "invalidArguments", "arguments": ["sinceState"]}))));
        assert!(!is_unknown_state(&method_error(json!({"type": "invalidArguments", "arguments": ["accountId"]}))));
        assert!(!is_unknown_state(&JmapError::Unreachable { url: "x".into() }));
    }
}
