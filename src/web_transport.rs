//! `fetch` as Tandem's transport. Requests carry their own `Authorization` header and never the
//! browser's credentials (`credentials: 'omit'`): otherwise a 401 with `WWW-Authenticate: Basic`
//! makes Chromium raise its own login prompt, which blocks the page.

use gloo_net::http::{Request, RequestBuilder};
use tandem_core::transport::{HttpMethod, HttpRequest, HttpResponse, Transport, TransportError};
use web_sys::{RequestCredentials, RequestMode, RequestRedirect};

#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let builder = match request.method {
            HttpMethod::Get => Request::get(&request.url),
            HttpMethod::Post => Request::post(&request.url),
        };
        let builder: RequestBuilder = request
            .headers
            .iter()
            .fold(builder, |b, (name, value)| b.header(name, value))
            .credentials(RequestCredentials::Omit)
            .mode(RequestMode::Cors)
            .redirect(RequestRedirect::Follow);
        let built = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|e| TransportError::Other(e.to_string()))?;
        match built.send().await {
            Ok(response) => {
                let headers = response.headers();
                Ok(HttpResponse {
                    status: response.status(),
                    url: response.url(),
                    content_type: headers.get("content-type"),
                    location: headers.get("location"),
                    body: response.text().await.map_err(|e| TransportError::Unreachable(e.to_string()))?,
                })
            }
            Err(e) => Err(classify_failure(&request.url, e.to_string()).await),
        }
    }
}

/// `fetch` rejects with the same TypeError whether the server is down or refused our origin.
/// For a cross-origin URL, an opaque `no-cors` probe tells the two apart: it succeeds when
/// something answered. (A page served cross-origin-isolated, with `Cross-Origin-Embedder-Policy:
/// require-corp`, blocks the probe too, and then reports the server as unreachable.)
async fn classify_failure(url: &str, message: String) -> TransportError {
    let page_origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    if tandem_core::url::origin(url).is_none_or(|o| o == page_origin) {
        return TransportError::Unreachable(message);
    }
    let answered = match Request::get(url).mode(RequestMode::NoCors).credentials(RequestCredentials::Omit).build() {
        Ok(probe) => probe.send().await.is_ok(),
        Err(_) => false,
    };
    if answered {
        TransportError::CorsBlocked(message)
    } else {
        TransportError::Unreachable(message)
    }
}
