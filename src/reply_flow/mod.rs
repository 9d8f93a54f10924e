//! The reply composer's life in one conversation: opened as a reply, reply-all or forward from the
//! conversation's messages; its draft kept in the local copy; sent through the outbox with the
//! team's address and the team's undo window; counted down while the server holds it; taken back
//! into the composer on Undo (`held`). The page creates one and wires it to the components.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::conversation::{Conversation, Message};
use tandem_core::date::format_utc;
use tandem_core::model::status::Status;
use tandem_core::reply::draft::format_address;
use tandem_core::reply::identity::team_identity;
use tandem_core::reply::parse_addresses;
use tandem_core::reply::scheduled::check_send_at;
use tandem_core::reply::variables::{fill, Values};
use tandem_core::reply::{news_since, reply_start, Address, Hold, News, ReplyDraft, ReplyKind, ReplyStart, SendJob};
use tandem_core::team::saved_replies::SavedReply;
use tandem_core::team::settings::update_settings;
use tandem_core::text::base_subject;

use crate::app_error::AppError;
use crate::auth::Auth;
use crate::components::reply_composer::AfterSend;
use crate::local_time;
use crate::note_drafts::{keep_drafts, REPLY};
use crate::notices::Notices;
use crate::pending_writes::PendingWrites;
use crate::replying;
use crate::team_context::TeamContext;
use crate::tr;
use crate::web_transport::Client;
use crate::wording::Words;

mod held;
use held::Held;

/// A send made ready by [`ReplyFlow::prepare`].
struct Prepared {
    job: SendJob,
    draft: ReplyDraft,
    /// When it leaves (UTC), if scheduled.
    scheduled: Option<String>,
    /// The undo window, in seconds.
    window: u32,
    server_holds: bool,
}

/// The thread id a new outbound conversation is written under (its draft kept on the device and
/// on the server as any other: `team::new_drafts`), until the server makes its thread.
pub use tandem_core::team::new_drafts::NEW_CONVERSATION;

#[derive(Clone, Copy)]
pub struct ReplyFlow {
    /// The reply being written (`None`: the composer is closed).
    pub draft: RwSignal<Option<ReplyDraft>>,
    /// Why the last send (or save of the team's From) did not go, or what stops it.
    pub error: RwSignal<Option<Words>>,
    pub sending: RwSignal<bool>,
    /// Seconds left to take back the last reply sent.
    pub seconds_left: RwSignal<Option<u32>>,
    pub undoing: RwSignal<bool>,
    /// A sentence about the last send or undo (e.g. too late to undo).
    pub notice: RwSignal<Option<Words>>,
    /// What arrived in the conversation since the composer opened, stopping the send.
    pub news: RwSignal<Option<Vec<News>>>,
    /// The way the agent last chose to send (for "Send anyway").
    pub last_choice: RwSignal<AfterSend>,
    /// When the reply is to leave (UTC), if the agent scheduled it; else after the undo window.
    pub scheduled_for: RwSignal<Option<String>>,
    /// The last reply is held by this device, the server being unable to hold mail.
    pub held_here: RwSignal<bool>,
    /// The draft kept in the local copy for this conversation has been read.
    pub restored: Signal<bool>,
    /// The team account's identity, where the server offers one (the From when the team
    /// settings hold no address).
    identity: RwSignal<Option<Address>>,
    /// The identity was asked for (once, the first time a composer opens without an address).
    identity_read: StoredValue<bool>,
    held: RwSignal<Option<Held>>,
    account: Memo<String>,
    thread: Memo<String>,
    team: TeamContext,
    /// The contexts the flow works with, captured when it is made: its tasks use them after an
    /// await, where looking a context up would panic.
    auth: Auth,
    pending: PendingWrites,
    notices: Notices,
}

