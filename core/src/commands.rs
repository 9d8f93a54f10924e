//! What an agent can ask of the app from the keyboard: the commands, the keys that run them (one
//! key, or `g` then a key to go somewhere), and how the command palette finds a command from what
//! is typed. The app runs the commands (`src/keyboard.rs`); which are available depends on the
//! screen (a conversation must be open to reply). The app also words them, in the interface's
//! language (`src/command_words.rs`): the palette matches what is typed against those words.
//!
//! | keys | command |
//! | --- | --- |
//! | `j` / `k` | next / previous conversation |
//! | `Escape`, `u` | back to the list |
//! | `r`, `a`, `f` | reply, reply all, forward |
//! | `n` | add a note |
//! | `m`, `M` | assign to me, assign to… |
//! | `t` | tag… |
//! | `o`, `p`, `s`, `c` | open, pending, snooze…, close |
//! | `/` | search |
//! | `g` then `i` `u` `m` `n` `o` `p` `s` `c` `l` `w` | go to the inbox, Unassigned, Mine, Mentions, All open, Pending, Snoozed, Closed, Scheduled replies, a new conversation |
//! | `?` | the shortcuts |
//! | `Ctrl`/`⌘` + `K` | the command palette |

/// Something the agent asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    NextConversation,
    PreviousConversation,
    BackToList,
    Reply,
    ReplyAll,
    Forward,
    Note,
    AssignToMe,
    AssignTo,
    Tag,
    MarkOpen,
    MarkPending,
    Snooze,
    Close,
    Search,
    GoTo(Place),
    ShowShortcuts,
    OpenPalette,
}

/// Where `g` then a key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Inbox,
    Unassigned,
    Mine,
    Mentions,
    AllOpen,
    Pending,
    Snoozed,
    Closed,
    Scheduled,
    NewConversation,
}

impl Place {
    pub const ALL: [Place; 10] = [
        Place::Inbox,
        Place::Unassigned,
        Place::Mine,
        Place::Mentions,
        Place::AllOpen,
        Place::Pending,
        Place::Snoozed,
        Place::Closed,
        Place::Scheduled,
        Place::NewConversation,
    ];

    /// The key after `g`.
    pub fn key(self) -> char {
        match self {
            Place::Inbox => 'i',
            Place::Unassigned => 'u',
            Place::Mine => 'm',
            Place::Mentions => 'n',
            Place::AllOpen => 'o',
            Place::Pending => 'p',
            Place::Snoozed => 's',
            Place::Closed => 'c',
            Place::Scheduled => 'l',
            Place::NewConversation => 'w',
        }
    }
}

impl Command {
    /// Every command, in the order the shortcuts list and the palette show them.
    pub fn all() -> Vec<Command> {
        let mut all = vec![
            Command::NextConversation,
            Command::PreviousConversation,
            Command::BackToList,
            Command::Reply,
            Command::ReplyAll,
            Command::Forward,
            Command::Note,
            Command::AssignToMe,
            Command::AssignTo,
            Command::Tag,
            Command::MarkOpen,
            Command::MarkPending,
            Command::Snooze,
            Command::Close,
            Command::Search,
        ];
        all.extend(Place::ALL.into_iter().map(Command::GoTo));
        all.extend([Command::ShowShortcuts, Command::OpenPalette]);
        all
    }

    /// The keys, as the shortcuts list shows them.
    pub fn keys(self) -> String {
        match self {
            Command::NextConversation => "j".into(),
            Command::PreviousConversation => "k".into(),
            Command::BackToList => "Esc / u".into(),
            Command::Reply => "r".into(),
            Command::ReplyAll => "a".into(),
            Command::Forward => "f".into(),
            Command::Note => "n".into(),
            Command::AssignToMe => "m".into(),
            Command::AssignTo => "Shift+M".into(),
            Command::Tag => "t".into(),
            Command::MarkOpen => "o".into(),
            Command::MarkPending => "p".into(),
            Command::Snooze => "s".into(),
            Command::Close => "c".into(),
            Command::Search => "/".into(),
            Command::GoTo(place) => format!("g {}", place.key()),
            Command::ShowShortcuts => "?".into(),
            Command::OpenPalette => "Ctrl+K".into(),
        }
    }
}

/// A key pressed, as the browser's `KeyboardEvent` says it (`key` is the character typed, or a
/// name such as `Escape`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPress<'a> {
    pub key: &'a str,
    /// Ctrl, or ⌘ on a Mac.
    pub command: bool,
    pub alt: bool,
}

/// Turns key presses into commands; remembers a `g` waiting for its second key.
#[derive(Debug, Default, Clone)]
pub struct Keymap {
    after_g: bool,
}

impl Keymap {
    /// The command `press` asks for, if any. A key with Alt, or with Ctrl/⌘ other than `K`, is
    /// the browser's or the system's: never taken.
    pub fn press(&mut self, press: &KeyPress) -> Option<Command> {
        let after_g = std::mem::take(&mut self.after_g);
        if press.alt {
            return None;
        }
        if press.command {
            return press.key.eq_ignore_ascii_case("k").then_some(Command::OpenPalette);
        }
        let mut chars = press.key.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        if after_g {
            return single.and_then(|c| Place::ALL.into_iter().find(|p| p.key() == c)).map(Command::GoTo);
        }
        if press.key == "Escape" {
            return Some(Command::BackToList);
        }
        Some(match single? {
            'g' => {
                self.after_g = true;
                return None;
            }
            'j' => Command::NextConversation,
            'k' => Command::PreviousConversation,
            'u' => Command::BackToList,
            'r' => Command::Reply,
            'a' => Command::ReplyAll,
            'f' => Command::Forward,
            'n' => Command::Note,
            'm' => Command::AssignToMe,
            'M' => Command::AssignTo,
            't' => Command::Tag,
            'o' => Command::MarkOpen,
            'p' => Command::MarkPending,
            's' => Command::Snooze,
            'c' => Command::Close,
            '/' => Command::Search,
            '?' => Command::ShowShortcuts,
            _ => return None,
        })
    }
}

