//! Building a JMAP request (RFC 8620 §3.3): method calls with ids, result references between them,
//! and splitting into several HTTP requests when the session's `maxCallsInRequest` demands it.

use std::marker::PhantomData;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::JmapError;

/// One typed JMAP method: its name, the capability it needs, its arguments and its response type.
pub trait Method {
    const NAME: &'static str;
    const CAPABILITY: &'static str;
    type Response: serde::de::DeserializeOwned;
    fn into_arguments(self) -> Map<String, Value>;
}

/// A reference to a previous call's result (RFC 8620 §3.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultRef {
    #[serde(rename = "resultOf")]
    pub result_of: String,
    pub name: String,
    pub path: String,
}

/// An `ids` argument: a literal list, a result reference, or `null` (all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ids {
    List(Vec<String>),
    Ref(ResultRef),
    All,
}

impl Ids {
    /// Writes `key` (or `#key` for a reference) into `args`.
    pub fn put(self, args: &mut Map<String, Value>, key: &str) {
        match self {
            Ids::List(ids) => {
                args.insert(key.to_string(), json!(ids));
            }
            Ids::Ref(r) => {
                args.insert(format!("#{key}"), json!(r));
            }
            Ids::All => {
                args.insert(key.to_string(), Value::Null);
            }
        }
    }
}

/// The handle of a call added to a [`Request`]: makes references to its result and reads its
/// response with the right type.
#[derive(Debug)]
pub struct CallRef<R> {
    pub(crate) id: String,
    pub(crate) name: &'static str,
    _response: PhantomData<fn() -> R>,
}

impl<R> Clone for CallRef<R> {
    fn clone(&self) -> Self {
        Self { id: self.id.clone(), name: self.name, _response: PhantomData }
    }
}

impl<R> CallRef<R> {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A reference to a JSON pointer (`/ids`, `/list/*/threadId`) into this call's result.
    pub fn reference(&self, path: &str) -> ResultRef {
        ResultRef { result_of: self.id.clone(), name: self.name.to_string(), path: path.to_string() }
    }

    pub fn ids(&self, path: &str) -> Ids {
        Ids::Ref(self.reference(path))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invocation {
    pub name: &'static str,
    pub arguments: Map<String, Value>,
    pub id: String,
}

impl Invocation {
    /// Ids of the earlier calls this one references.
    fn references(&self) -> impl Iterator<Item = &str> {
        self.arguments.iter().filter(|(k, _)| k.starts_with('#')).filter_map(|(_, v)| v.get("resultOf").and_then(Value::as_str))
    }
}

/// A JMAP request under construction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    using: Vec<&'static str>,
    pub(crate) calls: Vec<Invocation>,
    next_id: usize,
}

impl Request {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add<M: Method>(&mut self, method: M) -> CallRef<M::Response> {
        self.use_capability(super::CAP_CORE);
        self.use_capability(M::CAPABILITY);
        let id = format!("c{}", self.next_id);
        self.next_id += 1;
        self.calls.push(Invocation { name: M::NAME, arguments: method.into_arguments(), id: id.clone() });
        CallRef { id, name: M::NAME, _response: PhantomData }
    }

    pub fn use_capability(&mut self, capability: &'static str) {
        if !self.using.contains(&capability) {
            self.using.push(capability);
        }
    }

    pub fn len(&self) -> usize {
        self.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    pub fn to_json(&self) -> Value {
        let calls: Vec<Value> = self.calls.iter().map(|c| json!([c.name, c.arguments, c.id])).collect();
        json!({ "using": self.using, "methodCalls": calls })
    }

    /// Splits into requests of at most `max_calls` calls each, never separating a call from one it
    /// references. A chain longer than `max_calls` cannot be sent and is an error.
    pub fn split(self, max_calls: usize) -> Result<Vec<Request>, JmapError> {
        let max_calls = max_calls.max(1);
        if self.calls.len() <= max_calls {
            return Ok(vec![self]);
        }
        // Group calls into chains: a call joins the group of every call it references.
        let mut group_of: Vec<usize> = Vec::with_capacity(self.calls.len());
        for (i, call) in self.calls.iter().enumerate() {
            let mut start = i;
            for r in call.references() {
                if let Some(j) = self.calls[..i].iter().position(|c| c.id == r) {
                    start = start.min(group_of[j]);
                }
            }
            // Everything from `start` to `i` now belongs to one chain.
            for g in group_of.iter_mut().skip(start) {
                *g = start;
            }
            group_of.push(start);
        }
        let mut out: Vec<Request> = Vec::new();
        let mut i = 0;
        while i < self.calls.len() {
            let g = group_of[i];
            let end = group_of.iter().rposition(|&x| x == g).unwrap() + 1;
            let chain = &self.calls[i..end];
            if chain.len() > max_calls {
                return Err(JmapError::Limit(format!("a chain of {} calls exceeds maxCallsInRequest {max_calls}", chain.len())));
            }
            let fits = out.last().is_some_and(|r| r.calls.len() + chain.len() <= max_calls);
            if !fits {
                out.push(Request { using: self.using.clone(), calls: Vec::new(), next_id: self.next_id });
            }
            out.last_mut().unwrap().calls.extend_from_slice(chain);
            i = end;
        }
        Ok(out)
    }
}
