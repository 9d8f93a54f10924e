//! `fetch` as Tandem's transport. Requests carry their own `Authorization` header and never the
//! browser's credentials (`credentials: 'omit'`): otherwise a 401 with `WWW-Authenticate: Basic`
//! makes Chromium raise its own login prompt, which blocks the page.
//!
//! A request ends with its owner: sent under a reactive owner (a resource's load, a task from
//! `tasks::spawn_owned`), it is aborted when that owner is cleaned up — the agent left the page
//! or signed out — as the Leptos hackernews example's `api.rs` does. And it ends at its deadline
//! (`HttpRequest::answer_deadline`, 30 s for all but large bodies): `fetch` itself waits forever
//! on a connection that stalls, and a sync pass waiting on it would stop the inbox's updates with
//! nothing said; given up, it is `TransportError::NoAnswer`, said to the agent, and tried again.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::{set_timeout_with_handle, Owner, TimeoutHandle};
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
        let watch = Watch::new(request.answer_deadline());
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
            .abort_signal(watch.signal.as_ref());
        let built = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|e| TransportError::Other(e.to_string()))?;
        let response = match built.send().await {
            Ok(response) => response,
            Err(e) => match watch.failure(e.to_string()) {
                Some(ended) => return Err(ended),
                None => return Err(classify_failure(&request.url, e.to_string()).await),
            },
        };
        let headers = response.headers();
        let body = response
            .text()
            .await
            .map_err(|e| watch.failure(e.to_string()).unwrap_or_else(|| TransportError::Unreachable(e.to_string())))?;
        Ok(HttpResponse {
            status: response.status(),
            url: response.url(),
            content_type: headers.get("content-type"),
            location: headers.get("location"),
            body,
        })
    }

    /// The main thread paints and handles input between two pieces of a long job.
    async fn pause(&self) {
        crate::timer::yield_now().await
    }
}

/// What ends a request early: its owner's cleanup (the agent left the page or signed out) or its
/// deadline ([`HttpRequest::answer_deadline`]), both through one abort signal.
struct Watch {
    signal: Option<web_sys::AbortSignal>,
    deadline: std::time::Duration,
    timed_out: Rc<Cell<bool>>,
    timer: Option<TimeoutHandle>,
}

impl Watch {
    fn new(deadline: std::time::Duration) -> Self {
        let timed_out = Rc::new(Cell::new(false));
        let Ok(controller) = web_sys::AbortController::new() else {
            return Watch { signal: None, deadline, timed_out, timer: None };
        };
        let signal = controller.signal();
        let timer = set_timeout_with_handle(
            {
                let (controller, timed_out) = (controller.clone(), timed_out.clone());
                move || {
                    timed_out.set(true);
                    controller.abort();
                }
            },
            deadline,
        )
        .ok();
        if Owner::current().is_some() {
            let controller = SendWrapper::new(controller);
            Owner::on_cleanup(move || controller.abort());
        }
        Watch { signal: Some(signal), deadline, timed_out, timer }
    }

    /// Why the request failed, if it was ended on purpose: given up at its deadline, or dropped
    /// with its owner (nobody waits for the answer then, so no probe either). `None` when the
    /// network failed it.
    fn failure(&self, message: String) -> Option<TransportError> {
        if self.timed_out.get() {
            Some(TransportError::NoAnswer { seconds: self.deadline.as_secs() })
        } else if self.signal.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
            Some(TransportError::Unreachable(message))
        } else {
            None
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
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
