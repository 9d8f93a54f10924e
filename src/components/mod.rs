//! Pieces of pages. They take plain data (from `tandem_core`) as props and render it; every
//! string that came from mail or from teammates is rendered as text, never as markup.

pub mod activity_line;
pub mod agent_manager;
pub mod attachment_tray;
pub mod bulk_bar;
pub mod command_palette;
pub mod customer_history;
pub mod format_bar;
pub mod html_frame;
pub mod language_switch;
pub mod mailbox_nav;
pub mod message_blobs;
pub mod message_view;
pub mod no_thread;
pub mod note_composer;
pub mod note_view;
pub mod notice;
pub mod notification_switch;
pub mod reply_composer;
pub mod reply_settings_manager;
pub mod saved_reply_editor;
pub mod saved_reply_picker;
pub mod scheduled_list;
pub mod search_box;
pub mod send_later;
pub mod stale_reply;
pub mod sync_progress;
pub mod tag_manager;
pub mod teammate_drafts;
pub mod theme_switch;
pub mod thread_actions;
pub mod thread_list;
pub mod thread_row;
pub mod undo_send;
pub mod view_nav;
pub mod virtual_list;
