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
}

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
