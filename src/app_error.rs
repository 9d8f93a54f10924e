//! The app's one error type: the core's typed errors, kept whole from where they happen to the
//! screen, so the screen can act by kind ([`AppError::remedy`]): a session that ended goes back to
//! sign-in, a closed database is opened again, anything else is shown with its sentence.
//!
//! The sentence (`Display`) is in the interface's language: the core says its errors in English
//! (for its tests and logs), so every kind of server error is worded here again, from the
//! catalog `errors`, with what the server said (its details, the address) as it came, and so is
//! every refusal of Tandem's own ([`refusal`], [`LocalRefusal`]). An error is kept typed and
//! worded when it is read, so one on screen is said again when the agent switches languages.

use std::fmt;

use tandem_core::error::ErrorKind;
use tandem_core::sync::{StoreError, StoreErrorKind, SyncError};
use tandem_core::{JmapError, Refusal};

use crate::cache::CacheError;
use crate::i18n::{td_string, Locale};
use crate::wording::Words;

#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The server, or the way to it.
    Server(JmapError),
    /// The local copy (IndexedDB).
    Copy(CacheError),
    /// The local copy, as the sync engine reports it.
    Store(StoreError),
    /// There is no local copy to keep a change in (the browser refused one, or it is opening).
    NoCopy,
    /// A change refused on this device before it was sent.
    Refused(LocalRefusal),
}

/// Why the app refused a change on this device before sending it.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalRefusal {
    /// A team change to a thread the local copy lacks, with the server out of reach.
    CannotQueue,
    /// Core could not plan the change for the outbox: its technical reason, kept as it is.
    Unqueueable { detail: String },
    /// The account has not been read from the server yet.
    NotSynced { account: String },
}

/// What the screen does about an error besides saying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// The server no longer accepts the login (401 in the middle of a session): back to
    /// sign-in. Drafts and queued changes stay in the local copy.
    SignInAgain,
    /// The database connection was closed (another tab, the browser): open it again.
    ReopenCopy,
    /// Nothing more than telling the agent.
    Tell,
}

impl AppError {
    pub fn remedy(&self) -> Remedy {
        match self {
            AppError::Server(JmapError::Unauthorized) => Remedy::SignInAgain,
            AppError::Copy(CacheError::Closed) => Remedy::ReopenCopy,
            AppError::Store(e) if e.kind == StoreErrorKind::Closed => Remedy::ReopenCopy,
            _ => Remedy::Tell,
        }
    }

    /// The server could not be reached (the change may be queued instead).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, AppError::Server(JmapError::Unreachable { .. } | JmapError::NoAnswer { .. } | JmapError::CorsBlocked { .. }))
    }
}

impl AppError {
    /// The sentence the agent reads, in `locale`.
    pub fn sentence(&self, locale: Locale) -> String {
        match self {
            AppError::Server(e) => server_sentence(e, locale),
            AppError::Copy(e) => e.sentence(locale),
            AppError::Store(e) => td_string!(locale, errors.store_failed, message = &e.message).to_string(),
            AppError::NoCopy => td_string!(locale, errors.no_copy).to_string(),
            AppError::Refused(why) => local_refusal(why, locale),
        }
    }
}

