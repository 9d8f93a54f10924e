//! Browser tests of reading JSON text (`tandem_core::json`): in the browser it is the browser's
//! `JSON.parse` and serde-wasm-bindgen, not serde_json, so the native tests of core do not run
//! this code. Each typed reading here is compared with serde_json's reading of the same text
//! (serde_json is in this test's build), and arbitrary text must return. Run in headless
//! Chromium by scripts/test.sh.

#![cfg(target_arch = "wasm32")]

use serde::de::DeserializeOwned;
use tandem_core::error::{ErrorKind, JmapError};
use tandem_core::jmap::methods::{EmailQuery, ThreadGet};
use tandem_core::jmap::{Ids, Request, Response};
use tandem_core::json::{parse, MAX_DEPTH};
use tandem_core::session::Session;
use tandem_core::sync::records::MailboxRecord;
use tandem_core::team::settings::TeamSettings;
use tandem_core::thread_list::ThreadSummary;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SUMMARY: &str = r#"{"threadId":"T1","emailId":"M9","subject":"طلب رقم ٤٢ — 订单 \"紧急\" \\ 😀","from":"مي","fromEmail":"mei@x.example","preview":"line\nnext\t\u00e9\u0000","receivedAt":"2026-12-07T10:00:00Z","unread":true,"flagged":false,"hasAttachment":false,"messageCount":3,"status":"pending","assignee":null,"tags":["t1","t2"],"drafting":[],"unknownField":{"deep":[1,2,{"x":null}]}}"#;

const SETTINGS: &str = r##"{"version":1,"revision":9007199254740991,"agents":[{"login":"bob","name":"Bob"}],"tags":[{"id":"t1","name":"VIP","color":"#aa0000"}]}"##;

const MAILBOX: &str = r#"{"id":"I","name":"Inbox","parentId":null,"role":"inbox","sortOrder":0,"totalEmails":10000,"unreadEmails":5,"totalThreads":3890,"unreadThreads":4}"#;

const SESSION: &str = r#"{"capabilities":{"urn:ietf:params:jmap:core":{"maxSizeUpload":1073741824,"maxConcurrentRequests":4,"maxCallsInRequest":16,"maxObjectsInGet":1000,"maxSizeRequest":10485760,"collationAlgorithms":["i;ascii-casemap"]},"urn:ietf:params:jmap:mail":{}},"accounts":{"A":{"name":"support@x.example","isPersonal":true,"isReadOnly":false,"accountCapabilities":{"urn:ietf:params:jmap:mail":{"maxMailboxDepth":null}}}},"primaryAccounts":{"urn:ietf:params:jmap:mail":"A"},"username":"bob","apiUrl":"/jmap/","downloadUrl":"/d/{accountId}/{blobId}/{name}?accept={type}","uploadUrl":"/u/{accountId}/","eventSourceUrl":"/e/?types={types}&closeafter={closeafter}&ping={ping}","state":"s1"}"#;

/// The browser's reading of `text` and serde_json's, which must be the same.
fn same_as_serde_json<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> T {
    let browser = parse::<T>(text).expect("read in the browser");
    assert_eq!(browser, serde_json::from_str::<T>(text).expect("read by serde_json"));
    browser
}

#[wasm_bindgen_test]
fn stored_records_read_the_same_as_with_serde_json() {
    let summary: ThreadSummary = same_as_serde_json(SUMMARY);
    assert_eq!(summary.subject, "طلب رقم ٤٢ — 订单 \"紧急\" \\ 😀");
    assert_eq!(summary.preview, "line\nnext\té\u{0}");
    let settings: TeamSettings = same_as_serde_json(SETTINGS);
    assert_eq!(settings.revision, 9_007_199_254_740_991, "the largest integer JSON.parse keeps exact");
    same_as_serde_json::<MailboxRecord>(MAILBOX);
    let written = serde_json::to_string(&summary).unwrap();
    assert_eq!(same_as_serde_json::<ThreadSummary>(&written), summary, "what the copy writes reads back");
}