impl ReplyFlow {
    pub fn new(account: Memo<String>, thread: Memo<String>) -> Self {
        let draft = RwSignal::new(None);
        let restored = keep_drafts(REPLY, account, thread, draft);
        ReplyFlow {
            draft,
            error: RwSignal::new(None),
            sending: RwSignal::new(false),
            seconds_left: RwSignal::new(None),
            undoing: RwSignal::new(false),
            notice: RwSignal::new(None),
            news: RwSignal::new(None),
            last_choice: RwSignal::new(AfterSend::Keep),
            scheduled_for: RwSignal::new(None),
            held_here: RwSignal::new(false),
            restored,
            identity: RwSignal::new(None),
            identity_read: StoredValue::new(false),
            held: RwSignal::new(None),
            account,
            thread,
            team: TeamContext::get(),
            auth: Auth::get(),
            pending: PendingWrites::get(),
            notices: Notices::get(),
        }
    }

    /// The account replies are written in.
    pub fn account(&self) -> Memo<String> {
        self.account
    }

    /// The conversation replied to.
    pub fn thread(&self) -> Memo<String> {
        self.thread
    }

    /// The team's From, as shown in the composer.
    pub fn from_label(&self) -> Signal<Option<String>> {
        let flow = *self;
        Signal::derive(move || flow.team_from().map(|a| format_address(&a)))
    }

    /// Asks the server for the team account's identity, once, when a composer opens and the team
    /// settings hold no address.
    fn read_identity(&self) {
        if self.identity_read.get_value() || self.team.settings.with_untracked(|s| s.replies.from().is_some()) {
            return;
        }
        self.identity_read.set_value(true);
        let Some(client) = self.auth.client() else { return };
        let (identity, team) = (self.identity, self.account.get_untracked());
        spawn_local(async move {
            identity.try_set(team_identity(&client, &team).await);
        });
    }

    /// The team's From: its settings' address, else the server's identity for the team account.
    fn team_from(&self) -> Option<Address> {
        self.team.settings.with(|s| s.replies.from()).or_else(|| self.identity.get())
    }

    /// Opens the composer on `conversation` (keeps a draft already open).
    pub fn open(&self, conversation: &Conversation, kind: ReplyKind) {
        self.read_identity();
        if self.draft.with_untracked(Option::is_some) {
            return;
        }
        let context = self.team;
        match self.start(conversation, kind) {
            Some((start, attribution)) => {
                let customer = (
                    start.to.first().map(|a| a.name.clone()).unwrap_or_default(),
                    start.to.first().map(|a| a.email.clone()).unwrap_or_default(),
                );
                let seen = conversation.messages.iter().map(|m| m.id.clone()).collect();
                let mut draft = ReplyDraft::new(start, kind, attribution).seeing(seen);
                let me = context.me.get_untracked();
                let signature = context.settings.with_untracked(|s| {
                    let values = Values::for_reply(&customer.0, &customer.1, &s.agent_name(&me), &s.replies.name, &conversation.subject);
                    fill(s.signature_for(&me), &values).text
                });
                if !signature.trim().is_empty() {
                    draft.text = format!("\n\n-- \n{signature}");
                }
                self.error.set(None);
                self.news.set(None);
                self.draft.set(Some(draft));
            }
            None => self.notice.set(Some(Words::new(|| tr!(composer.no_customer_message)))),
        }
    }

    /// Opens the composer on a new conversation: no recipient or subject yet, the agent's
    /// signature (keeps a draft already open).
    pub fn open_new(&self) {
        self.read_identity();
        if self.draft.with_untracked(Option::is_some) {
            return;
        }
        let context = self.team;
        let me = context.me.get_untracked();
        let signature = context.settings.with_untracked(|s| {
            let values = Values::for_reply("", "", &s.agent_name(&me), &s.replies.name, "");
            fill(s.signature_for(&me), &values).text
        });
        let text = if signature.trim().is_empty() { String::new() } else { format!("\n\n-- \n{signature}") };
        self.error.set(None);
        self.draft.set(Some(ReplyDraft { text, ..ReplyDraft::default() }));
    }

