//! The one door to the network. The browser app implements [`Transport`] with `fetch`; native tests
//! and tools use [`crate::native_transport`]. Keeping it this small lets the protocol code be tested
//! natively against a real server, and lets a test inject faults a real server cannot produce.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: HttpMethod,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> Self {
        Self { method: HttpMethod::Get, url: url.into(), headers: Vec::new(), body: None }
    }

    pub fn post(url: impl Into<String>, body: String) -> Self {
        Self { method: HttpMethod::Post, url: url.into(), headers: Vec::new(), body: Some(body) }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// How long the whole exchange may take before the transport gives up on it: a request
    /// nobody answers (a stalled connection, a server stuck behind a lock, a proxy that holds it)
    /// would otherwise wait forever, and with it everything queued behind it — the sync's next
    /// pass, a reply's send. [`ANSWER_WITHIN`], and a second more for every [`SLOW_LINK_BYTES`] of
    /// body, so a large request on a slow uplink is not cut off while it is still being sent.
    pub fn answer_deadline(&self) -> std::time::Duration {
        let body = self.body.as_ref().map_or(0, String::len) as u64;
        ANSWER_WITHIN + std::time::Duration::from_secs(body / SLOW_LINK_BYTES)
    }
}

/// The longest a request with a small body may take, sent and answered: well above what a busy
/// server needs for the largest request Tandem sends (a full sync's page of 256 emails, a search
/// of 100,000), well below an agent's patience with a screen that says nothing.
pub const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(30);
/// Bytes of request body a slow uplink (~400 kbit/s) sends in a second.
pub const SLOW_LINK_BYTES: u64 = 50_000;

/// What came back. Redirects may or may not have been followed by the transport (browsers follow
/// them; the native transport does not), so `url` is the address that finally answered and
/// `location` carries a redirect target when one was returned instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub url: String,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: String,
}

impl HttpResponse {
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(|t| t.to_ascii_lowercase().contains("json"))
    }
}

/// Failures below HTTP: no response at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// Nothing answered (DNS, refused, offline, TLS).
    Unreachable(String),
    /// A browser reached the server but the server did not allow this page's origin.
    CorsBlocked(String),
    /// Nothing came back within the request's [`HttpRequest::answer_deadline`] (in whole seconds):
    /// the request was given up, though the server may have read it.
    NoAnswer { seconds: u64 },
    /// Anything else the transport could not do.
    Other(String),
}

/// Sends one HTTP request. Implementations must not follow a redirect by dropping the
/// `Authorization` header silently, and must never let the browser add credentials of its own.
#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// A moment for the host between two pieces of a long job (a full sync's answer is read a
    /// page at a time): in the browser, the main thread paints and handles input there. Nothing
    /// by default.
    async fn pause(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_request_with_a_small_body_gets_the_plain_deadline() {
        assert_eq!(HttpRequest::get("u").answer_deadline(), ANSWER_WITHIN);
        assert_eq!(HttpRequest::post("u", "x".repeat(49_999)).answer_deadline(), ANSWER_WITHIN);
    }

    #[test]
    fn a_large_body_gets_a_second_more_for_each_slow_links_second_of_sending() {
        assert_eq!(HttpRequest::post("u", "x".repeat(50_000)).answer_deadline(), ANSWER_WITHIN + Duration::from_secs(1));
        // The largest request Cyrus accepts (maxSizeRequest, 10 MB): over three minutes more.
        let largest = HttpRequest::post("u", "x".repeat(10_485_760)).answer_deadline();
        assert_eq!(largest, ANSWER_WITHIN + Duration::from_secs(209));
    }
}