/// What went wrong with the server, in `locale` (core's `JmapError` says it in English).
pub fn server_sentence(error: &JmapError, locale: Locale) -> String {
    let l = locale;
    match error {
        JmapError::Unauthorized => td_string!(l, errors.unauthorized).to_string(),
        JmapError::Forbidden => td_string!(l, errors.forbidden).to_string(),
        JmapError::Unreachable { url } => td_string!(l, errors.unreachable, url = url).to_string(),
        JmapError::NoAnswer { url, seconds } => td_string!(l, errors.no_answer, url = url, seconds = seconds).to_string(),
        JmapError::CorsBlocked { url } => td_string!(l, errors.cors_blocked, url = url).to_string(),
        JmapError::NotJmap { url } => td_string!(l, errors.not_jmap, url = url).to_string(),
        JmapError::Http { status, detail } => match detail {
            Some(d) if !d.is_empty() => td_string!(l, errors.http_detail, status = status, detail = d).to_string(),
            _ => td_string!(l, errors.http, status = status).to_string(),
        },
        JmapError::Request(p) => {
            let kind = p.kind.rsplit(':').next().unwrap_or(&p.kind);
            match &p.detail {
                Some(d) => td_string!(l, errors.request_detail, kind = kind, detail = d).to_string(),
                None => td_string!(l, errors.request, kind = kind).to_string(),
            }
        }
        JmapError::Method(e) | JmapError::NotSet { error: e, .. } if e.kind == ErrorKind::TooManyKeywords => {
            td_string!(l, errors.too_many_keywords).to_string()
        }
        JmapError::Method(e) => match (&e.kind, &e.description) {
            (ErrorKind::AccountReadOnly, _) => td_string!(l, errors.read_only).to_string(),
            (kind, Some(d)) => td_string!(l, errors.method_detail, kind = kind, detail = d).to_string(),
            (kind, None) => td_string!(l, errors.method, kind = kind).to_string(),
        },
        JmapError::NotSet { id, error } => td_string!(l, errors.not_set, id = id, kind = &error.kind).to_string(),
        JmapError::Protocol(what) => td_string!(l, errors.protocol, what = what).to_string(),
        JmapError::Limit(what) => td_string!(l, errors.limit, what = what).to_string(),
        JmapError::Invalid(why) => refusal(why, l),
    }
}

/// Why Tandem refused a change before sending it, in `locale` (core's `Refusal` says it in
/// English), with its data (a name, an address, a limit) as it came.
pub fn refusal(why: &Refusal, locale: Locale) -> String {
    let l = locale;
    match why {
        Refusal::NotAnAddress { address } => td_string!(l, errors.refusal.not_an_address, address = address).to_string(),
        Refusal::LoginWithSpaces => td_string!(l, errors.refusal.login_with_spaces).to_string(),
        Refusal::TooManyAgents { max } => td_string!(l, errors.refusal.too_many_agents, max = max).to_string(),
        Refusal::TooManyTags { max } => td_string!(l, errors.refusal.too_many_tags, max = max).to_string(),
        Refusal::AgentUnnamed => td_string!(l, errors.refusal.agent_unnamed).to_string(),
        Refusal::TagUnnamed => td_string!(l, errors.refusal.tag_unnamed).to_string(),
        Refusal::UndoWindowNotOffered { choices: [first, second, third, fourth] } => {
            td_string!(l, errors.refusal.undo_window_not_offered, first = first, second = second, third = third, fourth = fourth)
                .to_string()
        }
        Refusal::SignatureOffRoster => td_string!(l, errors.refusal.signature_off_roster).to_string(),
        Refusal::SavedReplyUnnamed => td_string!(l, errors.refusal.saved_reply_unnamed).to_string(),
        Refusal::SavedReplyEmpty => td_string!(l, errors.refusal.saved_reply_empty).to_string(),
        Refusal::EmptyNote => td_string!(l, errors.refusal.empty_note).to_string(),
        Refusal::NoteEmptied => td_string!(l, errors.refusal.note_emptied).to_string(),
        Refusal::NoteGone => td_string!(l, errors.refusal.note_gone).to_string(),
        Refusal::NotANote => td_string!(l, errors.refusal.not_a_note).to_string(),
        Refusal::NotNoteAuthor => td_string!(l, errors.refusal.not_note_author).to_string(),
        Refusal::Unsendable(why) => crate::words::unsendable_in(why, l),
        Refusal::NoMailbox { account, role } => {
            td_string!(l, errors.refusal.no_mailbox, account = account, mailbox = role_mailbox(role, l)).to_string()
        }
        Refusal::NoIdentity => td_string!(l, errors.refusal.no_identity).to_string(),
        Refusal::AttachmentGone { name } => td_string!(l, errors.refusal.attachment_gone, name = name).to_string(),
    }
}

