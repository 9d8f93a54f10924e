//! Typed JMAP: requests with several method calls and result references, their responses, the mail
//! object types (RFC 8621) and a client that sends them within the session's limits.

pub mod client;
pub mod methods;
pub mod objects;
pub mod principals;
pub mod request;
#[cfg(test)]
mod request_tests;
pub mod response;
pub mod submission;

pub use client::JmapClient;
pub use request::{CallRef, Ids, Request, ResultRef};
pub use response::Response;

pub use crate::capabilities::{CAP_CORE, CAP_MAIL, CAP_SUBMISSION};
