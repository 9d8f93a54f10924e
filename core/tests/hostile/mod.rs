//! A hostile JMAP server for property tests: it answers every method call in the shape the method
//! expects (so the code under test reads on past the envelope) but fills it from a [`Pool`] of
//! arbitrary strings, numbers, ids and keywords; some answers are arbitrary JSON instead. It
//! stops answering after a bounded number of requests, so a sync that would loop for ever against
//! it ends with an error instead.

#![allow(dead_code)]

use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tandem_core::auth::Credentials;
use tandem_core::jmap::JmapClient;
use tandem_core::session::parse_session;
use tandem_core::transport::{HttpRequest, HttpResponse, Transport, TransportError};

const MAX_REQUESTS: usize = 60;

/// Runs a future that never waits (the hostile server answers at once).
pub fn block_on<F: Future>(future: F) -> F::Output {
    match pin!(future).as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the hostile server never makes a future wait"),
    }
}

/// Strings that exercise parsers: markup, references, quotes and multi-byte characters near
/// every boundary a byte-indexed parser might cut at.
pub fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just(";".to_string()),
        Just("&#".to_string()),
        Just("&#x".to_string()),
        Just("&nbsp;".to_string()),
        Just("</".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<script>".to_string()),
        Just("</script".to_string()),
        Just("<p ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just(":".to_string()),
        Just("：".to_string()),
        Just("Re".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("@".to_string()),
        Just("_".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("data:".to_string()),
        Just("event: state\n".to_string()),
        Just("://".to_string()),
        Just("/".to_string()),
        Just("مرحبا".to_string()),
        Just("ح".to_string()),
        Just("发票".to_string()),
        Just("😀".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{200f}".to_string()),
        "[a-z0-9 ]{0,3}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

/// Dates in the RFC 3339 shape with values in range, then one character replaced by any other,
/// and offsets of six bytes that are not always six characters.
pub fn date() -> impl Strategy<Value = String> {
    let piece =
        || prop_oneof![8 => "[0-9]", 1 => Just(":".to_string()), 1 => Just("é".to_string()), 1 => any::<char>().prop_map(String::from)];
    let offset = prop_oneof![
        Just(String::from("Z")),
        Just(String::new()),
        (prop_oneof![Just("+"), Just("-")], proptest::collection::vec(piece(), 2..6))
            .prop_map(|(sign, rest)| format!("{sign}{}", rest.concat())),
    ];
    let fields = (0i64..10_000, 1i64..=12, 1i64..=31, 0i64..24, 0i64..60, 0i64..61);
    let corruption = proptest::option::of((0usize..19, any::<char>()));
    (fields, prop_oneof![Just(""), Just(".123"), Just(".")], offset, corruption).prop_map(
        |((y, mo, d, h, mi, se), frac, offset, corruption)| {
            let mut s = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{se:02}{frac}{offset}");
            if let Some((at, c)) = corruption {
                s.replace_range(at..at + 1, &c.to_string());
            }
            s
        },
    )
}

/// Arbitrary JSON, leaning towards the names JMAP objects use.
pub fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        3 => prop_oneof![
            Just("id"), Just("threadId"), Just("emailIds"), Just("list"), Just("ids"), Just("state"), Just("total"),
            Just("position"), Just("subject"), Just("from"), Just("preview"), Just("receivedAt"), Just("keywords"),
            Just("mailboxIds"), Just("bodyValues"), Just("value"), Just("name"), Just("email"), Just("role"),
            Just("agents"), Just("tags"), Just("color"), Just("login"), Just("revision"), Just("queue"), Just("entry"),
            Just("capabilities"), Just("accounts"), Just("apiUrl"), Just("username"), Just("type"), Just("seq"),
            Just("urn:ietf:params:jmap:core"), Just("urn:ietf:params:jmap:mail"), Just("accountCapabilities"),
        ].prop_map(String::from),
        1 => hostile_text(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        hostile_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// What the hostile server draws its answers from.
#[derive(Debug, Clone)]
pub struct Pool {
    pub texts: Vec<String>,
    pub dates: Vec<String>,
    pub numbers: Vec<u64>,
    pub flags: Vec<bool>,
    /// Arbitrary JSON, answered in place of some calls' arguments.
    pub wild: Vec<Value>,
    /// How many objects a `/get` lists, a `/query` finds.
    pub fan_out: usize,
    /// Answers emails in a well-formed shape (only their text body from the pool).
    pub tame: bool,
}

pub fn pool() -> impl Strategy<Value = Pool> {
    (
        proptest::collection::vec(hostile_text(), 1..12),
        proptest::collection::vec(prop_oneof![date(), Just("2026-11-22T09:05:00Z".to_string())], 1..4),
        proptest::collection::vec(prop_oneof![0u64..30, any::<u64>()], 1..6),
        proptest::collection::vec(any::<bool>(), 1..6),
        proptest::collection::vec(json(), 0..3),
        0usize..6,
    )
        .prop_map(|(texts, dates, numbers, flags, wild, fan_out)| Pool { texts, dates, numbers, flags, wild, fan_out, tame: false })
}

impl Pool {
    /// A well-behaved server with one HTML mail whose text body is `html`.
    pub fn one_html_mail(html: &str) -> Pool {
        Pool {
            texts: vec![html.to_string()],
            dates: vec!["2026-11-22T09:05:00Z".into()],
            numbers: vec![1],
            flags: vec![false],
            wild: vec![],
            fan_out: 1,
            tame: true,
        }
    }
}

pub struct HostileServer {
    pool: Pool,
    requests: Cell<usize>,
    draws: Cell<usize>,
}

impl HostileServer {
    /// A client signed in to a hostile server (its session is well formed: the session parser
    /// has a property of its own).
    pub fn client(pool: Pool) -> JmapClient<HostileServer> {
        let session = json!({
            "capabilities": {"urn:ietf:params:jmap:core": {"maxCallsInRequest": 16, "maxObjectsInGet": 50}, "urn:ietf:params:jmap:mail": {}, "urn:ietf:params:jmap:principals": {}},
            "accounts": {
                "T": {"name": "support", "isPersonal": false, "accountCapabilities": {"urn:ietf:params:jmap:mail": {}, "urn:ietf:params:jmap:principals": {}}},
                "alice": {"name": "alice", "isPersonal": true, "accountCapabilities": {"urn:ietf:params:jmap:mail": {}}}
            },
            "primaryAccounts": {"urn:ietf:params:jmap:mail": "alice", "urn:ietf:params:jmap:principals": "T"},
            "username": "alice",
            "apiUrl": "/jmap/",
            "state": "0"
        });
        let session = parse_session(&session.to_string(), "http://127.0.0.1/jmap/").expect("a well-formed session");
        let server = HostileServer { pool, requests: Cell::new(0), draws: Cell::new(0) };
        JmapClient::with_session(server, Credentials::new("alice", "x"), session)
    }

    fn next(&self) -> usize {
        let n = self.draws.get();
        self.draws.set(n + 1);
        n
    }

    fn text(&self) -> String {
        let n = self.next();
        self.pool.texts[n % self.pool.texts.len()].clone()
    }

    fn pick(&self, choices: &[&'static str]) -> &'static str {
        choices[self.next() % choices.len()]
    }

    fn date(&self) -> String {
        let n = self.next();
        self.pool.dates[n % self.pool.dates.len()].clone()
    }

    fn number(&self) -> u64 {
        let n = self.next();
        self.pool.numbers[n % self.pool.numbers.len()]
    }

    fn flag(&self) -> bool {
        let n = self.next();
        self.pool.flags[n % self.pool.flags.len()]
    }

    /// An id: mostly from a small set (so answers refer to each other), sometimes hostile text.
    fn id(&self, prefix: &str) -> String {
        match self.number() % 5 {
            0 => self.text(),
            n => format!("{prefix}{n}"),
        }
    }

    fn keywords(&self) -> Value {
        let names = [
            "$seen",
            "$flagged",
            "$tandem_open",
            "$tandem_pending",
            "$tandem_closed",
            "$tandem_snoozed",
            "$tandem_to_alice",
            "$tandem_to_",
            "$tandem_mention_bob",
            "$tandem_tag_1",
            "$tandem_tag_",
        ];
        let mut map = Map::new();
        for _ in 0..self.number() % 5 {
            let name = if self.flag() { names[self.next() % names.len()].to_string() } else { format!("$tandem_{}", self.text()) };
            map.insert(name, Value::Bool(self.flag()));
        }
        Value::Object(map)
    }

    fn addresses(&self) -> Value {
        (0..self.number() % 3).map(|_| json!({"name": self.text(), "email": self.text()})).collect()
    }

    fn email(&self) -> Value {
        json!({
            "id": self.id("e"), "threadId": self.id("t"), "blobId": self.text(),
            "mailboxIds": {self.id("inbox"): true, "inbox": self.flag()},
            "keywords": self.keywords(), "size": self.number(),
            "receivedAt": self.date(), "sentAt": self.date(),
            "messageId": [self.text()], "inReplyTo": [self.text()], "references": [self.text()],
            "from": self.addresses(), "to": self.addresses(), "cc": self.addresses(), "replyTo": self.addresses(),
            "subject": self.text(), "preview": if self.flag() { Value::from(self.text()) } else { Value::Null },
            "hasAttachment": self.flag(),
            "textBody": [{"partId": "1", "type": if self.flag() { "text/html" } else { "text/plain" }, "size": self.number()}],
            "htmlBody": [{"partId": "2", "type": "text/html"}],
            "attachments": [{"partId": "3", "blobId": self.text(), "name": self.text(), "type": self.text(), "size": self.number(), "cid": self.text(), "disposition": self.text()}],
            "bodyValues": {"1": {"value": self.text(), "isTruncated": self.flag()}, "2": {"value": self.text()}},
            "header:X-Tandem-Kind:asText": self.pick(&["note", "settings", "activity", "reply"]),
            "header:X-Tandem-Author:asText": self.text(),
            "header:X-Tandem-At:asText": if self.flag() { self.number().to_string() } else { self.text() },
            "header:X-Tandem-Snooze-Until:asText": self.date(),
        })
    }

    fn object(&self, kind: &str) -> Value {
        match kind {
            "Email" if self.pool.tame => {
                json!({"id": "e1", "threadId": "t1", "mailboxIds": {"inbox": true}, "keywords": {}, "receivedAt": self.date(),
                "from": [{"name": "Customer", "email": "c@example.com"}], "subject": "Prices",
                "textBody": [{"partId": "1", "type": "text/html"}], "bodyValues": {"1": {"value": self.text()}}})
            }
            "Email" => self.email(),
            "Thread" => json!({"id": self.id("t"), "emailIds": (0..self.pool.fan_out).map(|_| self.id("e")).collect::<Vec<_>>()}),
            "Mailbox" => {
                json!({"id": self.id("m"), "name": if self.flag() { "Tandem".to_string() } else { self.text() }, "parentId": if self.flag() { Value::Null } else { Value::from(self.id("m")) },
                "role": self.pick(&["inbox", "drafts", "sent", "trash", "archive"]), "sortOrder": self.number() % 1000, "totalEmails": self.number(), "unreadEmails": self.number(),
                "totalThreads": self.number(), "unreadThreads": self.number()})
            }
            "Principal" => {
                json!({"id": self.id("p"), "type": if self.flag() { "individual" } else { "group" }, "name": self.text(), "email": self.text()})
            }
            _ => json!({"id": self.id("x")}),
        }
    }

    fn answer(&self, name: &str, args: &Value) -> Value {
        if let Some(wild) = self.pool.wild.get(self.next() % 4) {
            return wild.clone();
        }
        let account = args.get("accountId").cloned().unwrap_or(Value::Null);
        let kind = name.split('/').next().unwrap_or("");
        let state = || Value::from(self.number().to_string());
        match name.split('/').nth(1).unwrap_or("") {
            "get" => {
                let list: Vec<Value> = (0..self.pool.fan_out).map(|_| self.object(kind)).collect();
                json!({"accountId": account, "state": state(), "list": list, "notFound": []})
            }
            "query" => {
                let ids: Vec<Value> =
                    (0..self.pool.fan_out).map(|_| Value::from(self.id(if kind == "Email" { "e" } else { "x" }))).collect();
                json!({"accountId": account, "queryState": state(), "canCalculateChanges": self.flag(), "position": self.number(), "ids": ids, "total": self.number()})
            }
            "changes" => {
                json!({"accountId": account, "oldState": state(), "newState": state(), "hasMoreChanges": self.flag() && self.flag(),
                "created": [self.id("e")], "updated": [self.id("e")], "destroyed": [self.id("e")]})
            }
            "queryChanges" => json!({"accountId": account, "oldQueryState": state(), "newQueryState": state(), "total": self.number(),
                "removed": [self.id("e")], "added": [{"id": self.id("e"), "index": self.number()}]}),
            "set" => {
                let created: Map<String, Value> = args
                    .get("create")
                    .and_then(Value::as_object)
                    .map(|c| {
                        c.keys()
                            .map(|k| (k.clone(), json!({"id": self.id("e"), "blobId": self.text(), "threadId": self.id("t")})))
                            .collect()
                    })
                    .unwrap_or_default();
                let updated: Map<String, Value> = args
                    .get("update")
                    .and_then(Value::as_object)
                    .map(|u| u.keys().map(|k| (k.clone(), Value::Null)).collect())
                    .unwrap_or_default();
                if self.flag() && self.flag() {
                    json!({"type": self.pick(&["stateMismatch", "serverFail", "forbidden", "invalidArguments", "tooLarge"]), "description": self.text()})
                } else {
                    json!({"accountId": account, "oldState": state(), "newState": state(), "created": created, "updated": updated, "destroyed": args.get("destroy").cloned().unwrap_or(json!([]))})
                }
            }
            _ => json!({"type": self.text()}),
        }
    }
}

impl Transport for HostileServer {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let n = self.requests.get();
        self.requests.set(n + 1);
        if n >= MAX_REQUESTS {
            return Err(TransportError::Unreachable("the hostile server stopped answering".into()));
        }
        let body: Value = request.body.as_deref().and_then(|b| serde_json::from_str(b).ok()).unwrap_or(Value::Null);
        let calls = body.get("methodCalls").and_then(Value::as_array).cloned().unwrap_or_default();
        let responses: Vec<Value> = calls
            .iter()
            .map(|call| {
                let name = call.get(0).and_then(Value::as_str).unwrap_or("");
                let id = call.get(2).cloned().unwrap_or(Value::Null);
                let args = self.answer(name, call.get(1).unwrap_or(&Value::Null));
                let is_error = args.get("type").is_some() && args.get("accountId").is_none();
                json!([if is_error { "error" } else { name }, args, id])
            })
            .collect();
        let body = json!({"methodResponses": responses, "sessionState": "0"}).to_string();
        Ok(HttpResponse { status: 200, url: request.url, content_type: Some("application/json".into()), location: None, body })
    }
}
