//! One typed error for everything that can go wrong between Tandem and a JMAP server, with the
//! sentence an agent reads (`Display`). Server strings (error types) are kept open-ended: a type this
//! version does not know is carried as it came, never a decoding failure.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::refusal::Refusal;

#[derive(Debug, Clone, PartialEq)]
pub enum JmapError {
    /// The server refused the username or password (HTTP 401).
    Unauthorized,
    /// The server understood who we are and refused anyway (HTTP 403).
    Forbidden,
    /// No answer from the server at all.
    Unreachable { url: String },
    /// The server was sent a request and did not answer it within `seconds`: it was given up.
    /// Like [`JmapError::Unreachable`], a write may be tried again (the server may have read it,
    /// so it must be one that is safe to repeat, as the outbox's are).
    NoAnswer { url: String, seconds: u64 },
    /// The browser reached the server but the server does not allow this page's origin.
    CorsBlocked { url: String },
    /// Something answered, but no JMAP session was found there.
    NotJmap { url: String },
    /// The server failed (HTTP 5xx, or another status with no JMAP meaning).
    Http { status: u16, detail: Option<String> },
    /// A request-level error (RFC 8620 §3.6.1), e.g. `notRequest` or `limit`.
    Request(ProblemDetails),
    /// A method-level error (RFC 8620 §3.6.2) for one call.
    Method(MethodError),
    /// A `set` call refused one object (RFC 8620 §5.3 SetError).
    NotSet { id: String, error: MethodError },
    /// The server's answer was not what JMAP says it must be.
    Protocol(String),
    /// A request Tandem built would break the session's limits (a bug on our side).
    Limit(String),
    /// What the agent asked for cannot be written as it is, found by Tandem before anything was
    /// sent (a bad address, a blank name, a full roster, …): the refusal says what to change.
    Invalid(Refusal),
}

/// RFC 7807 problem details, as JMAP uses them for request-level errors.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProblemDetails {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
}

/// A method-level error or SetError: an open-ended `type` plus whatever else the server sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MethodError {
    #[serde(rename = "type")]
    pub kind: ErrorKind,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl MethodError {
    /// Gives a known meaning to server-specific errors: Cyrus 3.6 reports a mailbox's keyword
    /// limit as `serverFail` "Too many user flags in mailbox" rather than `tooManyKeywords`.
    pub fn recognized(mut self) -> Self {
        let text = self.description.as_deref().unwrap_or_default().to_ascii_lowercase();
        if self.kind == ErrorKind::ServerFail && text.contains("too many user flags") {
            self.kind = ErrorKind::TooManyKeywords;
        }
        self
    }
}

/// The error types RFC 8620/8621 define that Tandem reacts to, and `Other` for the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    ServerUnavailable,
    ServerFail,
    ServerPartialFail,
    UnknownMethod,
    InvalidArguments,
    InvalidResultReference,
    Forbidden,
    AccountNotFound,
    AccountNotSupportedByMethod,
    AccountReadOnly,
    RequestTooLarge,
    CannotCalculateChanges,
    StateMismatch,
    NotFound,
    InvalidProperties,
    TooManyKeywords,
    TooManyMailboxes,
    OverQuota,
    UnsupportedFilter,
    UnsupportedSort,
    AnchorNotFound,
    Other(String),
}

impl ErrorKind {
    pub fn parse(s: &str) -> Self {
        use ErrorKind::*;
        match s {
            "serverUnavailable" => ServerUnavailable,
            "serverFail" => ServerFail,
            "serverPartialFail" => ServerPartialFail,
            "unknownMethod" => UnknownMethod,
            "invalidArguments" => InvalidArguments,
            "invalidResultReference" => InvalidResultReference,
            "forbidden" => Forbidden,
            "accountNotFound" => AccountNotFound,
            "accountNotSupportedByMethod" => AccountNotSupportedByMethod,
            "accountReadOnly" => AccountReadOnly,
            "requestTooLarge" => RequestTooLarge,
            "cannotCalculateChanges" => CannotCalculateChanges,
            "stateMismatch" => StateMismatch,
            "notFound" => NotFound,
            "invalidProperties" => InvalidProperties,
            "tooManyKeywords" => TooManyKeywords,
            "tooManyMailboxes" => TooManyMailboxes,
            "overQuota" => OverQuota,
            "unsupportedFilter" => UnsupportedFilter,
            "unsupportedSort" => UnsupportedSort,
            "anchorNotFound" => AnchorNotFound,
            other => Other(other.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ErrorKind::parse(&String::deserialize(d)?))
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorKind::Other(s) => f.write_str(s),
            known => {
                let name = format!("{known:?}");
                let mut chars = name.chars();
                let first = chars.next().map(|c| c.to_ascii_lowercase()).unwrap_or_default();
                write!(f, "{first}{}", chars.as_str())
            }
        }
    }
}

