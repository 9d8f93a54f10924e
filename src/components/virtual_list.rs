//! A virtualized list: however many items there are (100,000 is fine), the DOM holds only the rows
//! in view plus a few either side, so the number of row elements stays constant.
//!
//! Layout: a scroll container (`div.vlist`, `overflow-y: auto`, grows to fill a flex column parent,
//! which must constrain its height) holds a spacer `items.len() * row_height` px tall, and inside
//! it a window moved down with `translateY` that holds the visible slice. Every row has the same
//! fixed height (`row_height`, also exposed to CSS as `--vlist-row-height`). The container reports
//! `scrollTop` on `scroll` (browsers fire it at most once per frame) and its height through a
//! `ResizeObserver`; if the container does not scroll because its parent forgot to constrain its
//! height, the height used is capped at the window's: a blank area, never 100,000 rows.
//!
//! Updates: the rows are keyed (`<ForEnumerate>`), so when a new vector arrives only rows whose key
//! is new are created; the others keep their DOM nodes (and their state). The container itself is
//! never recreated, so `scrollTop` survives updates.
//!
//! Props:
//! * `items`: the whole list.
//! * `key`: the row's identity **including its content**: it must change whenever what the row
//!   shows changes (e.g. thread id plus a hash of the summary), since a row whose key is unchanged
//!   is not re-rendered. Keys must be unique within `items`.
//! * `row_height`: in px; rows are clipped to it (a `ThreadRow` fits 76px with the `.vlist` rules
//!   in style/app.css).
//! * `render`: builds a row's content from its item.
//! * `overscan`: rows rendered above and below the visible ones (default 8), from the frame after
//!   the first one that shows rows: the first screenful alone is built and laid out before it is
//!   painted (at a sign-in, 11 rows rather than 19: the rows' first layout shapes all their text).
//! * `on_near_end`: called when the visible rows come within two screens of the end (to load the
//!   next page); at most once per list length.
//! * `on_open`: called with the active item on Enter.
//! * `reveal`: an item to make the active row and scroll into view whenever it changes (the open
//!   conversation's row, as the agent moves between conversations from the keyboard).
//! * `label`: the list's accessible name (a signal: it follows the interface's language).
//!
//! Keyboard: the container is focusable; ArrowDown/ArrowUp or j/k move the active row (class
//! `active`, `aria-current`) and the focus to its first link (a list's rows hold controls, so
//! focus moves rather than an `aria-activedescendant` of a listbox), Home/End jump to the ends,
//! Enter opens. The active row is remembered by key, so it stays on the same item when rows are
//! inserted above it; if its key disappears (its content changed) it stays at the same position.

use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The browser's `ResizeObserver`, declared here rather than through a web-sys feature.
    type ResizeObserver;
    #[wasm_bindgen(constructor)]
    fn new(callback: &js_sys::Function) -> ResizeObserver;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

