//! One component per route. Pages read the route and the signed-in client, load what they show
//! through `tandem_core`, and hand plain data to components.

pub mod home;
pub mod inbox;
pub mod login;
pub mod new_conversation;
pub mod scheduled;
pub mod team_admin;
pub mod thread;
pub mod writing;
