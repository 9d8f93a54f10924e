//! Full sync: after the cold start, the rest of the mailbox's threads, page by page, several
//! pages per HTTP request, each request's pages written to the store as one batch. The last
//! batch records the state, which marks the copy complete (see `store`). Each request leaves
//! as soon as the answer before it is in, before that answer is read: the server works on the
//! next pages while the browser parses and the store writes (and the app builds the listings).
//!
//! Pages are read by position while mail may arrive or go. Threads arriving push the list down:
//! some are read twice (harmless: records are keyed by id). Threads leaving above the cursor (a
//! teammate deletes or archives) pull it up, and the thread that moves past the cursor would be
//! skipped, and never brought by a delta sync, since it did not change. So each request's first
//! page starts [`OVERLAP`] threads before the cursor: up to that many threads can leave between
//! two requests (a fraction of a second apart) without a skip. (Anchoring every page on the last
//! email read, `anchor`/`anchorOffset` chained by result reference, would close it entirely; it
//! was tried, and one run at 100k was slower, but runs of one build vary by ±20 % here, so its
//! cost is unknown: see BENCHMARKS.md, runs D and E.) What changed after the first page's state
//! comes with the first delta sync.
//!
//! A page reads text only for each thread's newest mail (its row's preview). The notes among
//! the other emails that a Mentions row shows but that came without a server preview are read
//! with their text in the next request, alongside its pages (one more request at the end if
//! needed), so that the state is recorded only once their rows are whole.
//!
//! Each batch records where the full sync stands ([`ResumePoint`]). A full sync cut short goes on
//! from there ([`super::sync_mailbox_then`]) rather than from the first page, once [`relocate`]
//! has found where its last email read now stands.

use super::cold_start::FirstPage;
use super::error::SyncError;
use super::options::SyncOptions;
use super::page::{add_note_texts, add_page, thread_query, PageCalls};
use super::records::EmailRecord;
use super::request_window::RequestWindow;
use super::store::{ResumePoint, StoreBatch, StoreError, SyncState, SyncStore};
use crate::error::{ErrorKind, JmapError};
use crate::jmap::objects::{Email, GetResponse, QueryResponse};
use crate::jmap::{CallRef, JmapClient, Request};
use crate::transport::Transport;
use futures::future::{join, LocalBoxFuture};

/// Threads of the mailbox in the store so far, out of the mailbox's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FullSyncReport {
    /// Threads read, the first page's included.
    pub threads: u64,
    /// HTTP requests made after the cold start.
    pub requests: usize,
}

/// Fetches every thread of `first.mailbox_id` after the first page into the store.
///
/// The requests are pipelined: up to `options.requests_in_flight` are out at once, planned by
/// position, and the next one leaves as soon as an answer is in, before that answer is read and
/// written, so the server works on the next pages (on more than one core) while the browser
/// parses and stores the last ones, and is never left waiting for them. The writes are
/// pipelined too: a batch is written while the next answer is read, and each batch is written
/// only once the one before it is (a failed write stops the sync before anything after it is
/// written, so a resume point never passes pages that are not in the store).
pub async fn full_sync<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    first: &FirstPage,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<FullSyncReport, SyncError> {
    let mut cursor = Cursor::after(first, options);
    // Notes read without text that need it (see the module docs).
    let mut notes: Vec<String> = first.notes.clone();
    let mut requests = 0;
    let mut window = RequestWindow::new();
    // See `StoreBatch::whole_threads`: only while no delta sync can have run.
    let whole_threads = store.sync_state(&first.account_id).await?.is_none();
    // The batch being written, and the progress it makes once written.
    let mut writing: Option<LocalBoxFuture<'_, Result<Progress, StoreError>>> = None;
    progress(cursor.progress());
    loop {
        requests += fill(&mut window, client, first, options, &mut cursor, &mut notes, true);
        let reading = async {
            let Some(answer) = window.next().await else { return Ok(None) };
            let (response, sent) = answer?;
            // The request taking this one's place leaves now, before this answer is read.
            requests += fill(&mut window, client, first, options, &mut cursor, &mut notes, false);
            let (more_out, carried) = (window.len() > 0, window.notes_out());
            let mut batch = StoreBatch::new(&first.account_id);
            batch.whole_threads = whole_threads;
            let read = read_answer(client.transport(), &response, &sent, &mut cursor, &mut notes, &mut batch);
            window.while_working(read).await?;
            let done = !more_out && cursor.ended && notes.is_empty();
            if !done {
                let pending = carried.iter().chain(&notes).cloned().collect();
                batch.resume = Some(first.resume_at(cursor.position, cursor.anchor.clone(), cursor.total, pending));
            }
            Ok::<_, SyncError>(Some((batch, done, cursor.progress())))
        };
        let (read, written) = join(reading, written(writing.take())).await;
        if let Some(at) = written? {
            progress(at);
        }
        let (mut last, at) = match read? {
            Some((batch, false, at)) => {
                writing = Some(Box::pin(async move { store.apply(batch).await.map(|()| at) }));
                continue;
            }
            Some((batch, true, at)) => (batch, at),
            // Nothing out and nothing to ask: the first page held the whole mailbox.
            None => (StoreBatch::new(&first.account_id), cursor.progress()),
        };
        last.state = Some(completed_state(store, first).await?);
        store.apply(last).await?;
        progress(at);
        return Ok(FullSyncReport { threads: cursor.position, requests });
    }
}

