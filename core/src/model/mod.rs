//! The values of the team scheme (docs/scheme.md): keywords, agent ids, statuses, the kinds of
//! the emails Tandem adds, and a thread's team state derived from its emails. No requests here:
//! the operations are in `team`. The inbox model (`thread_list`, `conversation`), the sync engine
//! (`sync`) and `team` all use these; this module uses none of them.

pub mod agent_id;
pub mod keywords;
pub mod kind;
pub mod shared_draft;
pub mod status;
pub mod thread_state;
