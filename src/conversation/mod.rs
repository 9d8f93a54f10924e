//! The thread page's services, one concern each; `pages::thread` wires them to the components.
//!
//! | service | decides |
//! | --- | --- |
//! | [`opening`] | a conversation's reading begun when its row is pressed, taken by [`shown`] |
//! | [`shown`] | the conversation on screen: the copy's, the server's, the agent's change on top |
//! | [`actions`] | the team actions (assign, status, tags, snooze, notes): where each is written, what the screen says |
//! | [`history`] | the customer's other conversations: the copy's at once, the server's after |
//! | [`shortcuts`] | the conversation's keyboard commands; closing moves on to the next conversation |
//! | [`mentioned`] | opened from Mentions: the note that mentions the agent, scrolled into view |

pub mod actions;
pub mod history;
pub mod mentioned;
pub mod opening;
pub mod shortcuts;
pub mod shown;
