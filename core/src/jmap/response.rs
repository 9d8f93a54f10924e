//! Reading a JMAP response (RFC 8620 §3.4): each call's result by its handle, with method-level
//! errors turned into [`JmapError::Method`].
//!
//! Each call's arguments are kept as they were parsed ([`Deferred`]) and read once, straight into
//! the type its method answers with: no tree of `Value`s built for the whole response and then
//! copied into types (a full-sync answer is ~1 MB, read on the browser's main thread).

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::request::CallRef;
use crate::error::{JmapError, MethodError};
use crate::json::Deferred;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub method_responses: Vec<(String, Deferred, String)>,
    #[serde(default)]
    pub session_state: String,
}

impl Response {
    /// The response to `call`, decoded as its method's response type.
    pub fn get<R: DeserializeOwned>(&self, call: &CallRef<R>) -> Result<R, JmapError> {
        let args = self.arguments(&call.id, call.name)?;
        args.read().map_err(|e| JmapError::Protocol(format!("malformed {} response: {e}", call.name)))
    }

    /// The arguments answering the call `id` to `method`, or the error it was answered with. Apart
    /// from [`Response::get`] so that each answer type's copy of it is only the typed read.
    fn arguments(&self, id: &str, method: &str) -> Result<&Deferred, JmapError> {
        let (name, args, _) = self
            .method_responses
            .iter()
            .find(|(_, _, i)| i == id)
            .ok_or_else(|| JmapError::Protocol(format!("no response to {method} ({id})")))?;
        if name == "error" {
            let error: MethodError = args.read().map_err(|e| JmapError::Protocol(format!("malformed error for {method}: {e}")))?;
            return Err(JmapError::Method(error.recognized()));
        }
        if name != method {
            return Err(JmapError::Protocol(format!("expected {method} for {id}, got {name}")));
        }
        Ok(args)
    }

    /// Appends the results of a further request (used when one logical request was split).
    pub fn extend(&mut self, other: Response) {
        self.method_responses.extend(other.method_responses);
        self.session_state = other.session_state;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::jmap::methods::{EmailQuery, ThreadGet};
    use crate::jmap::request::{Ids, Request};
    use serde_json::json;

    #[test]
    fn method_errors_become_typed_errors() {
        let mut req = Request::new();
        let q = req.add(EmailQuery::new("A"));
        let t = req.add(ThreadGet::new("A", Ids::All));
        let resp: Response = serde_json::from_value(json!({
            "methodResponses": [
                ["error", {"type": "unsupportedFilter", "description": "nope"}, "c0"],
                ["Thread/get", {"accountId": "A", "state": "s1", "list": [{"id": "T1", "emailIds": ["M1", "M2"]}], "notFound": []}, "c1"]
            ],
            "sessionState": "x"
        }))
        .unwrap();
        match resp.get(&q) {
            Err(JmapError::Method(e)) => assert_eq!(e.kind, ErrorKind::UnsupportedFilter),
            other => panic!("{other:?}"),
        }
        let threads = resp.get(&t).unwrap();
        assert_eq!(threads.list[0].email_ids, vec!["M1", "M2"]);
    }

    #[test]
    fn a_missing_response_is_a_protocol_error() {
        let mut req = Request::new();
        let q = req.add(EmailQuery::new("A"));
        let resp = Response { method_responses: vec![], session_state: String::new() };
        assert!(matches!(resp.get(&q), Err(JmapError::Protocol(_))));
    }
}
