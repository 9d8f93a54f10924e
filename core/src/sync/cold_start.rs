//! Cold start: the first page of a mailbox in one HTTP request, written to the store, with the
//! state strings the rest of the sync continues from.

use super::error::SyncError;
use super::options::SyncOptions;
use super::page::{add_page, Page};
use super::store::{ResumePoint, StoreBatch, SyncState, SyncStore};
use crate::error::JmapError;
use crate::jmap::methods::MailboxGet;
use crate::jmap::objects::{GetResponse, Mailbox};
use crate::jmap::{Ids, JmapClient, Request, Response};
use crate::thread_list::ThreadPage;
use crate::transport::Transport;

/// The first page of a mailbox and where the sync stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstPage {
    pub account_id: String,
    pub mailbox_id: String,
    /// What the list shows now.
    pub page: ThreadPage,
    /// The states read with this page, covering `mailbox_id`: recorded by [`super::full_sync`]
    /// once the rest is in the store.
    pub state: SyncState,
    /// Where the next page starts (the threads the server listed).
    pub next_position: u64,
    /// The page came back short or reached the count: the mailbox is all here.
    pub is_whole_mailbox: bool,
    /// Notes read earlier without the text their Mentions row needs (a resumed full sync's).
    pub notes: Vec<String>,
    /// The last email listed so far: the next page starts just after it.
    pub anchor: Option<String>,
}

impl FirstPage {
    /// Where a full sync cut short stands, to go on from (no request: the copy has the pages
    /// read so far, and the list shows them).
    pub fn resumed(account_id: &str, point: ResumePoint) -> Self {
        FirstPage {
            account_id: account_id.to_string(),
            mailbox_id: point.mailbox_id,
            page: ThreadPage {
                position: 0,
                total: point.total,
                query_state: String::new(),
                email_state: point.state.email.clone(),
                threads: Vec::new(),
            },
            state: point.state,
            next_position: point.position,
            is_whole_mailbox: false,
            notes: point.notes,
            anchor: point.anchor,
        }
    }

    /// The resume point of a full sync from this page that has read up to `position`, its last
    /// email read being `anchor`, with `notes` still to read.
    pub(crate) fn resume_at(&self, position: u64, anchor: Option<String>, total: Option<u64>, notes: Vec<String>) -> ResumePoint {
        ResumePoint { mailbox_id: self.mailbox_id.clone(), state: self.state.clone(), position, anchor, total, notes }
    }

    /// Threads in the mailbox when the page was read (as many as the page if the server did not
    /// count them).
    pub fn total(&self) -> u64 {
        self.page.total.unwrap_or(self.page.threads.len() as u64)
    }
}

/// One request: `Mailbox/get` (every mailbox, and the Mailbox state) and the first page's chain.
/// The page and the mailboxes go to the store at once; if the store holds no complete copy of
/// the account, this batch replaces whatever partial copy it had.
pub async fn cold_start<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    account_id: &str,
    mailbox_id: &str,
    options: &SyncOptions,
) -> Result<FirstPage, SyncError> {
    let (first, batch) = read_first_page(client, account_id, mailbox_id, options).await?.into_parts();
    write_first_page(store, batch).await?;
    Ok(first)
}

/// A cold start's answer, read but not written yet: the first page (to show at once) and what
/// writes it with the mailboxes ([`ReadFirstPage::into_parts`], [`write_first_page`]). A fresh
/// sign-in reads it while the local copy is still opening, and [`super::sync_mailbox_then`]
/// writes it there.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadFirstPage {
    pub first: FirstPage,
    /// The batch, but for the page's records: made only when it is written, so that the first
    /// rows never wait for them.
    batch: StoreBatch,
    page: Page,
}

impl ReadFirstPage {
    /// Read for `mailbox_id` of `account_id`.
    pub fn is_of(&self, account_id: &str, mailbox_id: &str) -> bool {
        self.first.account_id == account_id && self.first.mailbox_id == mailbox_id
    }

    /// The page, and the batch that writes it with the mailboxes.
    pub(super) fn into_parts(self) -> (FirstPage, StoreBatch) {
        let mut batch = self.batch;
        self.page.write_into(&mut batch);
        (self.first, batch)
    }
}

