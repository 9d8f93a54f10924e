//! The JMAP session (RFC 8620 §2): discovery from a server address, the accounts an agent can
//! reach (team inboxes are the shared, non-personal ones), and the server's limits.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::auth::Credentials;
use crate::capabilities::{CAP_CORE, CAP_MAIL, CAP_SUBMISSION};
use crate::error::JmapError;
use crate::transport::{HttpRequest, Transport, TransportError};
use crate::url::resolve;

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub capabilities: Map<String, Value>,
    pub accounts: BTreeMap<String, Account>,
    #[serde(default)]
    pub primary_accounts: BTreeMap<String, String>,
    pub username: String,
    pub api_url: String,
    #[serde(default)]
    pub download_url: String,
    #[serde(default)]
    pub upload_url: String,
    #[serde(default)]
    pub event_source_url: String,
    #[serde(default)]
    pub state: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub name: String,
    #[serde(default)]
    pub is_personal: bool,
    #[serde(default)]
    pub is_read_only: bool,
    #[serde(default)]
    pub account_capabilities: Map<String, Value>,
}

/// The `urn:ietf:params:jmap:core` limits Tandem respects, with RFC-suggested minimums when a
/// server omits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoreLimits {
    pub max_size_request: u64,
    pub max_concurrent_requests: u64,
    pub max_calls_in_request: usize,
    pub max_objects_in_get: usize,
    pub max_objects_in_set: usize,
}

/// An account as the app lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAccount {
    pub id: String,
    pub name: String,
    /// A shared account: a team inbox.
    pub is_team: bool,
    pub is_read_only: bool,
}

impl Session {
    pub fn limits(&self) -> CoreLimits {
        let n = |key: &str, default: u64| self.core_limit(key, default);
        CoreLimits {
            max_size_request: n("maxSizeRequest", 10_000_000),
            max_concurrent_requests: n("maxConcurrentRequests", 4),
            max_calls_in_request: n("maxCallsInRequest", 16) as usize,
            max_objects_in_get: n("maxObjectsInGet", 500) as usize,
            max_objects_in_set: n("maxObjectsInSet", 500) as usize,
        }
    }

    /// The largest file the server takes in one upload (RFC 8620 §6.1), 50 MB (the RFC's suggested
    /// minimum) when it does not say.
    pub fn max_size_upload(&self) -> u64 {
        self.core_limit("maxSizeUpload", 50_000_000)
    }

    /// How far ahead (seconds) `account_id` lets a submission be held (`maxDelayedSend`, RFC
    /// 8621 §1.3.2; 0 or absent: not at all).
    pub fn max_delayed_send(&self, account_id: &str) -> u64 {
        let submission = self.accounts.get(account_id).and_then(|a| a.account_capabilities.get(CAP_SUBMISSION));
        submission.and_then(|c| c.get("maxDelayedSend")).and_then(Value::as_u64).unwrap_or(0)
    }

    /// A `urn:ietf:params:jmap:core` limit, or `default` when the server omits it (or says 0).
    fn core_limit(&self, key: &str, default: u64) -> u64 {
        self.capabilities.get(CAP_CORE).and_then(|c| c.get(key)).and_then(Value::as_u64).filter(|v| *v > 0).unwrap_or(default)
    }

    /// Mail accounts, team inboxes first, then the agent's own; each group by name.
    pub fn mail_accounts(&self) -> Vec<MailAccount> {
        let mut out: Vec<MailAccount> = self
            .accounts
            .iter()
            .filter(|(_, a)| a.account_capabilities.contains_key(CAP_MAIL))
            .map(|(id, a)| MailAccount { id: id.clone(), name: a.name.clone(), is_team: !a.is_personal, is_read_only: a.is_read_only })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| b.is_team.cmp(&a.is_team).then_with(|| a.name.cmp(&b.name)));
        out
    }

    pub fn primary_mail_account(&self) -> Option<&str> {
        self.primary_accounts.get(CAP_MAIL).map(String::as_str)
    }

    fn resolve_urls(&mut self, base: &str) {
        for url in [&mut self.api_url, &mut self.download_url, &mut self.upload_url, &mut self.event_source_url] {
            if !url.is_empty() {
                *url = resolve(base, url);
            }
        }
    }
}

const MAX_REDIRECTS: usize = 5;