/// Distinguishes the row ids of lists on the same page.
static NEXT_LIST: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn VirtualList<T, K, KF, V, RF>(
    items: Signal<Vec<T>>,
    key: KF,
    row_height: f64,
    render: RF,
    #[prop(default = 8)] overscan: usize,
    #[prop(optional)] on_near_end: Option<Callback<()>>,
    #[prop(optional)] on_open: Option<Callback<T>>,
    #[prop(optional)] reveal: Option<Signal<Option<usize>>>,
    #[prop(optional, into)] label: Option<Signal<String>>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    K: Clone + Eq + Hash + Send + Sync + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    RF: Fn(T) -> V + Clone + Send + 'static,
{
    let prefix = format!("vlist{}", NEXT_LIST.fetch_add(1, Ordering::Relaxed));
    let container = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(0.0_f64);
    let len = Memo::new(move |_| items.with(Vec::len));
    // Rows that fit in the viewport, and the first one (at least partly) in view.
    let per_screen = move || (viewport.get() / row_height).ceil() as usize + 1;
    let first_visible = move || (scroll_top.get() / row_height).floor().max(0.0) as usize;
    let overscan = overscan_after_first_rows(overscan, len, viewport);
    let range = Memo::new(move |_| {
        let (n, overscan) = (len.get(), overscan.get());
        let first = first_visible().min(n);
        (first.saturating_sub(overscan), (first + per_screen() + overscan).min(n))
    });
    let start = Memo::new(move |_| range.get().0);

    // The active row: remembered by key, found again (by position first, cheaply) on every update.
    let active_key = RwSignal::new(None::<K>);
    let last_active = StoredValue::new(0_usize);
    let key_of = key.clone();
    let active = Memo::new(move |_| {
        let wanted = active_key.get()?;
        let found = items.with(|v| {
            let hint = last_active.get_value();
            if v.get(hint).is_some_and(|t| key_of(t) == wanted) {
                return Some(hint);
            }
            v.iter().position(|t| key_of(t) == wanted).or_else(|| (!v.is_empty()).then(|| hint.min(v.len() - 1)))
        })?;
        last_active.set_value(found);
        Some(found)
    });

    let measure = move || {
        if let Some(el) = container.get_untracked() {
            let height = f64::from(el.client_height());
            // A container that does not scroll because it grew to the spacer: show a window's worth.
            let unconstrained = height >= len.get_untracked() as f64 * row_height && height > 0.0;
            let cap = window().inner_height().ok().and_then(|h| h.as_f64()).filter(|_| unconstrained);
            viewport.set(cap.map_or(height, |cap| height.min(cap)));
            scroll_top.set(f64::from(el.scroll_top()));
        }
    };
    let observer = StoredValue::new_local(None::<ResizeObserver>);
    // Measured when the observer first reports the container's size (after the browser's own
    // layout, before it paints), not here: reading its height while the page is being built
    // would force a layout of the half-built page (~15 ms at sign-in), then another one.
    container.on_load(move |el| {
        let callback = Closure::<dyn Fn()>::new(measure).into_js_value();
        let ro = ResizeObserver::new(callback.unchecked_ref());
        ro.observe(&el);
        observer.set_value(Some(ro));
    });
    on_cleanup(move || {
        _ = observer.try_with_value(|ro| ro.as_ref().map(ResizeObserver::disconnect));
    });

    // Ask for the next page when the last visible row is within two screens of the end.
    let asked_at = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        let (n, screen) = (len.get(), per_screen());
        let last = ((scroll_top.get() + viewport.get()) / row_height).ceil() as usize;
        if let Some(cb) = on_near_end.filter(|_| n > 0 && viewport.get() > 0.0 && last + 2 * screen >= n) {
            if asked_at.get_value() != Some(n) {
                asked_at.set_value(Some(n));
                cb.run(());
            }
        }
    });

    // Moves the active row to `index` and scrolls just enough to show it (it may not be rendered).
    let key_at = key.clone();
    let activate = move |index: usize| {
        let Some(k) = items.with_untracked(|v| v.get(index).map(&key_at)) else { return };
        last_active.set_value(index);
        active_key.set(Some(k));
        let Some(el) = container.get_untracked() else { return };
        let (top, st, h) = (index as f64 * row_height, f64::from(el.scroll_top()), viewport.get_untracked());
        let target = if top < st {
            top
        } else if top + row_height > st + h {
            top + row_height - h
        } else {
            st
        };
        if target != st {
            el.set_scroll_top(target.round() as i32);
            scroll_top.set(f64::from(el.scroll_top()));
        }
    };
    if let Some(reveal) = reveal {
        let activate = activate.clone();
        Effect::new(move |_| {
            if let Some(index) = reveal.get() {
                activate(index);
            }
        });
    }
    let focus_prefix = prefix.clone();
    let on_keydown = move |e: ev::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let on_container = e.target() == e.current_target();
        let in_field = event_target::<web_sys::Element>(&e).tag_name().to_ascii_uppercase();
        if matches!(in_field.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
            return;
        }
        let n = len.get_untracked();
        if n == 0 {
            return;
        }
        let current = active.get_untracked();
        let next = match e.key().as_str() {
            "ArrowDown" | "j" => current.map_or_else(|| first_visible_untracked(scroll_top, row_height).min(n - 1), |i| (i + 1).min(n - 1)),
            "ArrowUp" | "k" => current.map_or_else(|| first_visible_untracked(scroll_top, row_height).min(n - 1), |i| i.saturating_sub(1)),
            "Home" => 0,
            "End" => n - 1,
            "Enter" if on_container => {
                if let (Some(i), Some(cb)) = (current, on_open) {
                    e.prevent_default();
                    if let Some(item) = items.with_untracked(|v| v.get(i).cloned()) {
                        cb.run(item);
                    }
                }
                return;
            }
            _ => return,
        };
        e.prevent_default();
        activate(next);
        focus_row(format!("{focus_prefix}-{next}"));
    };

    let (row_prefix, row_key, each_key) = (prefix.clone(), key.clone(), key);
    let row = move |index: ReadSignal<usize>, item: T| {
        let pos = move || start.get() + index.get();
        let id = {
            let p = row_prefix.clone();
            move || format!("{p}-{}", pos())
        };
        let is_active = move || active.get() == Some(pos());
        let k = row_key(&item);
        view! {
            <div class="vlist-row" role="listitem" id=id class:active=is_active aria-current=move || is_active().then_some("true")
                aria-setsize=move || len.get() aria-posinset=move || pos() + 1
                on:click=move |_| { last_active.set_value(pos()); active_key.set(Some(k.clone())); }>
                {render.clone()(item)}
            </div>
        }
    };
    view! {
        <div class="vlist" node_ref=container tabindex="0" role="list" aria-label=move || label.map(|l| l.get()) style=format!("--vlist-row-height:{}", px(row_height))
            on:scroll=move |_| measure() on:keydown=on_keydown>
            <div class="vlist-spacer" role="none" style:height=move || px(len.get() as f64 * row_height)>
                <div class="vlist-window" role="none" style:transform=move || format!("translateY({})", px(start.get() as f64 * row_height))>
                    <ForEnumerate each=move || items.with(|v| slice(v, range.get())) key=each_key children=row />
                </div>
            </div>
        </div>
    }
}

