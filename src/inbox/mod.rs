//! The inbox page's services, one concern each; `pages::inbox` wires them to the components.
//!
//! | service | decides |
//! | --- | --- |
//! | [`route`] | which account, list and team view the address names |
//! | [`mailboxes`] | the account's mailboxes: from the copy when it has them, else the server |
//! | [`lists`] | the rows of the open list, paged as the agent scrolls (where from: `core::sync::route`) |
//! | [`views`] | the team views, their labels and counts (the server's, else the copy's) |
//! | [`snooze_waker`] | when this client wakes the snoozed threads whose time has come |
//! | [`bulk`] | the bulk actions on the selected threads |
//! | [`shortcuts`] | the inbox's keyboard commands: the next and previous conversation, back, search, go to a view |
//! | [`search`] | the search: its query (in the address), the copy's hits at once, the server's after |

pub mod bulk;
pub mod lists;
pub mod mailboxes;
pub mod route;
pub mod search;
pub mod shortcuts;
pub mod snooze_waker;
pub mod views;
