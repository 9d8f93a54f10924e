//! The parts of the app's code fetched when first wanted rather than with the app
//! (`scripts/wasm-link.sh` splits the module at the functions marked `#[wasm_split]`): the pages
//! of `lazy_pages`, the sending of a reply (`reply_sending`), the sync driver's pass
//! (`sync_driver`), bulk actions (`inbox::bulk`, `components::bulk_bar`), the team settings' forms
//! and saving (`settings_saving`), the inbox's background work (`inbox::snooze_waker`,
//! `notifications`), search (`inbox::search`), the keyboard's dialogs (`pages::inbox`); a view
//! whose code is a part shows through `components::on_demand`. What a part that cannot be
//! fetched is: offline before the service worker kept it, or a newer version of Tandem replaced
//! it on the host. Never a panic (Leptos's own loader panics, and a panic stops the app).

use std::future::Future;
use std::pin::Pin;

use leptos::wasm_split::SplitLoaderError;

/// Work a part hands back, boxed, for its caller to await: the part's code runs it, and the
/// caller (in the main part) names only what it comes to.
pub type Later<T> = Pin<Box<dyn Future<Output = T>>>;

/// A part of the app's code could not be fetched.
#[derive(Debug)]
pub struct Unreachable;

impl From<SplitLoaderError> for Unreachable {
    fn from(_: SplitLoaderError) -> Self {
        Unreachable
    }
}

/// A function whose code is a part: `#[wasm_split(part)]` where the feature `wasm-split` is on
/// (trunk's builds, index.html), and the same function, plain, where it is off (the wasm tests,
/// whose runner cannot load parts). Async either way, so callers read the same. With
/// `preload = name`, `name()` fetches the part without calling it (nothing to fetch when off).
macro_rules! part_fn {
    ($part:ident, $(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "wasm-split")]
        #[::leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)]
        $(#[$m])* $vis fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(feature = "wasm-split"))]
        $(#[$m])* $vis async fn $name($($arg: $ty),*) -> $ret $body
    };
    ($part:ident, preload = $preload:ident, $(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "wasm-split")]
        #[::leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        $(#[$m])* $vis fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(feature = "wasm-split"))]
        $(#[$m])* $vis async fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(feature = "wasm-split"))]
        async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}
pub(crate) use part_fn;