/// `v[start..end]`, clamped to `v`.
fn slice<T: Clone>(v: &[T], (start, end): (usize, usize)) -> Vec<T> {
    let end = end.min(v.len());
    v[start.min(end)..end].to_vec()
}

/// `overscan`, from the frame after the first one with rows in view (none before it).
fn overscan_after_first_rows(overscan: usize, len: Memo<usize>, viewport: RwSignal<f64>) -> ReadSignal<usize> {
    let now = RwSignal::new(0);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        if len.get() == 0 || viewport.get() <= 0.0 {
            return false;
        }
        leptos::task::spawn_local(async move {
            crate::timer::after_next_paint(crate::timer::PAINT_AT_MOST).await;
            now.try_set(overscan);
        });
        true
    });
    now.read_only()
}

fn first_visible_untracked(scroll_top: RwSignal<f64>, row_height: f64) -> usize {
    (scroll_top.get_untracked() / row_height).ceil().max(0.0) as usize
}

/// Focuses the first link of the row `id` once it is drawn (the next frame).
fn focus_row(id: String) {
    request_animation_frame(move || {
        let link = document().get_element_by_id(&id).and_then(|row| row.query_selector("a").ok().flatten());
        if let Some(link) = link.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = link.focus();
        }
    });
}

/// A length in whole pixels for a style (`"76px"`): formatting an integer keeps Rust's float
/// formatting, ~15 KB of wasm before optimization, out of the app.
fn px(length: f64) -> String {
    format!("{}px", length.round() as i64)
}
