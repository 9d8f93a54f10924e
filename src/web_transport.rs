//! `fetch` as Tandem's transport. Requests carry their own `Authorization` header and never the
//! browser's credentials (`credentials: 'omit'`): otherwise a 401 with `WWW-Authenticate: Basic`
//! makes Chromium raise its own login prompt, which blocks the page.
//!
//! A request ends with its owner: sent under a reactive owner (a resource's load, a task from
//! `tasks::spawn_owned`), it is aborted when that owner is cleaned up — the agent left the page
//! or signed out — as the Leptos hackernews example's `api.rs` does.

use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::Owner;
use send_wrapper::SendWrapper;
use tandem_core::jmap::JmapClient;
use tandem_core::transport::{HttpMethod, HttpRequest, HttpResponse, Transport, TransportError};
use web_sys::{RequestCredentials, RequestMode, RequestRedirect};

#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

/// The app's JMAP client: the core's, talking through `fetch`.
pub type Client = JmapClient<FetchTransport>;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let abort = abort_with_owner();
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
            .redirect(RequestRedirect::Follow)
            .abort_signal(abort.as_ref());
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
            // Its owner is gone: nobody waits for the answer, so no probe either.
            Err(e) if abort.as_ref().is_some_and(web_sys::AbortSignal::aborted) => Err(TransportError::Unreachable(e.to_string())),
            Err(e) => Err(classify_failure(&request.url, e.to_string()).await),
        }
    }

    /// The main thread paints and handles input between two pieces of a long job.
    async fn pause(&self) {
        crate::timer::yield_now().await
    }
}

/// An abort signal for a request sent under the current reactive owner, fired when that owner is
/// cleaned up (none without an owner: the request then runs to its end).
fn abort_with_owner() -> Option<web_sys::AbortSignal> {
    Owner::current().as_ref()?;
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let controller = SendWrapper::new(controller);
    Owner::on_cleanup(move || controller.abort());
    Some(signal)
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
