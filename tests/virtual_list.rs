//! Browser tests of the virtualized list (wasm-bindgen-test in headless Chromium): with 100,000
//! items the DOM holds a constant handful of rows, scrolling shows the rows at that offset, a new
//! vector with one changed item keeps the other rows' DOM nodes and the scroll position, and the
//! active row follows its item by key; the first rows shown are the screenful alone. The app's real
//! stylesheet is loaded into the test page.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tandem::components::virtual_list::VirtualList;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const ROW: f64 = 24.0;
const N: usize = 100_000;

fn numbered(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("item {i}")).collect()
}

/// Waits `ms` milliseconds (long enough for effects and a frame).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Resolves in the browser's next frame, before its layout.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// `el.getBoundingClientRect().top` (the DomRect web-sys feature is not enabled).
fn top(el: &Element) -> f64 {
    let get: js_sys::Function = js_sys::Reflect::get(el, &"getBoundingClientRect".into()).unwrap().unchecked_into();
    js_sys::Reflect::get(&get.call0(el).unwrap(), &"top".into()).unwrap().as_f64().unwrap()
}

struct Mounted {
    host: HtmlElement,
    list: HtmlElement,
    items: RwSignal<Vec<String>>,
    opened: RwSignal<Option<String>>,
    near_end: RwSignal<usize>,
}

impl Mounted {
    fn rows(&self) -> Vec<Element> {
        let nodes = self.host.query_selector_all(".vlist-row").unwrap();
        (0..nodes.length()).map(|i| nodes.item(i).unwrap().unchecked_into()).collect()
    }

    fn texts(&self) -> Vec<String> {
        self.rows().iter().map(|r| r.text_content().unwrap_or_default()).collect()
    }

    fn row(&self, text: &str) -> Element {
        self.rows().into_iter().find(|r| r.text_content().as_deref() == Some(text)).unwrap_or_else(|| panic!("no row {text:?}"))
    }

    async fn scroll_to(&self, top: i32) {
        self.list.set_scroll_top(top);
        self.list.dispatch_event(&web_sys::Event::new("scroll").unwrap()).unwrap();
        sleep(50).await;
    }

    async fn key(&self, key: &str) {
        let init = js_sys::Object::new();
        js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
        js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
        let ctor: js_sys::Function = js_sys::Reflect::get(&window(), &"KeyboardEvent".into()).unwrap().unchecked_into();
        let event = js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init)).unwrap();
        self.list.dispatch_event(event.unchecked_ref()).unwrap();
        sleep(50).await;
    }
}

/// Mounts a list of `N` numbered items in a 600px-high column, with the app's stylesheet.
fn mount() -> Mounted {
    let doc = document();
    if doc.get_element_by_id("app-css").is_none() {
        let style = doc.create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../style/app.css")));
        doc.head().unwrap().append_child(&style).unwrap();
    }
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    host.set_attribute("style", "height:600px;width:320px;display:flex;flex-direction:column").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let items = RwSignal::new(numbered(N));
    let opened = RwSignal::new(None);
    let near_end = RwSignal::new(0);
    let on_open = Callback::new(move |s: String| opened.set(Some(s)));
    let on_near_end = Callback::new(move |()| near_end.update(|n| *n += 1));
    leptos::mount::mount_to(host.clone(), move || {
        view! {
            <VirtualList items=items.into() key=|s: &String| s.clone() row_height=ROW
                render=|s: String| view! { <span>{s}</span> } on_open=on_open on_near_end=on_near_end />
        }
    })
    .forget();
    let list = host.query_selector(".vlist").unwrap().expect("a .vlist container").unchecked_into();
    Mounted { host, list, items, opened, near_end }
}

