//! Performance marks the benchmark harness (`tests/bench`) reads: `performance.mark(name,
//! { detail: { source } })`. Marks cost nothing measurable and never affect behaviour.
//!
//! | mark | when |
//! | --- | --- |
//! | `tandem:wasm-start` | the app's wasm starts |
//! | `tandem:first-list-paint` | the thread list first shows rows (`source`: `cache` or `network`) |
//! | `tandem:thread-painted` | an opened conversation is shown (`source`) |
//! | `tandem:full-sync-done` | a mailbox was copied whole into the local copy |
//! | `tandem:search-rows` | the local copy's hits of a search are computed (`source`: the query) |
//!
//! `window.__tandemWasmMemoryBytes()` returns the size of the wasm memory, for the memory figure.

use wasm_bindgen::prelude::*;

/// `performance.mark(name, { detail: { source } })`.
pub fn mark(name: &str, source: Option<&str>) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return };
    let options = js_sys::Object::new();
    if let Some(source) = source {
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"source".into(), &source.into());
        let _ = js_sys::Reflect::set(&options, &"detail".into(), &detail);
    }
    let Ok(mark) = js_sys::Reflect::get(&performance, &"mark".into()) else { return };
    if let Some(mark) = mark.dyn_ref::<js_sys::Function>() {
        let _ = mark.call2(&performance, &name.into(), &options);
    }
}

/// Marks `name` once per page load.
pub fn mark_once(name: &'static str, source: Option<&str>) {
    thread_local!(static DONE: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) });
    if DONE.with(|d| !d.borrow().contains(&name)) {
        DONE.with(|d| d.borrow_mut().push(name));
        mark(name, source);
    }
}

/// Exposes `window.__tandemWasmMemoryBytes()`.
pub fn expose_memory_probe() {
    let probe = Closure::<dyn Fn() -> f64>::new(|| {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .ok()
            .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
            .map_or(0.0, |b| b.byte_length() as f64)
    });
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__tandemWasmMemoryBytes".into(), probe.as_ref());
    }
    probe.forget();
}
