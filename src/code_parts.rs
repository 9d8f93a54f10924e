//! The parts of the app's code fetched when first wanted rather than with the app
//! (`scripts/wasm-link.sh` splits the module at the functions marked `#[wasm_split]`): the pages
//! of `lazy_pages`, the sending of a reply (`reply_sending`), the sync driver's pass
//! (`sync_driver`), bulk actions (`inbox::bulk`). What a part that cannot be fetched is: offline
//! before the service worker kept it, or a newer version of Tandem replaced it on the host. Never
//! a panic (Leptos's own loader panics, and a panic stops the app).

use leptos::wasm_split::SplitLoaderError;

/// A part of the app's code could not be fetched.
#[derive(Debug)]
pub struct Unreachable;

impl From<SplitLoaderError> for Unreachable {
    fn from(_: SplitLoaderError) -> Self {
        Unreachable
    }
}
