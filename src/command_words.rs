//! The keyboard's commands and places in the agent's words, in the interface's language (the
//! core names them by kind only): what the palette lists and matches what is typed against, and
//! what the list of shortcuts says. Tracked, like `tr!`.

use tandem_core::commands::{Command, Place};

use crate::tr;

/// What a command does, as the palette and the list of shortcuts say it.
pub fn command(command: Command) -> String {
    match command {
        Command::NextConversation => tr!(keys.next_conversation),
        Command::PreviousConversation => tr!(keys.previous_conversation),
        Command::BackToList => tr!(keys.back_to_list),
        Command::Reply => tr!(keys.reply),
        Command::ReplyAll => tr!(keys.reply_all),
        Command::Forward => tr!(keys.forward),
        Command::Note => tr!(keys.note),
        Command::AssignToMe => tr!(keys.assign_to_me),
        Command::AssignTo => tr!(keys.assign_to),
        Command::Tag => tr!(keys.tag),
        Command::MarkOpen => tr!(keys.mark_open),
        Command::MarkPending => tr!(keys.mark_pending),
        Command::Snooze => tr!(keys.snooze),
        Command::Close => tr!(keys.close),
        Command::Search => tr!(keys.search),
        Command::GoTo(to) => place(to),
        Command::ShowShortcuts => tr!(keys.show_shortcuts),
        Command::OpenPalette => tr!(keys.open_palette),
    }
}

/// Where `g` then a key goes, as a command ("Go to Mine").
pub fn place(place: Place) -> String {
    match place {
        Place::Inbox => tr!(keys.go_inbox),
        Place::Unassigned => tr!(keys.go_unassigned),
        Place::Mine => tr!(keys.go_mine),
        Place::Mentions => tr!(keys.go_mentions),
        Place::AllOpen => tr!(keys.go_all_open),
        Place::Pending => tr!(keys.go_pending),
        Place::Snoozed => tr!(keys.go_snoozed),
        Place::Closed => tr!(keys.go_closed),
        Place::Scheduled => tr!(keys.go_scheduled),
        Place::NewConversation => tr!(keys.new_conversation),
    }
}
