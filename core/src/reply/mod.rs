//! Replying as the team (docs/scheme.md, "Replies"): what a reply says and to whom
//! ([`message`], [`recipients`], [`html`]), and sending it exactly once from the agent's own
//! account with the team's address, a copy landing in the team account's Sent mailbox so the whole
//! team sees it in the conversation ([`send`]). Files the agent attaches are uploaded as blobs
//! first, within the server's limits ([`upload`]).

pub mod draft;
pub mod formatting;
pub mod html;
pub mod identity;
pub mod message;
pub mod recipients;
pub mod scheduled;
pub mod send;
pub mod stale;
pub mod upload;
pub mod variables;

pub use draft::{parse_addresses, ReplyDraft};
pub use message::{Address, AttachmentRef, Hold, Outgoing, Unsendable};
pub use recipients::{reply_start, ReplyKind, ReplyStart};
pub use send::{send, take_back, SendJob, Submitted, TakenBack};
pub use stale::{news_since, News};
