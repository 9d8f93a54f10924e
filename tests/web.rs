//! Browser tests (wasm-bindgen-test in headless Chromium): what only a real browser can show —
//! how `fetch` fails, and what the DOM ends up holding. Run by scripts/test.sh.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tandem::components::message_view::MessageView;
use tandem::saved_login::{self, SavedLogin};
use tandem::web_transport::FetchTransport;
use tandem_core::auth::Credentials;
use tandem_core::conversation::{Attachment, Message};
use tandem_core::jmap::JmapClient;
use tandem_core::JmapError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn jmap_server() -> &'static str {
    env!("TANDEM_TEST_JMAP_URL", "build with TANDEM_TEST_JMAP_URL set to the Cyrus that scripts/test.sh starts")
}

#[wasm_bindgen_test]
async fn a_cross_origin_server_without_cors_is_reported_as_cors_blocked() {
    // The test page is served by the test runner, so Cyrus is another origin, and Cyrus answers
    // the CORS preflight with 401: fetch fails, and the no-cors probe shows the server is there.
    let result = JmapClient::connect(FetchTransport, jmap_server(), Credentials::new("alice", "tandem")).await;
    match result.err() {
        Some(JmapError::CorsBlocked { url }) => assert!(url.starts_with(jmap_server())),
        other => panic!("expected CorsBlocked, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_server_that_does_not_answer_is_unreachable() {
    let result = JmapClient::connect(FetchTransport, "http://127.0.0.1:9", Credentials::new("alice", "tandem")).await;
    assert!(matches!(result.err(), Some(JmapError::Unreachable { .. })));
}

fn hostile_message() -> Message {
    Message {
        id: "m1".into(),
        from_name: "<script>alert('from')</script> Mallory".into(),
        from_email: "mallory@example.net".into(),
        to: vec!["Support <support@tandem.test>".into(), "أحمد <a@example.net>".into()],
        cc: Vec::new(),
        subject: "<b>bold</b>".into(),
        received_at: "2026-11-20T10:00:00Z".into(),
        body: "مرحبا، لا أستطيع الدخول\n\n<img src=\"http://tracker.invalid/p.gif\" onerror=\"alert(2)\"><script>alert(1)</script>".into(),
        from_html: false,
        unread: true,
        attachments: vec![Attachment {
            name: "<i>x</i>.pdf".into(),
            mime_type: "application/pdf".into(),
            size: 2048,
            blob_id: "b".into(),
            ..Default::default()
        }],
        note_author: None,
        activity: false,
        reply: Default::default(),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn a_message_renders_hostile_strings_as_text_and_paragraphs_pick_their_direction() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let message = hostile_message();
    let handle = leptos::mount::mount_to(host.clone(), move || view! { <MessageView message=message.clone() sent_by=None /> });

    for tag in ["script", "img", "b", "i"] {
        assert!(host.query_selector(tag).unwrap().is_none(), "no <{tag}> element may come from message content");
    }
    let text = host.text_content().unwrap();
    assert!(text.contains("<script>alert('from')</script> Mallory"));
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(text.contains("<i>x</i>.pdf"));
    let paragraphs = host.query_selector_all(".body p[dir=auto]").unwrap();
    assert_eq!(paragraphs.length(), 2, "one element per paragraph, each with dir=auto");
    assert!(host.query_selector(".message.unread").unwrap().is_some());
    assert_eq!(host.query_selector_all(".recipients bdi").unwrap().length(), 2, "each recipient isolated");
    assert_eq!(host.query_selector_all(".recipients").unwrap().length(), 1, "no empty Cc line");
    drop(handle);
}

#[wasm_bindgen_test]
fn the_saved_login_lives_in_session_storage_unless_remembered_and_sign_out_removes_it() {
    let window = web_sys::window().unwrap();
    let (local, session) = (window.local_storage().unwrap().unwrap(), window.session_storage().unwrap().unwrap());
    let login = SavedLogin { username: "أحمد".into(), password: "p".into(), ..SavedLogin::default() };
    saved_login::save(&login);
    assert_eq!(saved_login::load(), Some(login.clone()));
    assert_eq!(local.length().unwrap(), 0, "nothing is written to localStorage");

    let remembered = SavedLogin { remember: true, token: true, ..login };
    saved_login::save(&remembered);
    assert_eq!(saved_login::load(), Some(remembered));
    assert_eq!((local.length().unwrap(), session.get_item("tandem.login").unwrap()), (1, None), "on the device, not twice");
    saved_login::clear();
    assert_eq!(saved_login::load(), None);
    assert_eq!(local.length().unwrap(), 0);
}

#[wasm_bindgen_test]
fn the_crash_screen_says_the_app_stopped_offers_a_reload_and_shows_the_report_as_text() {
    let report = "panicked at core/src/text.rs:83:24: <img src=x onerror=\"window.pwned=1\"> مرحبا";
    // Built, not shown: `show` empties the page, which would take the test runner's output with it.
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.append_child(&tandem::crash_screen::screen(report).expect("the screen")).unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let screen = document.query_selector(".crash-screen[role=alert]").unwrap().expect("the crash screen");
    let text = screen.text_content().unwrap_or_default();
    assert!(text.contains("Tandem stopped") && text.contains("reload to go on"), "{text}");
    let reload = document.query_selector(".crash-screen a[href]").unwrap().expect("a reload link");
    assert_eq!(reload.get_attribute("href"), Some(web_sys::window().unwrap().location().href().unwrap()));
    let shown = document.query_selector(".crash-report").unwrap().unwrap().text_content().unwrap_or_default();
    assert!(shown.contains(report), "the report is shown whole: {shown}");
    assert!(document.query_selector(".crash-screen img").unwrap().is_none(), "the report is text, never markup");
    host.remove();
}