/// Why the app refused a change on this device, in `locale`.
fn local_refusal(why: &LocalRefusal, locale: Locale) -> String {
    match why {
        LocalRefusal::CannotQueue => td_string!(locale, conversation.cannot_queue).to_string(),
        LocalRefusal::Unqueueable { detail } => td_string!(locale, errors.unqueueable, detail = detail).to_string(),
        LocalRefusal::NotSynced { account } => td_string!(locale, errors.not_synced, account = account).to_string(),
    }
}

/// The mailbox with a standard `role` (RFC 8621 §2) as the interface names it ("Sent"), the
/// role as it came for any other.
fn role_mailbox(role: &str, locale: Locale) -> String {
    match role {
        "sent" => td_string!(locale, common.mailbox_sent).to_string(),
        "drafts" => td_string!(locale, common.mailbox_drafts).to_string(),
        other => other.to_string(),
    }
}

/// In the interface's language now (tracked).
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence(crate::language::current()))
    }
}

impl std::error::Error for AppError {}

/// An error kept for the screen: worded when read, in the language of that moment.
impl From<AppError> for Words {
    fn from(error: AppError) -> Self {
        Words::new(move || error.to_string())
    }
}

impl From<JmapError> for AppError {
    fn from(e: JmapError) -> Self {
        AppError::Server(e)
    }
}

