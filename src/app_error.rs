//! The app's one error type: the core's typed errors, kept whole from where they happen to the
//! screen, so the screen can act by kind ([`AppError::remedy`]): a session that ended goes back to
//! sign-in, a closed database is opened again, anything else is shown with its sentence.
//!
//! The sentence (`Display`) is in the interface's language: the core says its errors in English
//! (for its tests and logs), so every kind of server error is worded here again, from the
//! catalog `errors`, with what the server said (its details, the address) as it came.

use std::fmt;

use tandem_core::error::ErrorKind;
use tandem_core::sync::{StoreError, StoreErrorKind, SyncError};
use tandem_core::{JmapError, Refusal};

use crate::cache::CacheError;
use crate::i18n::{td_string, Locale};

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

impl AppError {
    /// The sentence the agent reads, in `locale`.
    pub fn sentence(&self, locale: Locale) -> String {
        match self {
            AppError::Server(e) => server_sentence(e, locale),
            AppError::Copy(e) => e.sentence(locale),
            AppError::Store(e) => td_string!(locale, errors.store_failed, message = &e.message).to_string(),
            AppError::NoCopy => td_string!(locale, errors.no_copy).to_string(),
            AppError::Refused(sentence) => sentence.clone(),
        }
    }
}

/// What went wrong with the server, in `locale` (core's `JmapError` says it in English).
pub fn server_sentence(error: &JmapError, locale: Locale) -> String {
    let l = locale;
    match error {
        JmapError::Unauthorized => td_string!(l, errors.unauthorized).to_string(),
        JmapError::Forbidden => td_string!(l, errors.forbidden).to_string(),
        JmapError::Unreachable { url } => td_string!(l, errors.unreachable, url = url).to_string(),
        JmapError::CorsBlocked { url } => td_string!(l, errors.cors_blocked, url = url).to_string(),
        JmapError::NotJmap { url } => td_string!(l, errors.not_jmap, url = url).to_string(),
        JmapError::Http { status, detail } => match detail {
            Some(d) if !d.is_empty() => td_string!(l, errors.http_detail, status = status, detail = d).to_string(),
            _ => td_string!(l, errors.http, status = status).to_string(),
        },
        JmapError::Request(p) => {
            let kind = p.kind.rsplit(':').next().unwrap_or(&p.kind);
            match &p.detail {
                Some(d) => td_string!(l, errors.request_detail, kind = kind, detail = d).to_string(),
                None => td_string!(l, errors.request, kind = kind).to_string(),
            }
        }
        JmapError::Method(e) | JmapError::NotSet { error: e, .. } if e.kind == ErrorKind::TooManyKeywords => {
            td_string!(l, errors.too_many_keywords).to_string()
        }
        JmapError::Method(e) => match (&e.kind, &e.description) {
            (ErrorKind::AccountReadOnly, _) => td_string!(l, errors.read_only).to_string(),
            (kind, Some(d)) => td_string!(l, errors.method_detail, kind = kind, detail = d).to_string(),
            (kind, None) => td_string!(l, errors.method, kind = kind).to_string(),
        },
        JmapError::NotSet { id, error } => td_string!(l, errors.not_set, id = id, kind = &error.kind).to_string(),
        JmapError::Protocol(what) => td_string!(l, errors.protocol, what = what).to_string(),
        JmapError::Limit(what) => td_string!(l, errors.limit, what = what).to_string(),
        // Tandem's own check: core's English sentence until the app words it.
        JmapError::Invalid(why) => why.to_string(),
    }
}

/// In the interface's language now (tracked).
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence(crate::language::current()))
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
            SyncError::NotSynced { account_id } => {
                AppError::Refused(td_string!(crate::language::current(), errors.not_synced, account = account_id).to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_core::error::{MethodError, ProblemDetails};

    #[test]
    fn the_screen_acts_by_kind() {
        assert_eq!(AppError::from(JmapError::Unauthorized).remedy(), Remedy::SignInAgain);
        assert_eq!(AppError::from(CacheError::Closed).remedy(), Remedy::ReopenCopy);
        assert_eq!(AppError::from(SyncError::Store(StoreError::new(StoreErrorKind::Closed, "closed"))).remedy(), Remedy::ReopenCopy);
        assert_eq!(AppError::from(JmapError::Forbidden).remedy(), Remedy::Tell);
        assert!(AppError::from(JmapError::Unreachable { url: "u".into() }).is_unreachable());
    }

    fn method(kind: &str, description: Option<&str>) -> MethodError {
        MethodError { kind: ErrorKind::parse(kind), description: description.map(str::to_string), extra: Default::default() }
    }

    /// The app words every server error again; in English, just as the core says it (the
    /// end-to-end tests read some of these sentences).
    #[test]
    fn server_errors_in_english_are_the_cores_sentences() {
        let problem = |detail: Option<&str>| ProblemDetails {
            kind: "urn:ietf:params:jmap:error:limit".into(),
            status: Some(400),
            detail: detail.map(str::to_string),
            limit: None,
        };
        let all = [
            JmapError::Unauthorized,
            JmapError::Forbidden,
            JmapError::Unreachable { url: "http://127.0.0.1:9".into() },
            JmapError::CorsBlocked { url: "https://mail.example".into() },
            JmapError::NotJmap { url: "https://example.com".into() },
            JmapError::Http { status: 503, detail: None },
            JmapError::Http { status: 500, detail: Some(String::new()) },
            JmapError::Http { status: 502, detail: Some("Bad gateway".into()) },
            JmapError::Request(problem(None)),
            JmapError::Request(problem(Some("too many calls"))),
            JmapError::Method(method("tooManyKeywords", None)),
            JmapError::NotSet { id: "e1".into(), error: method("tooManyKeywords", None) },
            JmapError::Method(method("accountReadOnly", Some("read only"))),
            JmapError::Method(method("stateMismatch", Some("state moved"))),
            JmapError::Method(method("someNewThing", None)),
            JmapError::NotSet { id: "e2".into(), error: method("overQuota", Some("full")) },
            JmapError::Protocol("no methodResponses".into()),
            JmapError::Limit("maxObjectsInGet".into()),
            JmapError::Invalid(Refusal::TooManyTags { max: 60 }),
        ];
        for error in all {
            assert_eq!(server_sentence(&error, Locale::en), error.to_string());
            for locale in [Locale::ar, Locale::zh] {
                assert_ne!(server_sentence(&error, locale), "", "{error:?}");
            }
        }
        assert_eq!(AppError::NoCopy.sentence(Locale::en), "There is no local copy to keep the change in.");
        let store = AppError::Store(StoreError::new(StoreErrorKind::Full, "no room"));
        assert_eq!(store.sentence(Locale::en), StoreError::new(StoreErrorKind::Full, "no room").to_string());
    }
}