    /// How a reply of `kind` starts in `conversation`, and its quote's attribution line.
    fn start(&self, conversation: &Conversation, kind: ReplyKind) -> Option<(ReplyStart, String)> {
        let team = untrack(|| self.team_from()).map(|a| vec![a.email]).unwrap_or_default();
        let start = reply_start(&conversation.messages, &team, kind)?;
        // In the agent's language, as web mail clients write it (it goes into the email sent).
        let attribution = tr!(composer.attribution, date = local_time::long(&start.quoted_at), name = &start.quoted_from);
        Some((start, attribution))
    }

    /// Reopens `draft` (the agent's own, saved on the server from another device), quoting the
    /// message it answers again as the composer would.
    pub fn reopen(&self, conversation: &Conversation, mut draft: ReplyDraft) {
        self.read_identity();
        let kind = if draft.forward { ReplyKind::Forward } else { ReplyKind::Reply };
        if draft.quoted.is_none() {
            draft.quoted = self.start(conversation, kind).map(|(start, attribution)| (attribution, start.quoted_text));
        }
        self.error.try_set(None);
        self.news.try_set(None);
        self.draft.try_set(Some(draft));
    }

    /// The time a send-later choice names (`hour`, `tomorrow`, `week`, or `at:<local time>`) as
    /// UTC, if the server can hold the reply until then; else the sentence saying why not.
    pub fn choose_send_time(&self, choice: &str) -> Result<String, Words> {
        let at = match choice.strip_prefix("at:") {
            Some(local) => local_time::from_local_input(local),
            None => local_time::snooze_until(choice),
        };
        let at = at.ok_or_else(|| Words::new(|| tr!(composer.later.pick_date_time)))?;
        let client = self.auth.client().ok_or_else(|| Words::new(|| tr!(composer.later.sign_in_again)))?;
        let agent = client.session().primary_mail_account().map(str::to_string).unwrap_or_default();
        check_send_at(&at, local_time::now_secs(), client.session().max_delayed_send(&agent))
            .map_err(|why| Words::new(move || crate::words::send_at_refusal(&why)))?;
        Ok(at)
    }

    /// Saves the team's From in the team settings (once per team).
    pub fn set_team_from(&self, name: String, address: String) {
        let (auth, team) = (self.auth, self.team);
        let Some(client) = auth.client() else { return };
        let (account, me, flow) = (self.account.get_untracked(), team.me.get_untracked(), *self);
        spawn_local(async move {
            match update_settings(&client, &account, &me, |s| s.replies.set_from(&name, &address)).await {
                Ok(settings) => {
                    team.saved(settings);
                    flow.error.try_set(None);
                }
                Err(e) => {
                    flow.error.try_set(Some(AppError::from(e).into()));
                }
            }
        });
    }

    /// Puts a saved reply at the top of the reply, its variables filled; a variable Tandem does
    /// not know stays as written and is pointed out (a send with one is stopped).
    pub fn insert_saved(&self, reply: &SavedReply) {
        let Some(draft) = self.draft.get_untracked() else { return };
        let filled = fill(&reply.body, &reply_values(self.team, &draft));
        self.draft.update(|d| {
            if let Some(d) = d {
                d.text = if d.text.trim().is_empty() || d.text.starts_with("\n\n-- \n") {
                    format!("{}{}", filled.text, d.text)
                } else {
                    format!("{}\n\n{}", d.text.trim_end(), filled.text)
                };
            }
        });
        self.error.set(unknown_variables(&filled.unknown));
    }

    /// The agent has seen what arrived: it no longer stops the send.
    pub fn accept_news(&self) {
        let ids: Vec<String> = self.news.get_untracked().unwrap_or_default().into_iter().map(|n| n.id).collect();
        self.draft.update(|d| {
            if let Some(d) = d {
                d.seen.extend(ids);
            }
        });
        self.news.set(None);
    }