/// The commands that answer what was typed in the palette, best first (commands ranked alike
/// keep the order given). Each is found by its label as the agent reads it, in the interface's
/// language: `labelled` pairs each command with that label (the app words commands; the core
/// only names them).
pub fn palette_find<L: AsRef<str>>(typed: &str, labelled: impl IntoIterator<Item = (Command, L)>) -> Vec<Command> {
    let mut ranked: Vec<(u32, usize, Command)> = labelled
        .into_iter()
        .enumerate()
        .filter_map(|(i, (command, label))| palette_rank(typed, label.as_ref()).map(|r| (r, i, command)))
        .collect();
    crate::sort::sort_by_key(&mut ranked, |(r, i, _)| (*r, *i));
    ranked.into_iter().map(|(_, _, command)| command).collect()
}

/// How well `label` answers what was typed in the palette: `None` when it does not (every word
/// typed must begin a word of the label, or be found in it), else a rank (lower is better: the
/// label's start, then a word's start, then anywhere). Case-insensitive, any script.
pub fn palette_rank(typed: &str, label: &str) -> Option<u32> {
    let label = label.to_lowercase();
    let mut rank = 0;
    for word in typed.split_whitespace() {
        let word = word.to_lowercase();
        rank += if label.starts_with(&word) {
            0
        } else if label.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(&word)) {
            1
        } else if label.contains(&word) {
            2
        } else {
            return None;
        };
    }
    Some(rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> KeyPress<'_> {
        KeyPress { key, command: false, alt: false }
    }

    #[test]
    fn single_keys_and_g_sequences_become_commands() {
        let mut keys = Keymap::default();
        assert_eq!(keys.press(&key("j")), Some(Command::NextConversation));
        assert_eq!(keys.press(&key("M")), Some(Command::AssignTo));
        assert_eq!(keys.press(&key("Escape")), Some(Command::BackToList));
        assert_eq!(keys.press(&key("g")), None);
        assert_eq!(keys.press(&key("m")), Some(Command::GoTo(Place::Mine)));
        // After a sequence, keys mean themselves again; an unknown second key ends it.
        assert_eq!(keys.press(&key("m")), Some(Command::AssignToMe));
        assert_eq!(keys.press(&key("g")), None);
        assert_eq!(keys.press(&key("x")), None);
        assert_eq!(keys.press(&key("c")), Some(Command::Close));
    }

    #[test]
    fn modified_keys_belong_to_the_browser_except_the_palette() {
        let mut keys = Keymap::default();
        assert_eq!(keys.press(&KeyPress { key: "k", command: true, alt: false }), Some(Command::OpenPalette));
        assert_eq!(keys.press(&KeyPress { key: "r", command: true, alt: false }), None);
        assert_eq!(keys.press(&KeyPress { key: "j", command: false, alt: true }), None);
        assert_eq!(keys.press(&key("Enter")), None);
        assert_eq!(keys.press(&key("ب")), None);
    }

    #[test]
    fn every_command_has_keys_and_its_keys_run_it() {
        let all = Command::all();
        assert_eq!(all.len(), 15 + Place::ALL.len() + 2);
        for command in all {
            let shown = command.keys();
            let mut keys = Keymap::default();
            let ran = match shown.as_str() {
                "Ctrl+K" => keys.press(&KeyPress { key: "k", command: true, alt: false }),
                "Shift+M" => keys.press(&key("M")),
                "Esc / u" => keys.press(&key("u")),
                s => s.split(' ').filter_map(|k| keys.press(&key(k))).last(),
            };
            assert_eq!(ran, Some(command), "{shown}");
        }
    }

    #[test]
    fn the_palette_finds_commands_by_the_start_of_their_words() {
        assert_eq!(palette_rank("rep", "Reply all"), Some(0));
        assert_eq!(palette_rank("all", "Reply all"), Some(1));
        assert_eq!(palette_rank("go pend", "Go to Pending"), Some(1));
        assert_eq!(palette_rank("ply", "Reply"), Some(2));
        assert_eq!(palette_rank("snooze x", "Snooze…"), None);
        assert_eq!(palette_rank("", "Close"), Some(0));
        assert_eq!(palette_rank("وسم", "وسم عاجل"), Some(0));
        assert_eq!(palette_rank("分配", "分配给我"), Some(0));
        assert_eq!(palette_rank("给我", "分配给我"), Some(2));
    }

    #[test]
    fn the_palette_finds_commands_by_the_labels_it_is_given() {
        let chinese =
            [(Command::Reply, "回复"), (Command::AssignToMe, "分配给我"), (Command::AssignTo, "分配给…"), (Command::Close, "关闭")];
        assert_eq!(palette_find("分配", chinese), vec![Command::AssignToMe, Command::AssignTo]);
        assert_eq!(palette_find("给我", chinese), vec![Command::AssignToMe]);
        assert_eq!(palette_find("", chinese).len(), chinese.len());
        assert_eq!(palette_find("assign", chinese), Vec::<Command>::new());
        // Best first; ranked alike, in the order given.
        let english = [(Command::Close, "Close"), (Command::ReplyAll, "Reply all"), (Command::Reply, "Reply")];
        assert_eq!(palette_find("re", english), vec![Command::ReplyAll, Command::Reply]);
        assert_eq!(palette_find("l", english), vec![Command::Close, Command::ReplyAll, Command::Reply]);
    }
}
