//! Tandem's browser app: Leptos services and components over `tandem-core`.
//!
//! Dependencies run one way: `tandem_core` (protocol, sync, team logic) ← the app's services
//! (transport, auth, the local copy, the outbox, the sync driver, the team context, replying) ←
//! `pages` (one per route: wire services to components, decide nothing) ← `components` (render
//! data; never speak JMAP). ARCHITECTURE.md draws the layers and says where each concept lives;
//! `scripts/module_deps.py --app` checks there is no import circle.

pub mod app;
pub mod app_error;
pub mod attachments;
pub mod auth;
pub mod cache;
pub mod catalogs;
pub mod code_parts;
pub mod cold_start;
pub mod command_words;
pub mod components;
pub mod connection;
pub mod conversation;
pub mod crash_screen;
pub mod first_paint;
pub mod inbox;
pub mod inbox_refresh;
pub mod intl;
pub mod keyboard;
pub mod language;
pub mod layout;
pub mod lazy_pages;
pub mod local_copy;
pub mod local_time;
pub mod mail_html;
pub mod note_drafts;
pub mod notices;
pub mod notifications;
pub mod offline_shell;
pub mod pages;
pub mod pending_writes;
pub mod perf_marks;
pub mod prefetch;
pub mod push_stream;
pub mod reply_flow;
pub mod reply_sending;
pub mod replying;
pub mod saved_login;
pub mod saved_replies;
pub mod scheduled;
pub mod settings_saving;
pub mod shared_drafts;
pub mod shown_states;
pub mod sync_driver;
pub mod sync_status;
pub mod tasks;
pub mod team_context;
pub mod team_writes;
pub mod theme;
pub mod timer;
pub mod web_transport;
pub mod wording;
pub mod words;

// The interface's message catalogs, compiled by build.rs from locales/ (see `catalogs`).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Mounts the app on `<body>`.
pub fn start() {
    perf_marks::mark("tandem:wasm-start", None);
    perf_marks::expose_memory_probe();
    crash_screen::install();
    first_paint::install();
    // The agent's language first: its words are fetched before the app shows (`language`).
    language::start(|| leptos::mount::mount_to_body(app::App));
}
