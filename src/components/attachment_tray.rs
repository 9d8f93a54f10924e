//! The reply's files: each one's name (as text), size, its progress while it uploads and the
//! sentence if it was refused, with a button to remove it; "Attach files" opens the file picker.
//! [`DropTarget`] gives the composer files dropped on it (with a hint while they are dragged
//! over) and [`pasted_files`] those pasted into the reply (a screenshot). It reports files and
//! removals; the composer's `Attachments` uploads them.

use leptos::html::Input;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use tandem_core::reply::AttachmentRef;
use web_sys::{DragEvent, File, FileList};

use crate::attachments::Upload;
use crate::intl::size;
use crate::tr;
use crate::tr_live;
use crate::wording::Words;

/// Files the agent picked, dropped or pasted (browser objects: this thread only).
pub type Files = SendWrapper<Vec<File>>;

/// * `attached`: the files the server has (the draft's attachments; a memo, not made again at
///   each key typed).
/// * `uploads`: files on their way, or refused.
/// * `on_files`: the agent attached files.
/// * `on_remove_upload`, `on_remove_attached`: the agent removed one (by upload id, by its place
///   among the attached).
#[component]
pub fn AttachmentTray(
    attached: Signal<Vec<AttachmentRef>>,
    uploads: Signal<Vec<Upload>>,
    on_files: Callback<Files>,
    on_remove_upload: Callback<u32>,
    on_remove_attached: Callback<usize>,
) -> impl IntoView {
    let picker = NodeRef::<Input>::new();
    let picked = move |_| {
        if let Some(input) = picker.get_untracked() {
            let files = list(input.files());
            input.set_value("");
            if !files.is_empty() {
                on_files.run(SendWrapper::new(files));
            }
        }
    };
    // By place: the same file attached twice has one blob id.
    let done = move || {
        let row = |(at, a): (usize, AttachmentRef)| row(a.name, a.size, None, None, Callback::new(move |_| on_remove_attached.run(at)));
        attached.get().into_iter().enumerate().map(row).collect_view()
    };
    // Each upload's progress is a signal of its own: the list is not made again at each step.
    let coming = move || {
        let row = |u: Upload| {
            let progress = u.error.is_none().then_some(u.progress.into());
            row(u.name, u.size, progress, u.error, Callback::new(move |_| on_remove_upload.run(u.id)))
        };
        uploads.get().into_iter().map(row).collect_view()
    };
    let uploading = move || uploads.with(|u| u.iter().any(|u| u.error.is_none()));
    view! {
        <div class="reply-attach">
            <Show when=move || !attached.with(Vec::is_empty) || !uploads.with(Vec::is_empty)>
                <ul class="attachments reply-attachments" aria-label=tr_live!(composer.attach.list)>
                    {done}
                    {coming}
                </ul>
            </Show>
            <div class="reply-attach-line">
                <input type="file" multiple class="visually-hidden" tabindex="-1" aria-hidden="true" node_ref=picker on:change=picked />
                <button type="button" class="action" on:click=move |_| if let Some(input) = picker.get_untracked() { input.click() }>
                    {tr_live!(composer.attach.attach_files)}
                </button>
                <span class="reply-attach-hint" role="status">
                    {move || if uploading() { tr!(composer.attach.waits) } else { tr!(composer.attach.hint) }}
                </span>
            </div>
        </div>
    }
}

/// One file: name, size, then its progress, or the sentence why it is not attached.
fn row(name: String, bytes: u64, progress: Option<Signal<f64>>, error: Option<Words>, on_remove: Callback<()>) -> impl IntoView {
    let failed = error.is_some();
    let (uploading, remove) = (name.clone(), name.clone());
    view! {
        <li class="attachment" class:attachment-failed=failed>
            <span class="attachment-name" dir="auto">{name.clone()}</span>
            <span class="attachment-size">{move || size(bytes)}</span>
            {progress.map(|p| view! { <progress class="attachment-progress" max="1" value=move || p.get() aria-label=move || tr!(composer.attach.uploading, name = &uploading)></progress> })}
            <button type="button" class="attachment-remove" aria-label=move || tr!(composer.attach.remove_named, name = &remove) title=tr_live!(composer.attach.remove) on:click=move |_| on_remove.run(())>
                "×"
            </button>
            {error.map(|e| view! { <p class="attachment-error" role="alert">{move || e.text()}</p> })}
        </li>
    }
}

/// Files dragged over the composer: whether to show the drop hint, and what is dropped. Text
/// dragged about is left to the browser.
#[derive(Clone, Copy)]
pub struct DropTarget {
    pub over: RwSignal<bool>,
    /// dragenter and dragleave come for each child crossed: over while above zero.
    depth: StoredValue<i32>,
    on_files: Callback<Files>,
}

impl DropTarget {
    pub fn new(on_files: Callback<Files>) -> Self {
        DropTarget { over: RwSignal::new(false), depth: StoredValue::new(0), on_files }
    }

    pub fn enter(&self, ev: DragEvent) {
        if carries_files(&ev) {
            ev.prevent_default();
            self.depth.update_value(|d| *d += 1);
            self.over.set(true);
        }
    }

    /// Lets the drop happen (the browser would open the file instead).
    pub fn hover(&self, ev: DragEvent) {
        if carries_files(&ev) {
            ev.prevent_default();
            if let Some(t) = ev.data_transfer() {
                t.set_drop_effect("copy");
            }
        }
    }

    pub fn leave(&self, ev: DragEvent) {
        if carries_files(&ev) {
            self.depth.update_value(|d| *d -= 1);
            if self.depth.get_value() <= 0 {
                self.over.set(false);
            }
        }
    }

    pub fn drop(&self, ev: DragEvent) {
        if !carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        self.depth.set_value(0);
        self.over.set(false);
        let files = list(ev.data_transfer().and_then(|t| t.files()));
        if !files.is_empty() {
            self.on_files.run(SendWrapper::new(files));
        }
    }
}

/// The files pasted (a screenshot, files copied in a file manager); the paste is then taken, so
/// no file name lands in the text.
pub fn pasted_files(ev: &web_sys::ClipboardEvent) -> Option<Files> {
    let files = list(ev.clipboard_data().and_then(|d| d.files()));
    if files.is_empty() {
        return None;
    }
    ev.prevent_default();
    Some(SendWrapper::new(files))
}

fn carries_files(ev: &DragEvent) -> bool {
    ev.data_transfer().is_some_and(|t| t.types().includes(&"Files".into(), 0))
}

fn list(files: Option<FileList>) -> Vec<File> {
    let Some(files) = files else { return Vec::new() };
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}
