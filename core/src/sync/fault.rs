//! A [`Transport`] wrapper for tests that loses connections on cue, which a real server cannot
//! be made to do, and counts the traffic that goes through it.
//!
//! ```ignore
//! let client = JmapClient::connect(FaultyTransport::new(NativeTransport::new()), url, creds).await?;
//! client.transport().fail_next(&[Fault::AfterServer]);   // the server gets it, we never hear back
//! client.transport().set_offline(true);                  // nothing gets through until false
//! ```

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::transport::{HttpRequest, HttpResponse, Transport, TransportError};

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Goes through as usual.
    Pass,
    /// The connection drops before the request reaches the server.
    BeforeServer,
    /// The server receives and handles the request, then the connection drops: the answer is lost.
    AfterServer,
    /// The server receives and handles the request, and its answer never comes: the transport
    /// gives up at the request's deadline (`TransportError::NoAnswer`), at once here.
    Unanswered,
}

/// Requests and bytes that went through (lost answers included in `requests` and
/// `request_bytes`, not in `response_bytes`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Traffic {
    pub requests: usize,
    /// Requests that reached the server.
    pub delivered: usize,
    pub request_bytes: usize,
    pub response_bytes: usize,
}

/// What went through, in order (see [`FaultyTransport::events`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A request left.
    Sent,
    /// Its answer (or the loss of it) came back.
    Answered,
    /// The caller paused between two pieces of its work ([`Transport::pause`]).
    Paused,
}

pub struct FaultyTransport<T> {
    inner: T,
    events: RefCell<Vec<Event>>,
    cues: RefCell<VecDeque<Fault>>,
    offline: Cell<bool>,
    traffic: Cell<Traffic>,
    last_response: RefCell<Option<String>>,
}

impl<T: Transport> FaultyTransport<T> {
    pub fn new(inner: T) -> Self {
        FaultyTransport {
            inner,
            events: RefCell::new(Vec::new()),
            cues: RefCell::new(VecDeque::new()),
            offline: Cell::new(false),
            traffic: Cell::new(Traffic::default()),
            last_response: RefCell::new(None),
        }
    }

    /// What happens to the next requests, one fault each, in order; then they pass again.
    pub fn fail_next(&self, faults: &[Fault]) {
        self.cues.borrow_mut().extend(faults.iter().copied());
    }

    /// While offline, every request fails before reaching the server (after any queued cues).
    pub fn set_offline(&self, offline: bool) {
        self.offline.set(offline);
    }

    pub fn traffic(&self) -> Traffic {
        self.traffic.get()
    }

    pub fn reset_traffic(&self) {
        self.traffic.set(Traffic::default());
        self.events.borrow_mut().clear();
    }

    /// Requests, answers and pauses since the last [`Self::reset_traffic`], in order: what a
    /// caller did between an answer and its next request.
    pub fn events(&self) -> Vec<Event> {
        self.events.borrow().clone()
    }

    /// The body of the last answer received (delivered or lost).
    pub fn last_response(&self) -> Option<String> {
        self.last_response.borrow().clone()
    }

    fn next_fault(&self) -> Fault {
        match self.cues.borrow_mut().pop_front() {
            Some(fault) => fault,
            None if self.offline.get() => Fault::BeforeServer,
            None => Fault::Pass,
        }
    }

    fn count(&self, request: &HttpRequest, delivered: bool, response: Option<&HttpResponse>) {
        let mut t = self.traffic.get();
        t.requests += 1;
        t.delivered += usize::from(delivered);
        t.request_bytes += request.body.as_ref().map_or(0, String::len);
        t.response_bytes += response.map_or(0, |r| r.body.len());
        self.traffic.set(t);
    }
}

impl<T: Transport> Transport for FaultyTransport<T> {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let fault = self.next_fault();
        self.events.borrow_mut().push(Event::Sent);
        if fault == Fault::BeforeServer {
            self.count(&request, false, None);
            self.events.borrow_mut().push(Event::Answered);
            return Err(TransportError::Unreachable("connection lost before the request was sent (injected)".into()));
        }
        let result = self.inner.send(request.clone()).await;
        self.events.borrow_mut().push(Event::Answered);
        if let Ok(response) = &result {
            *self.last_response.borrow_mut() = Some(response.body.clone());
        }
        match fault {
            Fault::AfterServer => {
                self.count(&request, true, None);
                Err(TransportError::Unreachable("connection lost before the answer arrived (injected)".into()))
            }
            Fault::Unanswered => {
                self.count(&request, true, None);
                Err(TransportError::NoAnswer { seconds: request.answer_deadline().as_secs() })
            }
            _ => {
                self.count(&request, result.is_ok(), result.as_ref().ok());
                result
            }
        }
    }

    async fn pause(&self) {
        self.events.borrow_mut().push(Event::Paused);
        self.inner.pause().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers every request with its own body.
    struct Echo(Cell<usize>);

    impl Transport for Echo {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.0.set(self.0.get() + 1);
            Ok(HttpResponse { status: 200, url: request.url, content_type: None, location: None, body: request.body.unwrap_or_default() })
        }
    }

    fn send(t: &FaultyTransport<Echo>, body: &str) -> Result<HttpResponse, TransportError> {
        crate::sync::test_support::ready(t.send(HttpRequest::post("http://x/", body.into())))
    }

    #[test]
    fn faults_happen_on_cue_and_only_after_server_reaches_it() {
        let t = FaultyTransport::new(Echo(Cell::new(0)));
        t.fail_next(&[Fault::BeforeServer, Fault::AfterServer]);
        assert!(send(&t, "a").is_err());
        assert_eq!(t.inner.0.get(), 0, "dropped before the server");
        assert!(send(&t, "bb").is_err());
        assert_eq!(t.inner.0.get(), 1, "the server got it");
        assert_eq!(send(&t, "ccc").unwrap().body, "ccc");
        t.set_offline(true);
        assert!(send(&t, "d").is_err());
        assert_eq!(t.inner.0.get(), 2);
        assert_eq!(t.traffic(), Traffic { requests: 4, delivered: 2, request_bytes: 7, response_bytes: 3 });
    }

    #[test]
    fn an_unanswered_request_reaches_the_server_and_is_given_up_at_its_deadline() {
        let t = FaultyTransport::new(Echo(Cell::new(0)));
        t.fail_next(&[Fault::Unanswered]);
        assert_eq!(send(&t, "a"), Err(TransportError::NoAnswer { seconds: 30 }));
        assert_eq!(t.inner.0.get(), 1, "the server got it");
        assert_eq!(t.traffic(), Traffic { requests: 1, delivered: 1, request_bytes: 1, response_bytes: 0 });
    }
}
