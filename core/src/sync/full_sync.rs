//! Full sync: after the cold start, the rest of the mailbox's threads, page by page, several
//! pages per HTTP request, each request's pages written to the store as one batch. The last
//! batch records the state, which marks the copy complete (see `store`). Each request leaves
//! before the batch of the one before is written: the server works on the next pages while the
//! store writes (and, in the browser, while the app builds the listings).
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
use super::store::{ResumePoint, StoreBatch, SyncState, SyncStore};
use crate::error::{ErrorKind, JmapError};
use crate::jmap::objects::QueryResponse;
use crate::jmap::{JmapClient, Request};
use crate::transport::Transport;

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
pub async fn full_sync<T: Transport, S: SyncStore>(
    client: &JmapClient<T>,
    store: &S,
    first: &FirstPage,
    options: &SyncOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<FullSyncReport, SyncError> {
    let mut cursor = Cursor::after(first, options);
    let mut requests = 0;
    // Notes read without text that need it (see the module docs).
    let mut notes: Vec<String> = first.notes.clone();
    progress(cursor.progress());
    let mut batch = StoreBatch::new(&first.account_id);
    if !cursor.ended || !notes.is_empty() {
        requests += 1;
        fetch_pages(client, first, options, &mut cursor, &mut notes, &mut batch).await?;
    }
    loop {
        if cursor.ended && notes.is_empty() {
            batch.state = Some(completed_state(store, first).await?);
            store.apply(batch).await?;
            progress(cursor.progress());
            return Ok(FullSyncReport { threads: cursor.position, requests });
        }
        batch.resume = Some(first.resume_at(cursor.position, cursor.anchor.clone(), cursor.total, notes.clone()));
        let written = cursor.progress();
        // The next request leaves before this batch is written, so that the server answers it
        // while the store writes (the pages are read by position: the next ones are known now).
        let mut next = StoreBatch::new(&first.account_id);
        requests += 1;
        let (fetched, applied) =
            futures::future::join(fetch_pages(client, first, options, &mut cursor, &mut notes, &mut next), store.apply(batch)).await;
        applied?;
        progress(written);
        fetched?;
        batch = next;
    }
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
}

impl Cursor {
    fn after(first: &FirstPage, options: &SyncOptions) -> Self {
        Cursor {
            position: first.next_position,
            anchor: first.anchor.clone(),
            page_size: options.page_size.max(1),
            total: first.page.total,
            ended: first.is_whole_mailbox,
        }
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

    /// The pages of one request: (position, limit), the first one reaching back [`OVERLAP`].
    fn pages(&self, count: usize) -> Vec<(u64, u64)> {
        let back = OVERLAP.min(self.position);
        (0..count as u64)
            .map(
                |i| {
                    if i == 0 {
                        (self.position - back, self.page_size + back)
                    } else {
                        (self.position + i * self.page_size, self.page_size)
                    }
                },
            )
            .collect()
    }
}

/// One HTTP request of up to `pages_per_request` pages from the cursor and the text of (some
/// of) `notes`, into `batch`; the notes the pages bring are added to `notes`.
async fn fetch_pages<T: Transport>(
    client: &JmapClient<T>,
    first: &FirstPage,
    options: &SyncOptions,
    cursor: &mut Cursor,
    notes: &mut Vec<String>,
    batch: &mut StoreBatch,
) -> Result<(), SyncError> {
    let mut request = Request::new();
    let texts = (!notes.is_empty()).then(|| {
        let take = notes.len().min(client.limits().max_objects_in_get.max(1));
        add_note_texts(&mut request, &first.account_id, notes.drain(..take).collect())
    });
    let page_count = if cursor.ended { 0 } else { options.pages_per_request.max(1) };
    let pages: Vec<(PageCalls, u64)> = cursor
        .pages(page_count)
        .into_iter()
        .map(|(position, limit)| (add_page(&mut request, &first.account_id, &first.mailbox_id, position, limit), limit))
        .collect();
    let response = client.send(request).await?;
    client.transport().pause().await;
    // Written after the pages' records (batch.emails is applied in order), which they complete.
    let mut texted: Vec<EmailRecord> = match &texts {
        Some(call) => response.get(call)?.list.iter().map(EmailRecord::from).collect(),
        None => Vec::new(),
    };
    let result = read_pages(client.transport(), &response, &pages, cursor, notes, batch).await;
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
                cursor.page_size /= 2;
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
