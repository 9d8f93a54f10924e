//! A blocking HTTP transport for native tests and tools (native builds only). It never follows
//! redirects itself, so discovery sees and handles them as a browser-independent step.

use std::time::Duration;

use crate::transport::{HttpMethod, HttpRequest, HttpResponse, Transport, TransportError};

pub struct NativeTransport {
    agent: ureq::Agent,
}

impl Default for NativeTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl NativeTransport {
    pub fn new() -> Self {
        Self { agent: ureq::AgentBuilder::new().redirects(0).timeout(Duration::from_secs(60)).build() }
    }
}

impl Transport for NativeTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        };
        let mut call = self.agent.request(method, &request.url);
        for (name, value) in &request.headers {
            call = call.set(name, value);
        }
        let result = match &request.body {
            Some(body) => call.send_string(body),
            None => call.call(),
        };
        let response = match result {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(ureq::Error::Transport(t)) => return Err(TransportError::Unreachable(t.to_string())),
        };
        let status = response.status();
        let url = response.get_url().to_string();
        let content_type = response.header("content-type").map(str::to_string);
        let location = response.header("location").map(str::to_string);
        let body = response.into_string().map_err(|e| TransportError::Other(e.to_string()))?;
        Ok(HttpResponse { status, url, content_type, location, body })
    }
}
