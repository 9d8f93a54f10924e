//! Typed JMAP: requests with several method calls and result references, their responses, the mail
//! object types (RFC 8621) and a client that sends them within the session's limits.

pub mod client;
pub mod methods;
pub mod objects;
pub mod principals;
pub mod request;
pub mod response;
pub mod submission;

pub use client::JmapClient;
pub use request::{CallRef, Ids, Request, ResultRef};
pub use response::Response;

pub const CAP_CORE: &str = "urn:ietf:params:jmap:core";
pub const CAP_MAIL: &str = "urn:ietf:params:jmap:mail";
pub const CAP_SUBMISSION: &str = "urn:ietf:params:jmap:submission";
