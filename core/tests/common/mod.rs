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
    block_on(JmapClient::connect(NativeTransport::new(), &server(), Credentials::new(user, password(user))))
        .unwrap_or_else(|e| panic!("{user} could not sign in: {e}"))
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