/// The end of the write `writing` (if any): the progress it made.
async fn written(writing: Option<LocalBoxFuture<'_, Result<Progress, StoreError>>>) -> Result<Option<Progress>, StoreError> {
    match writing {
        Some(write) => write.await.map(Some),
        None => Ok(None),
    }
}

/// Sends requests until `options.requests_in_flight` are out or there is nothing left to ask;
/// how many it sent. `settled`: every answer taken has been read, so with none out, one is
/// sent for anything left, pages (even past the count) or notes.
#[allow(clippy::too_many_arguments)]
fn fill<'a, T: Transport>(
    window: &mut RequestWindow<'a, Sent>,
    client: &'a JmapClient<T>,
    first: &FirstPage,
    options: &SyncOptions,
    cursor: &mut Cursor,
    notes: &mut Vec<String>,
    settled: bool,
) -> usize {
    let mut sent = 0;
    while window.len() < options.requests_in_flight.max(1) {
        let alone = settled && window.len() == 0;
        let Some((request, pages, asked)) = next_request(client, first, options, cursor, notes, alone) else { break };
        window.send(client, request, pages, asked);
        sent += 1;
    }
    sent
}

/// Threads read again before the cursor at the start of each request (see the module docs).
pub const OVERLAP: u64 = 16;
/// Threads read again before a resumed full sync's position when its last email read is gone.
const RESUME_BACK: u64 = 256;

/// Where a full sync cut short (`point`) goes on: just after its last email read, wherever that
/// stands now (one `Email/query`), else somewhat before its position.
pub async fn relocate<T: Transport>(client: &JmapClient<T>, account_id: &str, mut point: ResumePoint) -> Result<ResumePoint, SyncError> {
    let Some(anchor) = point.anchor.clone() else {
        point.position = point.position.saturating_sub(RESUME_BACK);
        return Ok(point);
    };
    let query = thread_query(account_id, &point.mailbox_id).anchor(&anchor, 0).limit(1);
    point.position = match client.call(query).await {
        Ok(found) if !found.ids.is_empty() => found.position + 1,
        Ok(_) => point.position.saturating_sub(RESUME_BACK),
        Err(JmapError::Method(e)) if e.kind == ErrorKind::AnchorNotFound => point.position.saturating_sub(RESUME_BACK),
        Err(e) => return Err(e.into()),
    };
    Ok(point)
}

/// Where the full sync stands.
struct Cursor {
    /// Threads read so far (the next page starts there).
    position: u64,
    /// The last email read (kept in the resume point).
    anchor: Option<String>,
    page_size: u64,
    /// Threads in the mailbox, as last counted by the server (if it counts).
    total: Option<u64>,
    /// A page came back short, or the count is reached: nothing after it.
    ended: bool,
    /// Where the next request's pages start: ahead of `position` while requests are out.
    planned: u64,
    /// Bumped when the pages already asked for no longer fit (smaller pages from `position`):
    /// the answers of requests planned before are not read.
    plan: u32,
}

impl Cursor {
    fn after(first: &FirstPage, options: &SyncOptions) -> Self {
        Cursor {
            position: first.next_position,
            anchor: first.anchor.clone(),
            page_size: options.page_size.max(1),
            total: first.page.total,
            ended: first.is_whole_mailbox,
            planned: first.next_position,
            plan: 0,
        }
    }

    /// Whether every thread the server counted (or, if it does not count, every thread up to a
    /// short page) has been asked for.
    fn all_planned(&self) -> bool {
        self.ended || self.total.is_some_and(|t| self.planned >= t)
    }

    /// Asks again from `position` with pages of half the size.
    fn halve_pages(&mut self) {
        self.page_size /= 2;
        self.planned = self.position;
        self.plan += 1;
    }

    fn progress(&self) -> Progress {
        Progress { done: self.position, total: self.total.unwrap_or(0).max(self.position) }
    }

    /// Takes in a page of up to `limit` threads.
    fn took(&mut self, query: &QueryResponse, limit: u64) {
        let count = query.ids.len() as u64;
        self.position = query.position + count;
        self.anchor = query.ids.last().cloned().or(self.anchor.take());
        self.total = query.total.or(self.total);
        self.ended = count < limit || self.total.is_some_and(|t| self.position >= t);
    }

