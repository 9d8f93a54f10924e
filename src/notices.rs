//! The status area's notices: what went wrong in the background (a poll, the local copy, the
//! team settings, an undo, a change the server refused) reaches the agent here, never silently.
//! One notice per [`Topic`]: a newer one replaces it, a success clears it. An error whose
//! [`Remedy`] is more than telling (a session that ended, a closed database) is also asked of the
//! app (`app.rs` acts on [`Notices::remedies`]), so this module depends on nothing but the error
//! and its wording.
//! A notice keeps how to word it ([`Words`]), not the words: one on screen when the agent switches
//! languages is said again in the new one.

use leptos::prelude::*;

use crate::app_error::{AppError, Remedy};
use crate::wording::Words;

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// The poll for the server's state (the sync driver).
    Poll,
    /// The local copy: opening, completing, updating or saving it.
    LocalCopy,
    /// Reading the team settings (roster, tags).
    Settings,
    /// Taking back a change or a reply.
    Undo,
    /// A change the server refused (and that was undone).
    Refused,
    /// Any other background work (waking snoozed threads, joining the roster, …).
    Background,
}

impl Topic {
    pub fn slug(self) -> &'static str {
        match self {
            Topic::Poll => "poll",
            Topic::LocalCopy => "local-copy",
            Topic::Settings => "settings",
            Topic::Undo => "undo",
            Topic::Refused => "refused",
            Topic::Background => "background",
        }
    }
}

#[derive(Clone)]
pub struct Notice {
    pub topic: Topic,
    /// Told in this order: a notice's identity on screen (the same sentence told again keeps it).
    pub serial: u64,
    pub words: Words,
}

impl Notice {
    /// The sentence in the interface's language now (tracked: re-read on a switch).
    pub fn text(&self) -> String {
        self.words.text()
    }
}

#[derive(Clone, Copy)]
pub struct Notices {
    shown: RwSignal<Vec<Notice>>,
    told: StoredValue<u64>,
    /// Remedies asked for, each with a serial number (the app acts on each once).
    remedies: RwSignal<(u64, Option<Remedy>)>,
}

impl Notices {
    pub fn provide() -> Self {
        let notices = Notices { shown: RwSignal::new(Vec::new()), told: StoredValue::new(0), remedies: RwSignal::new((0, None)) };
        provide_context(notices);
        notices
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// Shows `error` under `topic` and asks for its remedy. Safe after the owner of the caller
    /// is gone (a task finishing after sign-out): the context lives as long as the app.
    pub fn report(&self, topic: Topic, error: &AppError) {
        let said = error.clone();
        self.report_as(topic, error, move || said.to_string());
    }

    /// Like [`Notices::report`], in `words` (the error with what was being done).
    pub fn report_as(&self, topic: Topic, error: &AppError, words: impl Fn() -> String + Send + Sync + 'static) {
        self.act_on(error);
        self.tell(topic, words);
    }

    /// Asks for `error`'s remedy, if it has one beyond its sentence (which the caller shows).
    pub fn act_on(&self, error: &AppError) {
        let remedy = error.remedy();
        if remedy != Remedy::Tell {
            self.remedies.try_update(|(serial, r)| {
                *serial += 1;
                *r = Some(remedy);
            });
        }
    }

    /// Shows `words` under `topic`, in place of what it said (unless that said the same).
    pub fn tell(&self, topic: Topic, words: impl Fn() -> String + Send + Sync + 'static) {
        let words = Words::new(words);
        let said = untrack(|| words.text());
        let same = |n: &Notice| n.topic == topic && untrack(|| n.text()) == said;
        if self.shown.try_with_untracked(|s| s.iter().any(same)) != Some(false) {
            return;
        }
        let serial = self.told.try_update_value(|told| {
            *told += 1;
            *told
        });
        let notice = Notice { topic, serial: serial.unwrap_or_default(), words };
        self.shown.try_update(|shown| match shown.iter_mut().find(|n| n.topic == topic) {
            Some(n) => *n = notice,
            None => shown.push(notice),
        });
    }

    /// What `topic` said is no longer true (the next poll worked, the copy opened, …).
    pub fn clear(&self, topic: Topic) {
        if self.shown.try_with_untracked(|s| s.iter().any(|n| n.topic == topic)) == Some(true) {
            self.shown.try_update(|s| s.retain(|n| n.topic != topic));
        }
    }

    /// Everything shown goes (sign-out: another identity starts clean).
    pub fn clear_all(&self) {
        self.shown.try_set(Vec::new());
    }

    /// The notices shown (tracked).
    pub fn shown(&self) -> Vec<Notice> {
        self.shown.get()
    }

    /// The last remedy asked for, with its serial number (tracked).
    pub fn remedies(&self) -> (u64, Option<Remedy>) {
        self.remedies.get()
    }
}
