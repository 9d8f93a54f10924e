//! Shared by the integration tests: the real Cyrus started by `scripts/test.sh`, and a way to run
//! the core's async functions over the blocking native transport.

#![allow(dead_code)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use tandem_core::auth::Credentials;
use tandem_core::jmap::JmapClient;
use tandem_core::native_transport::NativeTransport;

/// Said by a test that has no server to run against: `cargo test` alone sets none.
pub const HOW_TO_RUN: &str = "this test runs against the local Cyrus that scripts/test.sh starts and seeds. \
Run `scripts/test.sh` (every test), or start and seed a Cyrus of your own and point the tests at it \
(README.md, \"Which command runs what\"). Without a server: \
`cargo test -p tandem-core --lib --test hostile_input --test corpus_mail`.";

/// The value of the environment variable `name`, set by scripts/test.sh.
fn from_test_sh(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: {HOW_TO_RUN}"))
}

/// The JMAP server under test, e.g. `http://127.0.0.1:18008`.
pub fn server() -> String {
    from_test_sh("TANDEM_TEST_JMAP_URL")
}

/// Runs a future to completion. With [`NativeTransport`] nothing ever waits, so one poll does it.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("a native-transport future must not wait"),
    }
}

pub fn password(user: &str) -> &'static str {
    match user {
        "support" => "support",
        _ => "tandem",
    }
}

pub fn connect(user: &str) -> JmapClient<NativeTransport> {
    connect_to(&server(), user)
}

pub fn connect_to(server: &str, user: &str) -> JmapClient<NativeTransport> {
    block_on(JmapClient::connect(NativeTransport::new(), server, Credentials::new(user, password(user))))
        .unwrap_or_else(|e| panic!("{user} could not sign in at {server}: {e}\n(if no server runs there: {HOW_TO_RUN})"))
}

/// A second server configured without Tandem's `conversations_counted_flags`, as a deployment
/// that never heard of Tandem (started by scripts/test.sh).
pub fn plain_server() -> String {
    from_test_sh("TANDEM_TEST_PLAIN_JMAP_URL")
}

/// The id of the shared team inbox account in `client`'s session.
pub fn team_account(client: &JmapClient<NativeTransport>) -> String {
    client.session().mail_accounts().into_iter().find(|a| a.is_team).expect("a team inbox account").id
}

// Subjects seeded by scripts/seed/seed.py (demo).
pub const ARABIC_SUBJECT: &str = "مشكلة في تسجيل الدخول إلى الحساب";
pub const CHINESE_SUBJECT: &str = "发票金额不正确";
pub const HOSTILE_SUBJECT: &str = "<b>bold</b> & \"quotes\"";
pub const HTML_ONLY_SUBJECT: &str = "Your order #58213 has shipped";

/// The state dir of the Cyrus under test (LMTP socket, SMTP sink).
pub fn state_dir() -> std::path::PathBuf {
    from_test_sh("TANDEM_TEST_STATE").into()
}

/// Delivers one RFC 5322 message to `user`'s INBOX over Cyrus's LMTP socket, as new mail arrives.
pub fn deliver(user: &str, message: &str) {
    use std::io::{BufRead, BufReader, Write};
    let socket = std::os::unix::net::UnixStream::connect(state_dir().join("conf/socket/lmtp")).expect("LMTP socket");
    let mut reader = BufReader::new(socket.try_clone().unwrap());
    let mut writer = socket;
    let mut expect = |code: &str| loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with(code), "LMTP: expected {code}, got {line:?}");
        if line.as_bytes().get(3) != Some(&b'-') {
            break;
        }
    };
    expect("220");
    for (command, code) in
        [("LHLO tests.local", "250"), ("MAIL FROM:<customer@example.net>", "250"), (&*format!("RCPT TO:<{user}>"), "250"), ("DATA", "354")]
    {
        write!(writer, "{command}\r\n").unwrap();
        expect(code);
    }
    for line in message.lines() {
        let line = if line.starts_with('.') { format!(".{line}") } else { line.to_string() };
        write!(writer, "{line}\r\n").unwrap();
    }
    write!(writer, ".\r\n").unwrap();
    expect("250");
    write!(writer, "QUIT\r\n").unwrap();
}

/// The support thread whose subject (without `Re:`) is `subject`. Cyrus finds subjects through its
/// full-text index, which the rolling squatter fills a few seconds after mail arrives: right after
/// seeding, this waits for it.
/// Reads with `read` until `ok` holds or `secs` have passed; returns the last value read. For a
/// read right after a write, by another request (or another agent): on Cyrus 3.6 under load such
/// a read has been seen to miss a record written a moment before (twice in some twenty CI runs).
/// A wait, not a retry of the write: what never shows still fails the assertion that follows.
#[allow(dead_code)] // not every test binary reads after a write
pub fn eventually<T>(secs: u64, mut read: impl FnMut() -> T, ok: impl Fn(&T) -> bool) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        let value = read();
        if ok(&value) || std::time::Instant::now() >= deadline {
            return value;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

pub fn thread_with_subject(client: &JmapClient<NativeTransport>, account: &str, subject: &str) -> String {
    use std::time::{Duration, Instant};
    use tandem_core::jmap::methods::{EmailGet, EmailQuery};
    use tandem_core::jmap::Request;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut request = Request::new();
        let query = request.add(EmailQuery::new(account).filter(serde_json::json!({ "subject": subject })).limit(1));
        let get = request.add(EmailGet::new(account, query.ids("/ids")).properties(&["threadId"]));
        let response = block_on(client.send(request)).unwrap();
        if let Some(email) = response.get(&get).unwrap().list.first() {
            return email.thread_id.clone();
        }
        assert!(Instant::now() < deadline, "no thread {subject:?} after 30 s: is the server seeded (scripts/seed/seed.py … demo)?");
        std::thread::sleep(Duration::from_millis(250));
    }
}