/// Finds the JMAP session for `server` (a base URL, see [`crate::url::normalize_server`]):
/// `/.well-known/jmap` first (RFC 8620 §2.2), then `/jmap/` for servers or proxies that answer the
/// well-known address badly (Cyrus behind some proxies). URLs in the session are made absolute.
pub async fn discover<T: Transport>(transport: &T, server: &str, credentials: &Credentials) -> Result<Session, JmapError> {
    let mut last = JmapError::NotJmap { url: server.to_string() };
    for path in ["/.well-known/jmap", "/jmap/"] {
        match fetch_session(transport, &format!("{server}{path}"), credentials).await {
            Ok(session) => return Ok(session),
            Err(
                e @ (JmapError::Unauthorized
                | JmapError::Forbidden
                | JmapError::Unreachable { .. }
                | JmapError::NoAnswer { .. }
                | JmapError::CorsBlocked { .. }),
            ) => return Err(e),
            Err(JmapError::NotJmap { .. }) => last = JmapError::NotJmap { url: server.to_string() },
            Err(e) => last = e,
        }
    }
    Err(last)
}

async fn fetch_session<T: Transport>(transport: &T, start: &str, credentials: &Credentials) -> Result<Session, JmapError> {
    let mut url = start.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let request =
            HttpRequest::get(&url).header("Authorization", credentials.authorization_header()).header("Accept", "application/json");
        let response = transport.send(request).await.map_err(|e| transport_error(e, &url))?;
        match response.status {
            200 => return parse_session(&response.body, &response.url),
            301 | 302 | 303 | 307 | 308 => match &response.location {
                Some(location) => url = resolve(&response.url, location),
                None => return Err(JmapError::NotJmap { url }),
            },
            401 => return Err(JmapError::Unauthorized),
            403 => return Err(JmapError::Forbidden),
            404 | 405 => return Err(JmapError::NotJmap { url }),
            status if status >= 500 => return Err(JmapError::Http { status, detail: None }),
            _ => return Err(JmapError::NotJmap { url }),
        }
    }
    Err(JmapError::NotJmap { url })
}

/// Parses and checks a session object; relative URLs are resolved against `served_from`.
pub fn parse_session(body: &str, served_from: &str) -> Result<Session, JmapError> {
    let not_jmap = || JmapError::NotJmap { url: served_from.to_string() };
    let mut session: Session = crate::json::parse(body).map_err(|_| not_jmap())?;
    if !session.capabilities.contains_key(CAP_CORE) || session.api_url.is_empty() {
        return Err(not_jmap());
    }
    session.resolve_urls(served_from);
    Ok(session)
}

pub(crate) fn transport_error(e: TransportError, url: &str) -> JmapError {
    match e {
        TransportError::Unreachable(_) | TransportError::Other(_) => JmapError::Unreachable { url: url.to_string() },
        TransportError::CorsBlocked(_) => JmapError::CorsBlocked { url: url.to_string() },
        TransportError::NoAnswer { seconds } => JmapError::NoAnswer { url: url.to_string(), seconds },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "capabilities": {"urn:ietf:params:jmap:core": {"maxCallsInRequest": 50, "maxObjectsInGet": 4096}, "urn:ietf:params:jmap:mail": {}},
            "accounts": {
                "alice": {"name": "alice", "isPersonal": true, "isReadOnly": false, "accountCapabilities": {"urn:ietf:params:jmap:mail": {}}},
                "support": {"name": "support", "isPersonal": false, "isReadOnly": false, "accountCapabilities": {"urn:ietf:params:jmap:mail": {}}},
                "cal": {"name": "calendars", "isPersonal": true, "accountCapabilities": {}}
            },
            "primaryAccounts": {"urn:ietf:params:jmap:mail": "alice"},
            "username": "alice",
            "apiUrl": "/jmap/",
            "downloadUrl": "/jmap/download/{accountId}/{blobId}/{name}?accept={type}",
            "uploadUrl": "/jmap/upload/{accountId}/",
            "eventSourceUrl": "/jmap/eventsource/?types={types}&closeafter={closeafter}&ping={ping}",
            "state": "0"
        })
    }

    #[test]
    fn parses_and_resolves_a_session() {
        let s = parse_session(&sample().to_string(), "http://127.0.0.1:8008/jmap/").unwrap();
        assert_eq!(s.api_url, "http://127.0.0.1:8008/jmap/");
        assert_eq!(s.upload_url, "http://127.0.0.1:8008/jmap/upload/{accountId}/");
        assert_eq!(s.limits().max_calls_in_request, 50);
        assert_eq!(s.limits().max_objects_in_set, 500, "default when the server omits it");
        let accounts = s.mail_accounts();
        assert_eq!(accounts.iter().map(|a| (a.id.as_str(), a.is_team)).collect::<Vec<_>>(), vec![("support", true), ("alice", false)]);
    }

    #[test]
    fn an_html_page_is_not_a_session() {
        assert!(matches!(parse_session("<!doctype html><p>hi", "https://x/"), Err(JmapError::NotJmap { .. })));
        assert!(matches!(
            parse_session(r#"{"capabilities":{},"accounts":{},"username":"a","apiUrl":"/x"}"#, "https://x/"),
            Err(JmapError::NotJmap { .. })
        ));
    }
}
