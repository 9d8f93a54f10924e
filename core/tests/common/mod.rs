//! Shared by the integration tests: the real Cyrus started by `scripts/test.sh`, and a way to run
//! the core's async functions over the blocking native transport.

#![allow(dead_code)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use tandem_core::auth::Credentials;
use tandem_core::jmap::JmapClient;
use tandem_core::native_transport::NativeTransport;

/// The JMAP server under test, e.g. `http://127.0.0.1:18008`.
pub fn server() -> String {
    std::env::var("TANDEM_TEST_JMAP_URL")
        .expect("TANDEM_TEST_JMAP_URL is not set: these tests need the real Cyrus that scripts/test.sh starts and seeds")
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
        .unwrap_or_else(|e| panic!("{user} could not sign in at {server}: {e}"))
}

/// A second server configured without Tandem's `conversations_counted_flags`, as a deployment
/// that never heard of Tandem (started by scripts/test.sh).
pub fn plain_server() -> String {
    std::env::var("TANDEM_TEST_PLAIN_JMAP_URL").expect("TANDEM_TEST_PLAIN_JMAP_URL is not set: run scripts/test.sh")
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
    std::env::var("TANDEM_TEST_STATE").expect("TANDEM_TEST_STATE is not set: run scripts/test.sh").into()
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

/// The support thread whose subject (without `Re:`) is `subject`.
pub fn thread_with_subject(client: &JmapClient<NativeTransport>, account: &str, subject: &str) -> String {
    use tandem_core::jmap::methods::{EmailGet, EmailQuery};
    use tandem_core::jmap::Request;
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account).filter(serde_json::json!({ "subject": subject })).limit(1));
    let get = request.add(EmailGet::new(account, query.ids("/ids")).properties(&["threadId"]));
    let response = block_on(client.send(request)).unwrap();
    response.get(&get).unwrap().list.first().unwrap_or_else(|| panic!("no thread {subject:?}")).thread_id.clone()
}
