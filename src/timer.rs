//! Waiting in the browser: a `setTimeout` as a future, and a moment for the main thread, taken
//! ahead of other tasks by the agent's work and after them by background work ([`in_background`]).

use std::cell::Cell;
use std::future::Future;
use std::time::Duration;

use wasm_bindgen::JsCast;

/// Resolves after `duration` (on the browser's event loop; never blocks).
pub async fn sleep(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, duration.as_millis().min(i32::MAX as u128) as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Gives the main thread a moment (to paint, to handle input) and goes on right after: the
/// browser's `scheduler.yield()` where it has one (the rest of the job keeps its place ahead of
/// other tasks), else a `setTimeout` of 0. In background work ([`in_background`]) the job goes on
/// only once no other task waits (`scheduler.postTask` at `background` priority).
pub async fn yield_now() {
    match scheduled(IN_BACKGROUND.with(Cell::get)) {
        Some(promise) => {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
        None => sleep(Duration::ZERO).await,
    }
    slice_begins();
}

/// The browser's scheduler's promise for going on: after every other task waiting (`background`),
/// or ahead of them; none where the browser has no `scheduler`.
fn scheduled(background: bool) -> Option<js_sys::Promise> {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok().filter(|s| s.is_object())?;
    let method = |name: &str| js_sys::Reflect::get(&scheduler, &name.into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if !background {
        return method("yield")?.call0(&scheduler).ok()?.dyn_into::<js_sys::Promise>().ok();
    }
    let post_task = method("postTask")?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"priority".into(), &"background".into()).ok()?;
    Some(js_sys::Promise::new(&mut |resolve, _| {
        // Refused (never by a browser that has it): go on at once rather than never.
        if post_task.call2(&scheduler, &resolve, &options).is_err() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    }))
}

thread_local! {
    /// Whether the future being polled is background work ([`in_background`]).
    static IN_BACKGROUND: Cell<bool> = const { Cell::new(false) };
}

/// Runs `job` as background work, which must not delay what the agent is waiting for: each of
/// its yields ([`yield_now`], [`yield_if_spent`]) goes on only once no other task waits. With
/// `scheduler.yield()`'s priority, 100,000 rows read into the search index after a reload ran
/// ahead of the answer to the conversation the agent had just opened.
pub async fn in_background<T>(job: impl Future<Output = T>) -> T {
    let mut job = std::pin::pin!(job);
    std::future::poll_fn(move |cx| {
        let was = IN_BACKGROUND.with(|b| b.replace(true));
        let polled = job.as_mut().poll(cx);
        IN_BACKGROUND.with(|b| b.set(was));
        polled
    })
    .await
}

/// How long [`after_next_paint`] waits at most for its frame: a hidden tab paints none.
pub const PAINT_AT_MOST: Duration = Duration::from_millis(100);

/// Resolves a task or two after the browser's next frame (`requestAnimationFrame`, then two
/// `setTimeout`s of 0), or after `at_most` where no frame comes (a hidden tab paints none): for
/// work that must not come between a change and its paint.
pub async fn after_next_paint(at_most: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else { return };
        let wait = at_most.as_millis().min(i32::MAX as u128) as i32;
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, wait);
        let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        });
        let _ = window.request_animation_frame(after_frame.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    // The first task after the frame is left to others (input, a measure of the paint).
    sleep(Duration::ZERO).await;
    slice_begins();
}

/// How long a piece of long work holds the main thread before it gives the browser a moment:
/// well under the 50 ms that makes a long task, with room for the work between two checks and
/// for a machine busy with something else.
pub const SLICE_MS: f64 = 8.0;

thread_local! {
    /// When long work last let go of the main thread (ms since 1970).
    static LET_GO_AT: Cell<f64> = const { Cell::new(0.0) };
}

/// Whether the main thread has been held [`SLICE_MS`] or longer since long work last let go of it
/// ([`yield_now`], or [`slice_begins`] after an IndexedDB answer). One clock for all long work:
/// two jobs polled in the same task (a full sync parses an answer while it writes the last one)
/// share the task's time. Long after the last letting go, it says spent: one yield too many at
/// worst, never a slice too long.
pub fn slice_spent() -> bool {
    js_sys::Date::now() - LET_GO_AT.with(Cell::get) >= SLICE_MS
}

/// A slice begins: the caller has just resumed after letting go of the main thread (awaited an
/// IndexedDB answer, which comes in a task of its own).
pub fn slice_begins() {
    LET_GO_AT.with(|at| at.set(js_sys::Date::now()));
}

/// Yields ([`yield_now`]) if the slice is spent: a check cheap enough to make between small
/// pieces of work (a record, a thread), so each task holds the main thread about [`SLICE_MS`]
/// however slow the pieces are or the machine is.
pub async fn yield_if_spent() {
    if slice_spent() {
        yield_now().await;
    }
}
