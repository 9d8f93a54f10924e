//! Sends JMAP requests for one signed-in agent, within the session's limits.

use crate::auth::Credentials;
use crate::error::{JmapError, ProblemDetails};
use crate::session::{discover, transport_error, CoreLimits, Session};
use crate::transport::{HttpRequest, Transport};

use super::request::{Method, Request};
use super::response::Response;

pub struct JmapClient<T> {
    transport: T,
    credentials: Credentials,
    session: Session,
}

impl<T: Transport> JmapClient<T> {
    /// Discovers the session at `server` and signs in.
    pub async fn connect(transport: T, server: &str, credentials: Credentials) -> Result<Self, JmapError> {
        let session = discover(&transport, server, &credentials).await?;
        Ok(Self { transport, credentials, session })
    }

    /// A client for a session already known (e.g. restored from a cache).
    pub fn with_session(transport: T, credentials: Credentials, session: Session) -> Self {
        Self { transport, credentials, session }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn limits(&self) -> CoreLimits {
        self.session.limits()
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sends `request`, split into as many HTTP requests as `maxCallsInRequest` needs (one after
    /// the other, in order), and returns all the results as one response.
    pub async fn send(&self, request: Request) -> Result<Response, JmapError> {
        let mut merged: Option<Response> = None;
        for part in request.split(self.limits().max_calls_in_request)? {
            let response = self.send_one(&part).await?;
            match merged.as_mut() {
                Some(m) => m.extend(response),
                None => merged = Some(response),
            }
        }
        merged.ok_or_else(|| JmapError::Limit("empty request".into()))
    }

    /// Sends a request of one call and returns its typed result.
    pub async fn call<M: Method>(&self, method: M) -> Result<M::Response, JmapError> {
        let mut request = Request::new();
        let call = request.add(method);
        self.send(request).await?.get(&call)
    }

    async fn send_one(&self, request: &Request) -> Result<Response, JmapError> {
        let url = &self.session.api_url;
        let body = request.to_json().to_string();
        if body.len() as u64 > self.limits().max_size_request {
            return Err(JmapError::Limit(format!("{} bytes exceeds maxSizeRequest", body.len())));
        }
        let http = HttpRequest::post(url, body)
            .header("Authorization", self.credentials.authorization_header())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
        let response = self.transport.send(http).await.map_err(|e| transport_error(e, url))?;
        match response.status {
            200 => crate::json::parse(&response.body).map_err(|e| JmapError::Protocol(format!("unreadable response: {e}"))),
            401 => Err(JmapError::Unauthorized),
            403 => Err(JmapError::Forbidden),
            status => match crate::json::parse::<ProblemDetails>(&response.body) {
                Ok(problem) if response.is_json() && !problem.kind.is_empty() => Err(JmapError::Request(problem)),
                _ => Err(JmapError::Http { status, detail: short_detail(&response.body) }),
            },
        }
    }
}

/// The first line of a non-JMAP error body, if it is short plain text (never HTML).
fn short_detail(body: &str) -> Option<String> {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.len() <= 200 && !line.starts_with('<')).then(|| line.to_string())
}
