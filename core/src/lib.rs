//! Tandem's core: the JMAP protocol (RFC 8620 / RFC 8621) and the inbox model, in plain Rust.
//!
//! Nothing here knows about the browser. The network is reached through the [`transport::Transport`]
//! trait: the web app implements it with `fetch`, native tests and tools with a blocking HTTP client
//! ([`native_transport`], native builds only). Everything is tested natively with `cargo test`,
//! against a real Cyrus server where it talks to one.

pub mod auth;
pub mod capabilities;
pub mod changes;
pub mod commands;
pub mod conversation;
pub mod date;
pub mod error;
pub mod jmap;
pub mod json;
pub mod mailboxes;
pub mod model;
pub mod push;
pub mod read_ahead;
pub mod refusal;
pub mod reply;
pub mod search;
pub mod session;
pub mod sort;
pub mod sync;
pub mod team;
pub mod text;
pub mod thread_list;
pub mod transport;
pub mod url;

#[cfg(not(target_arch = "wasm32"))]
pub mod native_transport;

pub use error::JmapError;
pub use refusal::Refusal;
