//! Searching the team inbox: the query an agent types, bound to the team, matched against the
//! local copy's rows (an in-memory [`SearchIndex`], on every keystroke) and asked of the JMAP
//! server ([`search_server`]: message bodies, threads the copy lacks); [`merge_hits`] makes one
//! list of both.
//!
//! The query language (words are ANDed; operator names in any case; values case-insensitive,
//! matched as substrings, no word segmentation, so Chinese and Arabic work as typed):
//!
//! | Query                        | Finds threads…                                               |
//! |------------------------------|--------------------------------------------------------------|
//! | `refund`                     | with the word in the subject, sender or text                 |
//! | `"late delivery"`            | with the phrase (an unterminated quote runs to the end)      |
//! | `-word`, `-tag:x`, `-"a b"`  | without it (any term can be negated)                         |
//! | `from:alice` `to:bob`        | from / to a name or address (`to:` is asked of the server)   |
//! | `subject:"late delivery"`    | with it in the subject                                       |
//! | `tag:billing`                | with the tag so named, else any tag whose name starts so     |
//! | `assignee:me` `:none` `:bob` | assigned to me, to nobody, to an agent (login or name)       |
//! | `is:open` (`pending`, `snoozed`, `closed`, `unread`) | in that state                        |
//! | `has:attachment` `has:note`  | with an attachment / an internal note                        |
//! | `before:2026-12-01`          | received before that UTC day (`YYYY-MM-DD` or `YYYY/MM/DD`)  |
//! | `after:2026-12-01`           | received on or after it                                      |
//!
//! A word with a colon that is no operator (`http://x`, `re:`, `10:30`) is plain text. What
//! cannot be read is a [`QueryHint`], one sentence. The query is untrusted (typed, from the
//! address, from recent searches): nothing here panics on any input.

mod day;
mod hint;
mod history;
mod index;
mod matcher;
mod merge;
mod query;
mod recent;
mod resolve;
mod server;

pub use day::Day;
pub use hint::QueryHint;
pub use history::{customer_of, customer_query, customers_only, Customer};
pub use index::{SearchHits, SearchIndex};
pub use matcher::{Scope, SearchText};
pub use merge::merge_hits;
pub use query::{parse, AssigneeIs, HasWhat, IsWhat, SearchQuery, Term, TermKind, MAX_CHARS, MAX_TERMS};
pub use recent::{remember, RECENT_SEARCHES};
pub use resolve::{resolve, ResolvedKind, ResolvedQuery, ResolvedTerm};
pub use server::search_server;