#[wasm_bindgen_test]
fn a_session_reads_the_same_as_with_serde_json() {
    let browser: Session = parse(SESSION).expect("read in the browser");
    let native: Session = serde_json::from_str(SESSION).unwrap();
    assert_eq!(format!("{browser:?}"), format!("{native:?}"));
    assert_eq!(browser.limits().max_calls_in_request, 16);
}

#[wasm_bindgen_test]
fn each_call_of_an_answer_is_read_into_its_type() {
    let mut request = Request::new();
    let query = request.add(EmailQuery::new("A"));
    let threads = request.add(ThreadGet::new("A", Ids::All));
    let answer: Response = parse(
        r#"{"methodResponses":[["error",{"type":"unsupportedFilter","description":"nope"},"c0"],
            ["Thread/get",{"accountId":"A","state":"s1","list":[{"id":"T1","emailIds":["M1","M2"]}],"notFound":[]},"c1"]],
            "sessionState":"x"}"#,
    )
    .expect("an answer");
    match answer.get(&query) {
        Err(JmapError::Method(e)) => assert_eq!(e.kind, ErrorKind::UnsupportedFilter),
        other => panic!("{other:?}"),
    }
    assert_eq!(answer.get(&threads).expect("the threads").list[0].email_ids, ["M1", "M2"]);
    let wrong: Response = parse(r#"{"methodResponses":[["Thread/get",{"list":7},"c1"]],"sessionState":"x"}"#).unwrap();
    assert!(matches!(wrong.get(&threads), Err(JmapError::Protocol(_))), "a call of the wrong shape is an error, not a panic");
}

#[wasm_bindgen_test]
fn what_is_not_json_or_too_deep_is_an_error() {
    for text in ["", "{", "nul", "[1,]", "{\"a\":1} x", "\u{feff}{}", "'a'"] {
        assert!(parse::<serde_json::Value>(text).is_err(), "{text:?}");
    }
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(parse::<serde_json::Value>(&nested(MAX_DEPTH)).is_ok());
    assert!(parse::<serde_json::Value>(&nested(MAX_DEPTH + 1)).is_err());
    // Far deeper than the wasm stack would take if it were read by recursion.
    assert!(parse::<serde_json::Value>(&nested(200_000)).is_err());
    assert!(parse::<ThreadSummary>(r#"{"threadId":5}"#).is_err());
    assert!(parse::<TeamSettings>(r#"{"revision":1e300}"#).is_err());
    assert!(parse::<TeamSettings>(r#"{"revision":-1}"#).is_err());
    // A lone surrogate: serde_json refuses it; the browser reads it, replaced. Either way it returns.
    assert!(parse::<String>(r#""\ud800""#).is_ok());
}

/// Texts made from the samples above by random edits, with characters JSON gives meaning to:
/// every one must return, whatever it reads as.
#[wasm_bindgen_test]
fn arbitrary_text_returns() {
    let pieces = ["\"", "\\", "\\u", "d800", "[", "]", "{", "}", ":", ",", "0", "-", "1e999", "null", "true", "ع", "😀", " "];
    let mut seed: u64 = 0x5eed;
    let mut next = |below: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % below.max(1)
    };
    for round in 0..600 {
        let mut text: Vec<char> = [SUMMARY, SETTINGS, MAILBOX, SESSION][round % 4].chars().collect();
        for _ in 0..1 + next(6) {
            let at = next(text.len() + 1);
            match next(3) {
                0 if at < text.len() => drop(text.remove(at)),
                1 if at < text.len() => text.truncate(at),
                _ => text.splice(at..at, pieces[next(pieces.len())].chars()).for_each(drop),
            }
        }
        let text: String = text.into_iter().collect();
        parse::<serde_json::Value>(&text).ok();
        parse::<ThreadSummary>(&text).ok();
        parse::<TeamSettings>(&text).ok();
        parse::<MailboxRecord>(&text).ok();
        if let Ok(session) = parse::<Session>(&text) {
            session.limits();
        }
        parse::<Response>(&text).ok();
    }
}