impl JmapError {
    /// The server failed (`serverFail`, `serverUnavailable`), for a whole call or for one object
    /// of it (Cyrus answers an `Email/set` create with a `serverFail` SetError, "System I/O
    /// error", on a busy machine): worth trying again, a few times.
    pub fn is_server_failure(&self) -> bool {
        matches!(self, JmapError::Method(e) | JmapError::NotSet { error: e, .. } if matches!(e.kind, ErrorKind::ServerFail | ErrorKind::ServerUnavailable))
    }
}

impl std::fmt::Display for JmapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JmapError::Unauthorized => f.write_str("Wrong username or password."),
            JmapError::Forbidden => f.write_str("The server refused access to this account."),
            JmapError::Unreachable { url } => write!(f, "Can't reach the server at {url}. Check the address and your network connection."),
            JmapError::NoAnswer { url, seconds } => {
                write!(f, "The server at {url} did not answer within {seconds} seconds. Tandem will try again; check your network connection if this goes on.")
            }
            JmapError::CorsBlocked { url } => write!(
                f,
                "The server at {url} does not allow this page's origin (CORS). Serve Tandem from the same origin as the JMAP server, or allow this origin on the server."
            ),
            JmapError::NotJmap { url } => write!(f, "No JMAP server answered at {url} (no session at /.well-known/jmap)."),
            JmapError::Http { status, detail } => match detail {
                Some(d) if !d.is_empty() => write!(f, "The server had a problem (HTTP {status}): {d}"),
                _ => write!(f, "The server had a problem (HTTP {status}). Try again in a moment."),
            },
            JmapError::Request(p) => {
                let kind = p.kind.rsplit(':').next().unwrap_or(&p.kind);
                match &p.detail {
                    Some(d) => write!(f, "The server rejected the request ({kind}): {d}"),
                    None => write!(f, "The server rejected the request ({kind})."),
                }
            }
            JmapError::Method(e) | JmapError::NotSet { error: e, .. } if e.kind == ErrorKind::TooManyKeywords => f.write_str(
                "The server cannot store more labels in this mailbox (tooManyKeywords): remove unused tags or agents, or ask the server's admin to raise the limit.",
            ),
            JmapError::Method(e) => match e.kind {
                ErrorKind::AccountReadOnly => f.write_str("This inbox is read-only for you."),
                _ => match &e.description {
                    Some(d) => write!(f, "The server refused ({}): {d}", e.kind),
                    None => write!(f, "The server refused ({}).", e.kind),
                },
            },
            JmapError::NotSet { id, error } => write!(f, "The server refused to change {id} ({}).", error.kind),
            JmapError::Protocol(what) => write!(f, "The server's answer did not follow JMAP: {what}"),
            JmapError::Limit(what) => write!(f, "Request too large for this server: {what}"),
            JmapError::Invalid(why) => std::fmt::Display::fmt(why, f),
        }
    }
}

impl std::error::Error for JmapError {}

impl From<Refusal> for JmapError {
    fn from(why: Refusal) -> Self {
        JmapError::Invalid(why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_error_types_are_kept_not_rejected() {
        let e: MethodError = serde_json::from_value(serde_json::json!({"type": "someNewServerThing", "x": 1})).unwrap();
        assert_eq!(e.kind, ErrorKind::Other("someNewServerThing".into()));
        assert_eq!(e.extra.get("x"), Some(&serde_json::json!(1)));
        assert_eq!(e.kind.to_string(), "someNewServerThing");
    }

    #[test]
    fn known_error_types_round_trip_to_their_names() {
        for name in ["stateMismatch", "tooManyKeywords", "cannotCalculateChanges", "serverFail"] {
            assert_eq!(ErrorKind::parse(name).to_string(), name);
            assert!(!matches!(ErrorKind::parse(name), ErrorKind::Other(_)));
        }
    }

    #[test]
    fn cyrus_keyword_limit_is_recognized() {
        let e = MethodError { kind: ErrorKind::ServerFail, description: Some("Too many user flags in mailbox".into()), extra: Map::new() };
        let e = JmapError::Method(e.recognized());
        assert!(matches!(&e, JmapError::Method(m) if m.kind == ErrorKind::TooManyKeywords));
        assert!(e.to_string().contains("more labels"));
        let plain = MethodError { kind: ErrorKind::ServerFail, description: Some("disk full".into()), extra: Map::new() };
        assert_eq!(plain.clone().recognized(), plain);
    }

    #[test]
    fn messages_are_specific() {
        assert_eq!(JmapError::Unauthorized.to_string(), "Wrong username or password.");
        assert!(JmapError::CorsBlocked { url: "https://x".into() }.to_string().contains("CORS"));
        assert!(JmapError::Http { status: 503, detail: None }.to_string().contains("503"));
        let no_answer = JmapError::NoAnswer { url: "https://x/jmap/".into(), seconds: 30 }.to_string();
        assert!(no_answer.contains("https://x/jmap/") && no_answer.contains("30 seconds"), "{no_answer}");
    }
}
