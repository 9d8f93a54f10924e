//! Files the agent attaches to a reply: each checked against the server's limits before a byte
//! is sent (`core::reply::upload`), uploaded as a blob to the team account with its progress,
//! and added to the draft's attachments when the server has it (so it is kept with the draft and
//! sent with it). A file refused or failed stays listed with its sentence until removed.
//!
//! The upload is an `XMLHttpRequest` (fetch reports no upload progress) with its own
//! `Authorization` header and `withCredentials = false`. Unlike fetch, it cannot leave the
//! browser's credentials out on a same-origin request, so a 401 with a Basic challenge would
//! raise the browser's login prompt: each batch first asks the server with fetch whether the
//! sign-in still holds, and uploads nothing when it does not. Uploads end with the composer that
//! started them (aborted when it goes), when the agent removes one, or when one stops moving for
//! `UPLOAD_STALL` (no more of the file taken, or no answer once all of it was): said, and Send
//! no longer waits for it.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::Promise;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use tandem_core::changes::email_state;
use tandem_core::reply::upload::{answer, display_name, stalled, upload_url, UploadError, UploadLimits, UPLOAD_STALL};
use tandem_core::reply::ReplyDraft;
use tandem_core::JmapError;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, File, ProgressEvent, XmlHttpRequest, XmlHttpRequestUpload};

use crate::auth::Auth;
use crate::intl;
use crate::tasks::spawn_owned;
use crate::tr;
use crate::web_transport::Client;
use crate::wording::Words;

/// A file being uploaded, or refused (`error`).
#[derive(Clone)]
pub struct Upload {
    pub id: u32,
    pub name: String,
    pub size: u64,
    /// 0 to 1.
    pub progress: RwSignal<f64>,
    pub error: Option<Words>,
}

/// The attachments of the composer it is created in (its owner: uploads end with it).
#[derive(Clone, Copy)]
pub struct Attachments {
    /// Files on their way (or refused); those the server has are in the draft.
    pub uploads: RwSignal<Vec<Upload>>,
    draft: RwSignal<Option<ReplyDraft>>,
    account: Signal<String>,
    auth: Auth,
    owner: StoredValue<Option<Owner>>,
    /// Each upload's own owner: cleaned up (the request aborted) when it is removed.
    running: StoredValue<Vec<(u32, Owner)>>,
    next_id: StoredValue<u32>,
}

impl Attachments {
    /// For the reply `draft`, uploading to the team `account`.
    pub fn new(draft: RwSignal<Option<ReplyDraft>>, account: Signal<String>) -> Self {
        Attachments {
            uploads: RwSignal::new(Vec::new()),
            draft,
            account,
            auth: Auth::get(),
            owner: StoredValue::new(Owner::current()),
            running: StoredValue::new(Vec::new()),
            next_id: StoredValue::new(0),
        }
    }

    /// Whether a file is still on its way (Send waits for it).
    pub fn uploading(&self) -> bool {
        self.uploads.with(|u| u.iter().any(|u| u.error.is_none()))
    }

    /// Attaches `files`: each checked, then uploaded.
    pub fn add(&self, files: Vec<File>) {
        let Some(client) = self.auth.client.try_get_untracked().flatten() else {
            return files.iter().for_each(|f| self.refuse(&f.name(), f.size() as u64, Words::new(|| tr!(composer.attach.sign_in_again))));
        };
        let account = self.account.get_untracked();
        let limits = UploadLimits::of(client.session(), &account);
        let mut accepted = Vec::new();
        for file in files {
            let (name, size) = (display_name(&file.name()), file.size() as u64);
            match limits.check(&name, size, self.attached_bytes()) {
                Ok(()) => accepted.push((self.list(&name, size, None), file)),
                Err(refusal) => self.refuse(&name, size, why_not(refusal)),
            }
        }
        if !accepted.is_empty() {
            self.start(client, account, accepted);
        }
    }

    /// Takes a file off: its upload stops, or its attachment leaves the draft.
    pub fn remove_upload(&self, id: u32) {
        let mut gone = None;
        self.running.update_value(|r| gone = r.iter().position(|(i, _)| *i == id).map(|at| r.remove(at).1));
        if let Some(owner) = gone {
            owner.cleanup();
        }
        self.uploads.update(|u| u.retain(|u| u.id != id));
    }