/// An account's mailboxes as `Mailbox/get` answers them: every one, with all its properties, and
/// the Mailbox state. A cold start writes them into the copy.
pub type Mailboxes = GetResponse<Mailbox>;

/// The account's [`Mailboxes`], alone: a sign-in reads them first (the sidebar shows them, in
/// [`crate::mailboxes::ordered`] order), then the first page with [`read_first_page_with`].
pub async fn read_mailboxes<T: Transport>(client: &JmapClient<T>, account_id: &str) -> Result<Mailboxes, JmapError> {
    client.call(MailboxGet::new(account_id, Ids::All)).await
}

/// The cold start's request, read but not written yet: the mailboxes and the first page, together.
pub async fn read_first_page<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    mailbox_id: &str,
    options: &SyncOptions,
) -> Result<ReadFirstPage, SyncError> {
    let mut request = Request::new();
    let mailboxes = request.add(MailboxGet::new(account_id, Ids::All));
    let (response, page) = send_with_first_page(client, request, account_id, mailbox_id, options).await?;
    Ok(first_page(account_id, mailbox_id, response.get(&mailboxes)?, page, options))
}

/// [`read_first_page`] with the `mailboxes` already read ([`read_mailboxes`]): the request asks
/// only for the page, and what it reads is the same.
pub async fn read_first_page_with<T: Transport>(
    client: &JmapClient<T>,
    account_id: &str,
    mailbox_id: &str,
    mailboxes: Mailboxes,
    options: &SyncOptions,
) -> Result<ReadFirstPage, SyncError> {
    let (_, page) = send_with_first_page(client, Request::new(), account_id, mailbox_id, options).await?;
    Ok(first_page(account_id, mailbox_id, mailboxes, page, options))
}

/// Sends `request` with the chain of `mailbox_id`'s first page added after its calls, and reads
/// the page; the rest of the answer is the caller's to read.
async fn send_with_first_page<T: Transport>(
    client: &JmapClient<T>,
    mut request: Request,
    account_id: &str,
    mailbox_id: &str,
    options: &SyncOptions,
) -> Result<(Response, Page), SyncError> {
    let page = add_page(&mut request, account_id, mailbox_id, 0, options.first_page);
    let response = client.send(request).await?;
    // The answer's envelope was parsed as it came; its page is read after a moment for the host.
    client.transport().pause().await;
    let page = page.read(&response)?;
    Ok((response, page))
}

/// The first page of `mailbox_id` and the batch that writes it with `mailboxes`.
fn first_page(account_id: &str, mailbox_id: &str, mailboxes: Mailboxes, page: Page, options: &SyncOptions) -> ReadFirstPage {
    let listed = page.len();
    let first = FirstPage {
        next_position: listed,
        is_whole_mailbox: listed < options.first_page || page.query.total.is_some_and(|t| listed >= t),
        account_id: account_id.to_string(),
        mailbox_id: mailbox_id.to_string(),
        page: page.thread_page(),
        state: SyncState {
            mailbox: mailboxes.state,
            email: page.email_state.clone(),
            thread: page.thread_state.clone(),
            mailboxes: vec![mailbox_id.to_string()],
        },
        // Read with the full sync's first request (the cold start asks for no text but the
        // newest emails': the first screen needs only that).
        notes: page.notes_without_preview(),
        anchor: page.query.ids.last().cloned(),
    };
    let mut batch = StoreBatch::new(account_id);
    batch.mailboxes = mailboxes.list.into_iter().map(Into::into).collect();
    batch.resume = Some(first.resume_at(first.next_position, first.anchor.clone(), first.page.total, first.notes.clone()));
    ReadFirstPage { first, batch, page }
}

/// Writes what [`read_first_page`] (or [`read_first_page_with`]) read: if the store holds no complete copy of the account,
/// it replaces whatever partial copy it had.
pub async fn write_first_page<S: SyncStore>(store: &S, mut batch: StoreBatch) -> Result<(), SyncError> {
    batch.replace = store.sync_state(&batch.account_id).await?.is_none();
    store.apply(batch).await?;
    Ok(())
}