impl From<CacheError> for AppError {
    fn from(e: CacheError) -> Self {
        AppError::Copy(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::Store(e)
    }
}

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Jmap(e) => AppError::Server(e),
            SyncError::Store(e) => AppError::Store(e),
            SyncError::NotSynced { account_id } => AppError::Refused(LocalRefusal::NotSynced { account: account_id }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_core::error::{MethodError, ProblemDetails};

    #[test]
    fn the_screen_acts_by_kind() {
        assert_eq!(AppError::from(JmapError::Unauthorized).remedy(), Remedy::SignInAgain);
        assert_eq!(AppError::from(CacheError::Closed).remedy(), Remedy::ReopenCopy);
        assert_eq!(AppError::from(SyncError::Store(StoreError::new(StoreErrorKind::Closed, "closed"))).remedy(), Remedy::ReopenCopy);
        assert_eq!(AppError::from(JmapError::Forbidden).remedy(), Remedy::Tell);
        assert!(AppError::from(JmapError::Unreachable { url: "u".into() }).is_unreachable());
        assert!(AppError::from(JmapError::NoAnswer { url: "u".into(), seconds: 30 }).is_unreachable());
    }

    fn method(kind: &str, description: Option<&str>) -> MethodError {
        MethodError { kind: ErrorKind::parse(kind), description: description.map(str::to_string), extra: Default::default() }
    }

    /// The app words every server error again; in English, just as the core says it (the
    /// end-to-end tests read some of these sentences).
    #[test]
    fn server_errors_in_english_are_the_cores_sentences() {
        crate::catalogs::install_from_sources();
        let problem = |detail: Option<&str>| ProblemDetails {
            kind: "urn:ietf:params:jmap:error:limit".into(),
            status: Some(400),
            detail: detail.map(str::to_string),
            limit: None,
        };
        let all = [
            JmapError::Unauthorized,
            JmapError::Forbidden,
            JmapError::Unreachable { url: "http://127.0.0.1:9".into() },
            JmapError::NoAnswer { url: "http://127.0.0.1:9/jmap/".into(), seconds: 30 },
            JmapError::CorsBlocked { url: "https://mail.example".into() },
            JmapError::NotJmap { url: "https://example.com".into() },
            JmapError::Http { status: 503, detail: None },
            JmapError::Http { status: 500, detail: Some(String::new()) },
            JmapError::Http { status: 502, detail: Some("Bad gateway".into()) },
            JmapError::Request(problem(None)),
            JmapError::Request(problem(Some("too many calls"))),
            JmapError::Method(method("tooManyKeywords", None)),
            JmapError::NotSet { id: "e1".into(), error: method("tooManyKeywords", None) },
            JmapError::Method(method("accountReadOnly", Some("read only"))),
            JmapError::Method(method("stateMismatch", Some("state moved"))),
            JmapError::Method(method("someNewThing", None)),
            JmapError::NotSet { id: "e2".into(), error: method("overQuota", Some("full")) },
            JmapError::Protocol("no methodResponses".into()),
            JmapError::Limit("maxObjectsInGet".into()),
            JmapError::Invalid(Refusal::TooManyTags { max: 60 }),
        ];
        for error in all {
            assert_eq!(server_sentence(&error, Locale::en), error.to_string());
            for locale in [Locale::ar, Locale::zh] {
                assert_ne!(server_sentence(&error, locale), "", "{error:?}");
            }
        }
        assert_eq!(AppError::NoCopy.sentence(Locale::en), "There is no local copy to keep the change in.");
        let store = AppError::Store(StoreError::new(StoreErrorKind::Full, "no room"));
        assert_eq!(store.sentence(Locale::en), StoreError::new(StoreErrorKind::Full, "no room").to_string());
    }

    /// Every refusal of Tandem's own is said in every language, with its data; in English as
    /// core says it.
    #[test]
    fn each_refusal_is_worded_in_each_language() {
        crate::catalogs::install_from_sources();
        for why in Refusal::one_of_each() {
            let english = refusal(&why, Locale::en);
            assert_eq!(server_sentence(&JmapError::Invalid(why.clone()), Locale::en), english);
            if !words_differ_from_cores(&why) {
                assert_eq!(english, why.to_string(), "{why:?}");
            }
            for locale in [Locale::en, Locale::ar, Locale::zh] {
                let said = refusal(&why, locale);
                assert!(said.chars().count() > 5 && !said.contains("{{") && !said.contains("}}"), "{why:?} in {locale:?}: {said:?}");
                if locale != Locale::en {
                    assert_ne!(said, english, "{why:?} is not translated to {locale:?}");
                }
            }
        }
        let address = Refusal::NotAnAddress { address: "support at acme".into() };
        let sent = Refusal::NoMailbox { account: "team".into(), role: "sent".into() };
        for locale in [Locale::ar, Locale::zh] {
            assert!(refusal(&address, locale).contains("support at acme"));
            assert!(refusal(&Refusal::TooManyTags { max: 60 }, locale).contains("60"));
            assert!(!refusal(&sent, locale).contains("sent"), "the mailbox is named in {locale:?}");
        }
    }

    /// The app's own refusals are kept typed and worded in the language asked.
    #[test]
    fn local_refusals_are_worded_in_each_language() {
        crate::catalogs::install_from_sources();
        let all = [
            LocalRefusal::CannotQueue,
            LocalRefusal::Unqueueable { detail: "$tag".into() },
            LocalRefusal::NotSynced { account: "team-account".into() },
        ];
        for why in all {
            let error = AppError::Refused(why.clone());
            let english = error.sentence(Locale::en);
            assert!(!english.is_empty() && !english.contains("{{"), "{why:?}");
            for locale in [Locale::ar, Locale::zh] {
                let said = error.sentence(locale);
                assert!(!said.is_empty() && said != english, "{why:?} in {locale:?}: {said:?}");
            }
        }
        let not_synced = AppError::from(SyncError::NotSynced { account_id: "team-account".into() });
        assert!(not_synced.sentence(Locale::ar).contains("team-account"));
    }

    /// The two refusals the app says a little differently in English: the interface's name of
    /// the mailbox ("Sent", core: its role "sent") and a Message-ID in “…” (core: Rust's quotes).
    fn words_differ_from_cores(why: &Refusal) -> bool {
        matches!(why, Refusal::NoMailbox { .. } | Refusal::Unsendable(tandem_core::reply::Unsendable::NotAMessageId(_)))
    }
}
