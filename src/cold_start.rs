//! A sign-in with the form, on a device whose local copy is most likely empty: the first
//! screen's two requests (the account's mailboxes, then the inbox's first page) leave as soon as
//! the session is read, while the app goes to the inbox and opens the copy, rather than once the
//! inbox page is built and the mailboxes' answer has gone through it (~100 ms and a hop more,
//! measured in tests/bench).
//!
//! The inbox page is built once the page's request has left ([`ColdStart::begin`]'s answer):
//! its first build (50–70 ms when measured at 10,000 emails, before a sign-in went straight to
//! the inbox; 20–35 ms since) then overlaps the server's answer instead of holding the page's
//! request back.
//!
//! What it read is given to those who would have asked for it: the mailboxes to
//! `inbox::mailboxes`, the page to the list at once (`SyncStatus::first_page_read`) and to the
//! sync driver, which writes it into the copy once that has opened ([`ColdStart::take`]). A
//! failure is not told here: each of them asks again as if nothing had been read, and tells.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use futures::channel::oneshot;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tandem_core::mailboxes::{inbox_id, ordered, MailboxEntry};
use tandem_core::sync::{read_first_page_with, read_mailboxes, ReadFirstPage, SyncOptions};

use crate::sync_status::SyncStatus;
use crate::web_transport::Client;

/// The sync's sizes for `client`'s server, its first page what this window's list shows and as
/// much again to scroll to (the first screen waits for nothing more).
pub fn sync_options(client: &Client) -> SyncOptions {
    SyncOptions::for_limits(client.limits()).with_first_page(2 * crate::layout::thread_rows_in_window())
}

/// How long the app waits for the first page's request to leave before it goes to the inbox
/// anyway (a server slow to list the mailboxes).
const ASKED_AT_MOST: Duration = Duration::from_millis(1000);

#[derive(Clone, Copy)]
pub struct ColdStart {
    sync: SyncStatus,
    /// The account being read, while it is.
    reading: RwSignal<Option<String>>,
    /// The mailboxes read, with their account.
    mailboxes: RwSignal<Option<(String, Vec<MailboxEntry>)>>,
    /// The inbox's first page read, until the driver takes it.
    first: StoredValue<Option<ReadFirstPage>>,
}

impl ColdStart {
    pub fn provide(sync: SyncStatus) -> Self {
        let cold = ColdStart { sync, reading: RwSignal::new(None), mailboxes: RwSignal::new(None), first: StoredValue::new(None) };
        provide_context(cold);
        cold
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// Reads the first screen of the account the app opens first (`session.mail_accounts`'s
    /// first, as the home page picks it), forgetting what an earlier sign-in read. Returns when
    /// the inbox's first page has been asked for (or cannot be, or [`ASKED_AT_MOST`] has passed):
    /// the time to build the inbox page.
    pub fn begin(self, client: Arc<Client>) -> impl Future<Output = ()> {
        let (left, asked) = oneshot::channel();
        if let Some(account) = client.session().mail_accounts().into_iter().next().map(|a| a.id) {
            self.mailboxes.set(None);
            self.first.set_value(None);
            self.reading.set(Some(account.clone()));
            spawn_local(async move {
                self.read(&client, &account, left).await;
                self.reading.try_update(|r| {
                    if r.as_deref() == Some(account.as_str()) {
                        *r = None;
                    }
                });
            });
        }
        async move {
            // Answered, or dropped: the reading ended without asking.
            let _ = futures::future::select(asked, pin!(crate::timer::sleep(ASKED_AT_MOST))).await;
        }
    }

    /// The mailboxes (whole: the copy is written with them), then the inbox's first page, whose
    /// request does not ask for them again. `left` is told once that request has left.
    async fn read(self, client: &Client, account: &str, left: oneshot::Sender<()>) {
        let Ok(mailboxes) = read_mailboxes(client, account).await else { return };
        let list = ordered(mailboxes.list.clone());
        let inbox = inbox_id(&list).map(str::to_string);
        if self.mailboxes.try_set(Some((account.to_string(), list))).is_some() {
            return; // Gone with the app.
        }
        let Some(inbox) = inbox else { return };
        let options = sync_options(client);
        let mut reading = pin!(read_first_page_with(client, account, &inbox, mailboxes, &options));
        // The request leaves at the first poll.
        let polled = std::future::poll_fn(|cx| Poll::Ready(reading.as_mut().poll(cx))).await;
        let _ = left.send(());
        let read = match polled {
            Poll::Ready(read) => read,
            // The formatters the rows use, if the login screen's idle time did not make them:
            // while the server works on the page, not between the mailboxes' answer and it.
            Poll::Pending => futures::join!(reading, crate::intl::make_ahead()).0,
        };
        if let Ok(read) = read {
            // The page was read in this task; the list renders it in the next (together, over
            // 50 ms on the main thread at a sign-in, much of the code running for the first time).
            crate::timer::yield_now().await;
            self.sync.first_page_read(account, &inbox, read.first.page.clone());
            self.first.try_set_value(Some(read));
        }
    }

    /// Whether `account` is being read (tracked: a reader waits for it, then looks again).
    pub fn is_reading(self, account: &str) -> bool {
        self.reading.with(|r| r.as_deref() == Some(account))
    }

    /// [`ColdStart::is_reading`], untracked.
    pub fn reading_untracked(self, account: &str) -> bool {
        self.reading.try_with_untracked(|r| r.as_deref() == Some(account)) == Some(true)
    }

    /// Subscribes to the end of a reading.
    pub fn track(self) {
        self.reading.track();
    }

    /// The mailboxes read for `account` (tracked).
    pub fn mailboxes_of(self, account: &str) -> Option<Vec<MailboxEntry>> {
        self.mailboxes.with(|m| m.as_ref().filter(|(a, _)| a == account).map(|(_, list)| list.clone()))
    }

    /// The first page read for `mailbox` of `account`, taken: it is written into the copy once.
    pub fn take(self, account: &str, mailbox: &str) -> Option<ReadFirstPage> {
        self.first.try_update_value(|f| f.take_if(|read| read.is_of(account, mailbox))).flatten()
    }
}