    /// Takes the draft's attachment at `at` out of it.
    pub fn remove_attached(&self, at: usize) {
        self.draft.update(|d| {
            if let Some(d) = d.as_mut().filter(|d| at < d.attachments.len()) {
                d.attachments.remove(at);
            }
        });
    }

    /// Bytes attached or on their way: what one message's limit counts.
    fn attached_bytes(&self) -> u64 {
        let done: u64 = self.draft.with_untracked(|d| d.as_ref().map_or(0, |d| d.attachments.iter().map(|a| a.size).sum()));
        let coming: u64 = self.uploads.with_untracked(|u| u.iter().filter(|u| u.error.is_none()).map(|u| u.size).sum());
        done.saturating_add(coming)
    }

    fn list(&self, name: &str, size: u64, error: Option<Words>) -> u32 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id.wrapping_add(1));
        // Made under the composer's owner: it goes with it.
        let progress = self.owner.with_value(|o| o.as_ref().map(|o| o.with(|| RwSignal::new(0.0)))).unwrap_or_else(|| RwSignal::new(0.0));
        self.uploads.update(|u| u.push(Upload { id, name: name.to_string(), size, progress, error }));
        id
    }

    fn refuse(&self, name: &str, size: u64, why: Words) {
        self.list(&display_name(name), size, Some(why));
    }

    /// Asks whether the sign-in still holds (fetch: no login prompt), then uploads each file.
    fn start(self, client: Arc<Client>, account: String, files: Vec<(u32, File)>) {
        let Some(owner) = self.owner.get_value() else { return };
        owner.with(|| {
            spawn_owned(async move {
                if let Err(JmapError::Unauthorized) = email_state(&client, &account).await {
                    return files.iter().for_each(|(id, _)| self.failed(*id, why_not(UploadError::SessionEnded)));
                }
                let url = upload_url(client.session(), &account);
                let authorization = client.credentials().authorization_header();
                for (id, file) in files {
                    self.upload(id, file, url.clone(), authorization.clone());
                }
            })
        });
    }

    /// Uploads one file under an owner of its own, kept until it ends or is removed.
    fn upload(self, id: u32, file: File, url: String, authorization: String) {
        let Some(Some(parent)) = self.owner.try_get_value() else { return };
        let own = parent.child();
        self.running.try_update_value(|r| r.push((id, own.clone())));
        own.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                let mime_type = Some(file.type_()).filter(|t| !t.is_empty()).unwrap_or_else(|| "application/octet-stream".into());
                let Some(shown) = self.uploads.try_with_untracked(|u| u.iter().find(|u| u.id == id).map(|u| u.progress)).flatten() else {
                    return;
                };
                let progress = move |p: f64| {
                    shown.try_set(p);
                };
                let outcome = match post(&url, &authorization, &mime_type, &file, progress).await {
                    Posted::Answered(status, body) => answer(status, &body, &file.name(), &mime_type, file.size() as u64),
                    Posted::Stalled => Err(stalled(&file.name())),
                };
                match outcome {
                    Ok(attached) => {
                        self.draft.try_update(|d| d.iter_mut().for_each(|d| d.attachments.push(attached.clone())));
                        self.uploads.try_update(|u| u.retain(|u| u.id != id));
                    }
                    Err(e) => self.failed(id, why_not(e)),
                }
                self.running.try_update_value(|r| r.retain(|(i, _)| *i != id));
            })
        });
    }

    fn failed(&self, id: u32, why: Words) {
        self.uploads.try_update(|u| u.iter_mut().filter(|u| u.id == id).for_each(|u| u.error = Some(why.clone())));
    }
}

/// Why a file was not attached, worded when read.
fn why_not(refusal: UploadError) -> Words {
    Words::new(move || sentence(&refusal))
}

/// Why a file was not attached, in the language now.
fn sentence(refusal: &UploadError) -> String {
    match refusal {
        UploadError::TooLarge { name, size: bytes, limit } => {
            tr!(composer.attach.too_large, name = name, size = intl::size(*bytes), limit = intl::size(*limit))
        }
        UploadError::TooMuch { name, total, limit } => {
            tr!(composer.attach.too_much, name = name, total = intl::size(*total), limit = intl::size(*limit))
        }
        UploadError::RefusedAsTooLarge { name } => tr!(composer.attach.refused_as_too_large, name = name),
        UploadError::SessionEnded => tr!(composer.attach.session_ended),
        UploadError::Unreachable { name } => tr!(composer.attach.unreachable, name = name),
        UploadError::Stalled { name, seconds } => tr!(composer.attach.stalled, name = name, seconds = seconds),
        UploadError::Failed { name, status } => tr!(composer.attach.failed, name = name, status = status),
        UploadError::Unreadable { name } => tr!(composer.attach.unreadable, name = name),
    }
}