#[wasm_bindgen_test]
async fn a_hundred_thousand_items_render_a_constant_window_that_survives_updates() {
    let m = mount();
    sleep(50).await;
    assert_eq!(m.list.client_height(), 600);
    let rows = m.rows().len();
    assert_eq!(rows, 26 + 8, "{rows} rows in the DOM at the top");
    assert_eq!(m.texts()[0], "item 0");
    assert_eq!(m.list.scroll_height(), (N as f64 * ROW) as i32);

    // The middle: the row at the top edge of the viewport is item 50,000, preceded by the overscan.
    m.scroll_to(50_000 * ROW as i32).await;
    let texts = m.texts();
    // 25 rows fit, plus one partly shown, plus 8 above and 8 below.
    let rows = texts.len();
    assert_eq!(rows, 26 + 2 * 8);
    let expected: Vec<String> = (49_992..49_992 + rows).map(|i| format!("item {i}")).collect();
    assert_eq!(texts, expected);
    assert_eq!(top(&m.row("item 50000")), top(&m.list));
    assert_eq!(m.row("item 50000").get_attribute("aria-posinset").as_deref(), Some("50001"));
    assert_eq!(m.row("item 50000").get_attribute("aria-setsize").as_deref(), Some("100000"));

    // A new vector in which one item changed: the other rows keep their nodes, the scroll its place.
    let (kept, changed) = (m.row("item 50001"), m.row("item 50003"));
    let scroll_top = m.list.scroll_top();
    m.items.set({
        let mut v = numbered(N);
        v[50_003] = "item 50003 (changed)".into();
        v
    });
    sleep(50).await;
    assert!(js_sys::Object::is(&kept, &m.row("item 50001")), "an unchanged row was re-created");
    assert!(!js_sys::Object::is(&changed, &m.row("item 50003 (changed)")));
    assert!(!changed.is_connected());
    assert_eq!(m.list.scroll_top(), scroll_top);
    assert_eq!(m.rows().len(), rows);
    assert_eq!(m.near_end.get_untracked(), 0);
    m.host.remove();
}

#[wasm_bindgen_test]
async fn the_first_frame_with_rows_holds_the_screenful_alone_and_the_overscan_follows() {
    let m = mount();
    // Before the container's height is known, one row.
    let mut first = 0;
    for _ in 0..30 {
        next_frame().await;
        first = m.rows().len();
        if first > 1 {
            break;
        }
    }
    assert_eq!(first, 26, "rows in the DOM in the first frame with the container measured");
    sleep(100).await;
    assert_eq!(m.rows().len(), 26 + 8, "the overscan below, a frame later");
    m.host.remove();
}

#[wasm_bindgen_test]
async fn the_active_row_follows_its_item_and_the_end_asks_for_more_once() {
    let m = mount();
    sleep(50).await;
    m.scroll_to(1_000 * ROW as i32).await;
    m.key("ArrowDown").await;
    m.key("j").await;
    assert!(m.row("item 1001").class_list().contains("active"));
    assert_eq!(m.row("item 1001").get_attribute("aria-current").as_deref(), Some("true"));
    assert_eq!(m.host.query_selector_all("[aria-current]").unwrap().length(), 1);

    // Rows inserted above: the same item stays active, one position further down.
    m.items.update(|v| v.insert(0, "new".into()));
    sleep(50).await;
    let active = m.row("item 1001");
    assert!(active.class_list().contains("active"));
    assert_eq!(active.get_attribute("aria-posinset").as_deref(), Some("1003"));
    assert_eq!(m.host.query_selector_all(".vlist-row.active").unwrap().length(), 1);
    m.key("Enter").await;
    assert_eq!(m.opened.get_untracked().as_deref(), Some("item 1001"));

    // Moving up out of view scrolls the row back in.
    m.key("k").await;
    for _ in 0..40 {
        m.key("ArrowUp").await;
    }
    assert_eq!(m.list.scroll_top(), (961.0 * ROW) as i32);
    assert!(m.row("item 960").class_list().contains("active"));

    // End: the last row is shown, and the caller is asked for more once for this length.
    m.key("End").await;
    assert!(m.row(&format!("item {}", N - 1)).class_list().contains("active"));
    assert_eq!(m.list.scroll_top() + m.list.client_height(), m.list.scroll_height());
    assert_eq!(m.near_end.get_untracked(), 1);
    m.scroll_to(m.list.scroll_top() - 100).await;
    assert_eq!(m.near_end.get_untracked(), 1);
    m.items.update(|v| v.extend((0..50).map(|i| format!("more {i}"))));
    m.scroll_to(i32::MAX).await;
    assert_eq!(m.near_end.get_untracked(), 2);
    m.host.remove();
}