    /// The pages of the next request, `count` of them: (position, limit), the first one reaching
    /// back [`OVERLAP`]. They are taken: the request after starts after them.
    fn plan_pages(&mut self, count: usize) -> Vec<(u64, u64)> {
        let start = self.planned;
        let back = OVERLAP.min(start);
        self.planned = start + count as u64 * self.page_size;
        (0..count as u64)
            .map(|i| if i == 0 { (start - back, self.page_size + back) } else { (start + i * self.page_size, self.page_size) })
            .collect()
    }
}

/// A request sent: its pages, the call for the notes' text it asks for, and the plan it was
/// made under.
struct Sent {
    pages: Vec<(PageCalls, u64)>,
    texts: Option<CallRef<GetResponse<Email>>>,
    plan: u32,
}

/// The next request: up to `pages_per_request` pages from where the last one stopped and the
/// text of (some of) `notes`, with the notes it asks for; `None` once there is nothing left to
/// ask. Pages are planned up to the count the server gave, or, when nothing else is `alone` out,
/// until a page comes back short.
fn next_request<T: Transport>(
    client: &JmapClient<T>,
    first: &FirstPage,
    options: &SyncOptions,
    cursor: &mut Cursor,
    notes: &mut Vec<String>,
    alone: bool,
) -> Option<(Request, Sent, Vec<String>)> {
    let pages_left = !cursor.ended && (alone || !cursor.all_planned());
    if !pages_left && notes.is_empty() {
        return None;
    }
    let mut request = Request::new();
    let take = notes.len().min(client.limits().max_objects_in_get.max(1));
    let asked: Vec<String> = notes.drain(..take).collect();
    let texts = (!asked.is_empty()).then(|| add_note_texts(&mut request, &first.account_id, asked.clone()));
    let page_count = if pages_left { options.pages_per_request.max(1) } else { 0 };
    let pages = cursor
        .plan_pages(page_count)
        .into_iter()
        .map(|(position, limit)| (add_page(&mut request, &first.account_id, &first.mailbox_id, position, limit), limit))
        .collect();
    Some((request, Sent { pages, texts, plan: cursor.plan }, asked))
}

/// Reads one answer into `batch`; the notes its pages bring are added to `notes`. The pages of
/// an answer planned before the pages shrank, or past the mailbox's end, are left unread.
async fn read_answer<T: Transport>(
    transport: &T,
    response: &crate::jmap::Response,
    sent: &Sent,
    cursor: &mut Cursor,
    notes: &mut Vec<String>,
    batch: &mut StoreBatch,
) -> Result<(), SyncError> {
    transport.pause().await;
    // Written after the pages' records (batch.emails is applied in order), which they complete.
    let mut texted: Vec<EmailRecord> = match &sent.texts {
        Some(call) => response.get(call)?.list.iter().map(EmailRecord::from).collect(),
        None => Vec::new(),
    };
    let result = if sent.plan == cursor.plan && !cursor.ended {
        read_pages(transport, response, &sent.pages, cursor, notes, batch).await
    } else {
        Ok(())
    };
    batch.emails.append(&mut texted);
    result
}

/// Reads the answer a page at a time, pausing between pages and between a page's parsing and its
/// records (a browser's main thread is free between them).
async fn read_pages<T: Transport>(
    transport: &T,
    response: &crate::jmap::Response,
    pages: &[(PageCalls, u64)],
    cursor: &mut Cursor,
    notes: &mut Vec<String>,
    batch: &mut StoreBatch,
) -> Result<(), SyncError> {
    for (calls, limit) in pages {
        match calls.read(response) {
            Ok(page) => {
                cursor.took(&page.query, *limit);
                notes.extend(page.notes_without_preview());
                transport.pause().await;
                page.write_into(batch);
            }
            Err(e) if is_too_large(&e) && cursor.page_size > 1 => {
                // Threads too long for one Email/get: go on from here with smaller pages.
                cursor.halve_pages();
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        }
        if cursor.ended {
            break;
        }
        transport.pause().await;
    }
    Ok(())
}

fn is_too_large(error: &JmapError) -> bool {
    matches!(error, JmapError::Method(e) if e.kind == ErrorKind::RequestTooLarge)
}

/// The state that marks the copy complete: the store's own if it already had a complete copy
/// (older, so nothing is skipped) plus this mailbox, else the one read with the first page.
async fn completed_state<S: SyncStore>(store: &S, first: &FirstPage) -> Result<SyncState, SyncError> {
    Ok(match store.sync_state(&first.account_id).await? {
        Some(existing) => existing.with_mailbox(&first.mailbox_id),
        None => first.state.clone(),
    })
}