/// How an upload ended.
enum Posted {
    /// The server's (status, body); status 0 when nothing answered.
    Answered(u16, String),
    /// Given up: nothing moved for [`UPLOAD_STALL`].
    Stalled,
}

/// Posts `file` to `url`. `progress` hears the share sent so far.
async fn post(url: &str, authorization: &str, mime_type: &str, file: &File, progress: impl Fn(f64) + 'static) -> Posted {
    let Ok(request) = InFlight::open(url, authorization, mime_type, progress) else { return Posted::Answered(0, String::new()) };
    let xhr = request.xhr.clone();
    let done = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    if xhr.send_with_opt_blob(Some(file)).is_err() {
        return Posted::Answered(0, String::new());
    }
    request.stall.rearm();
    let _ = JsFuture::from(done).await;
    if request.stall.struck() {
        return Posted::Stalled;
    }
    Posted::Answered(xhr.status().unwrap_or(0), xhr.response_text().ok().flatten().unwrap_or_default())
}

/// An upload's stall timer: aborts the request when it has not moved for [`UPLOAD_STALL`] since
/// it was last armed (at the send, at each piece of the file taken, when all of it was).
#[derive(Clone)]
struct Stall {
    xhr: XmlHttpRequest,
    timer: Rc<Cell<Option<TimeoutHandle>>>,
    struck: Rc<Cell<bool>>,
}

impl Stall {
    fn new(xhr: XmlHttpRequest) -> Self {
        Stall { xhr, timer: Rc::new(Cell::new(None)), struck: Rc::new(Cell::new(false)) }
    }

    /// The upload moved: it has [`UPLOAD_STALL`] again from now.
    fn rearm(&self) {
        self.clear();
        let (xhr, struck) = (self.xhr.clone(), self.struck.clone());
        let strike = move || {
            struck.set(true);
            let _ = xhr.abort();
        };
        self.timer.set(set_timeout_with_handle(strike, UPLOAD_STALL).ok());
    }

    fn clear(&self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
    }

    /// Whether the upload was given up for standing still.
    fn struck(&self) -> bool {
        self.struck.get()
    }
}

/// An upload request and its progress handler: when dropped (the upload ended, was removed, or
/// its composer went), its handlers are let go and the request aborted.
struct InFlight {
    xhr: XmlHttpRequest,
    upload: XmlHttpRequestUpload,
    stall: Stall,
    _progress: Closure<dyn Fn(ProgressEvent)>,
    _sent: Closure<dyn Fn(Event)>,
}

impl InFlight {
    fn open(url: &str, authorization: &str, mime_type: &str, progress: impl Fn(f64) + 'static) -> Result<Self, JsValue> {
        let xhr = XmlHttpRequest::new()?;
        xhr.open("POST", url)?;
        xhr.set_with_credentials(false);
        xhr.set_request_header("Authorization", authorization)?;
        xhr.set_request_header("Content-Type", mime_type)?;
        let stall = Stall::new(xhr.clone());
        let moved = stall.clone();
        let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
            moved.rearm();
            if e.length_computable() && e.total() > 0.0 {
                progress((e.loaded() / e.total()).clamp(0.0, 1.0));
            }
        });
        // All of the file taken: the answer has UPLOAD_STALL from now.
        let waiting = stall.clone();
        let on_sent = Closure::<dyn Fn(Event)>::new(move |_: Event| waiting.rearm());
        let upload = xhr.upload()?;
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        upload.set_onload(Some(on_sent.as_ref().unchecked_ref()));
        Ok(InFlight { xhr, upload, stall, _progress: on_progress, _sent: on_sent })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.stall.clear();
        self.upload.set_onprogress(None);
        self.upload.set_onload(None);
        self.xhr.set_onloadend(None);
        let _ = self.xhr.abort();
    }
}