    pub fn discard(&self) {
        self.news.set(None);
        self.draft.set(None);
        self.error.set(None);
    }

    /// Sends the draft: checked, queued in the outbox (kept before the first attempt), held by
    /// the server for the team's undo window. `after` runs once it is queued (close, pending,
    /// assign): the conversation's own changes follow the reply.
    pub fn send(&self, choice: AfterSend, after: impl FnOnce(AfterSend, Message) + 'static) {
        let (auth, pending) = (self.auth, self.pending);
        let Some(client) = auth.client() else { return };
        if self.draft.with_untracked(Option::is_none) {
            return;
        }
        let prepared = match self.prepare(&client, choice) {
            Ok(prepared) => prepared,
            Err(why) => return self.error.set(Some(why)),
        };
        let flow = *self;
        flow.last_choice.set(choice);
        flow.sending.try_set(true);
        flow.error.try_set(None);
        let (account, thread, me) = (self.account.get_untracked(), self.thread.get_untracked(), self.team.me.get_untracked());
        spawn_local(async move {
            // Sent or discarded on another device since this one read or saved it: never twice.
            if prepared.draft.server_id.is_some() && replying::draft_gone_elsewhere(&client, &account, &thread, &me).await {
                flow.gone_elsewhere();
                flow.sending.try_set(false);
                return;
            }
            // Stop if the conversation moved on since the composer opened (when the server can
            // say: offline, the reply is queued as written).
            let seen = &prepared.draft.seen;
            if !seen.is_empty() {
                if let Ok(news) = news_since(&client, &account, &thread, seen).await {
                    if !news.is_empty() {
                        flow.news.try_set(Some(news));
                        flow.sending.try_set(false);
                        return;
                    }
                }
            }
            match replying::queue(pending, prepared.job.clone()).await {
                Ok(()) => after(choice, flow.queued(prepared)),
                Err(e) => {
                    flow.error.try_set(Some(Words::new(move || tr!(composer.not_sent, error = &e))));
                }
            }
            flow.sending.try_set(false);
        });
    }

    /// The draft open here was sent or discarded on another device: dropped, with a sentence (a
    /// new conversation opens again, empty).
    pub fn gone_elsewhere(&self) {
        self.draft.try_set(None);
        let notice = if self.thread.try_get_untracked().as_deref() == Some(NEW_CONVERSATION) {
            self.open_new();
            Words::new(|| tr!(composer.new_conversation.gone_elsewhere))
        } else {
            Words::new(|| tr!(composer.reply_gone_elsewhere))
        };
        self.notice.try_set(Some(notice));
    }

    /// The draft made ready to send: variables filled (one Tandem does not know stops it), from
    /// the team's address, held by the server for the undo window or until its time (by this
    /// device where the server cannot hold mail); or the sentence saying why it cannot go.
    fn prepare(&self, client: &Client, choice: AfterSend) -> Result<Prepared, Words> {
        let Some(mut draft) = self.draft.get_untracked() else { return Err(Words::new(|| tr!(composer.nothing_to_send))) };
        let filled = fill(&draft.text, &reply_values(self.team, &draft));
        if let Some(why) = unknown_variables(&filled.unknown) {
            return Err(why);
        }
        draft.text = filled.text;
        let from = untrack(|| self.team_from()).ok_or_else(|| Words::new(|| tr!(composer.no_team_address)))?;
        let agent_account =
            client.session().primary_mail_account().map(str::to_string).ok_or_else(|| Words::new(|| tr!(composer.no_mail_account)))?;
        let message_id = replying::new_message_id(&from);
        let message = draft
            .to_outgoing(from, message_id, format_utc(local_time::now_secs()))
            .map_err(|refusal| Words::new(move || crate::words::unsendable(&refusal)))?;
        let window = self.team.settings.with_untracked(|s| s.replies.undo_window());
        let scheduled = self.scheduled_for.get_untracked();
        // A server that cannot hold mail (no maxDelayedSend): the outbox holds the reply instead.
        let server_holds = client.session().max_delayed_send(&agent_account) > 0;
        let job = SendJob {
            agent_account,
            team_account: self.account.get_untracked(),
            message,
            hold: server_holds.then(|| scheduled.clone().map_or(Hold::For(window), Hold::Until)),
            answers: draft.answers.iter().cloned().collect(),
            status_after: match choice {
                AfterSend::Close => Some(Status::Closed),
                AfterSend::Pending => Some(Status::Pending),
                AfterSend::Keep => None,
            },
            drafts_of: Some((self.thread.get_untracked(), self.team.me.get_untracked())),
            not_before_ms: (!server_holds).then(|| js_sys::Date::now() as u64 + u64::from(window) * 1000),
            sent_by: Some(self.team.me.get_untracked()).filter(|me| !me.is_empty()),
        };
        Ok(Prepared { job, draft, scheduled, window, server_holds })
    }

    /// The reply is queued: the composer closes, and the agent is told when it leaves (or given
    /// the undo countdown). Returns the reply as the conversation shows it until the server's
    /// copy is read.
    fn queued(self, prepared: Prepared) -> Message {
        let Prepared { job, draft, scheduled, window, server_holds } = prepared;
        self.draft.try_set(None);
        let shown = shown_message(&job);
        match scheduled {
            Some(at) => {
                self.scheduled_for.try_set(None);
                self.notice.try_set(Some(Words::new(move || tr!(composer.scheduled_notice, when = local_time::long(&at)))));
            }
            None => {
                self.held_here.try_set(!server_holds);
                let until_ms = js_sys::Date::now() + f64::from(window) * 1000.0;
                // Its versions on the server go with the send: taken back, it is saved anew,
                // not taken for a draft sent or discarded elsewhere (`shared_drafts`).
                let draft = ReplyDraft { server_id: None, ..draft };
                self.held.try_set(Some(Held { job, draft, until_ms }));
                self.count_down(until_ms);
            }
        }
        shown
    }
}

/// The values of a reply's variables: its first recipient, the agent, the team, the subject.
fn reply_values(team: TeamContext, draft: &ReplyDraft) -> Values {
    let me = team.me.get_untracked();
    let customer = parse_addresses(&draft.to).ok().and_then(|a| a.into_iter().next()).unwrap_or_default();
    team.settings.with_untracked(|s| {
        Values::for_reply(&customer.name, &customer.email, &s.agent_name(&me), &s.replies.name, base_subject(&draft.subject))
    })
}

/// The sentence for variables left in a reply that Tandem cannot fill.
fn unknown_variables(unknown: &[String]) -> Option<Words> {
    (!unknown.is_empty()).then(|| {
        let list = unknown.iter().map(|u| format!("{{{{{u}}}}}")).collect::<Vec<_>>().join(", ");
        Words::new(move || tr!(composer.unknown_variables, variables = &list))
    })
}

/// The reply as the conversation shows it until the server's copy comes back with the next read.
fn shown_message(job: &SendJob) -> Message {
    let m = &job.message;
    Message {
        id: format!("sending:{}", m.message_id),
        from_name: if m.from.name.is_empty() { m.from.email.clone() } else { m.from.name.clone() },
        from_email: m.from.email.clone(),
        to: m.to.iter().map(format_address).collect(),
        cc: m.cc.iter().map(format_address).collect(),
        subject: m.subject.clone(),
        received_at: match &job.hold {
            Some(Hold::Until(at)) => at.clone(),
            _ => m.sent_at.clone(),
        },
        body: m.text.clone(),
        from_html: false,
        unread: false,
        attachments: vec![],
        note_author: None,
        activity: false,
        reply: Default::default(),
        ..Default::default()
    }
}
