//! For the sync tests (sync_engine, listed_store, first_page) and those of replying (replying,
//! send_later, shared_drafts): clients that count (and can lose) requests, a fresh mailbox per
//! test under `Sync tests` in the team account (never the Inbox: other tests count its
//! conversations), test emails, the server's own view to compare the store with, and a purge of
//! expunged messages so that Cyrus forgets old states.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::json;
use tandem_core::auth::Credentials;
use tandem_core::jmap::methods::{EmailGet, EmailQuery, EmailSet, MailboxGet, MailboxSet};
use tandem_core::jmap::objects::Email;
use tandem_core::jmap::{Ids, JmapClient, Request};
use tandem_core::native_transport::NativeTransport;
use tandem_core::sync::fault::FaultyTransport;

use crate::common::{block_on, password, server, state_dir};

pub type Client = JmapClient<FaultyTransport<NativeTransport>>;

pub const PARENT: &str = "Sync tests";

/// `user`'s client through a [`FaultyTransport`], its traffic counter at zero.
pub fn faulty_client(user: &str) -> Client {
    let transport = FaultyTransport::new(NativeTransport::new());
    let client = block_on(JmapClient::connect(transport, &server(), Credentials::new(user, password(user))))
        .unwrap_or_else(|e| panic!("{user} could not sign in: {e}"));
    client.transport().reset_traffic();
    client
}

/// A name no other test and no earlier run uses.
pub fn unique(label: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{label} {}-{nanos}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst))
}

/// A new, empty mailbox `Sync tests/<label …>` in the team account.
pub fn fresh_mailbox(client: &Client, account: &str, label: &str) -> String {
    let parent = parent_mailbox(client, account);
    let set = MailboxSet::new(account).create("m", json!({ "name": unique(label), "parentId": parent }));
    let response = block_on(client.call(set)).unwrap().all_done().unwrap();
    response.created_id("m").expect("mailbox created")
}

/// `Sync tests`, created once (tests run in parallel).
fn parent_mailbox(client: &Client, account: &str) -> String {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let list = block_on(client.call(MailboxGet::new(account, Ids::All).properties(&["id", "name", "parentId"]))).unwrap().list;
    if let Some(m) = list.iter().find(|m| m.parent_id.is_none() && m.name == PARENT) {
        return m.id.clone();
    }
    let set = MailboxSet::new(account).create("p", json!({ "name": PARENT, "parentId": null }));
    block_on(client.call(set)).unwrap().all_done().unwrap().created_id("p").expect("parent created")
}

/// An email the test created.
#[derive(Debug, Clone)]
pub struct TestEmail {
    pub id: String,
    pub thread_id: String,
    pub message_id: String,
    pub subject: String,
}

/// Creates an email in `mailbox` received at `received_at`; a reply to `parent` (its subject
/// with `Re:`, referencing it; `subject` is then ignored) joins its thread.
pub fn create_email(
    client: &Client,
    account: &str,
    mailbox: &str,
    subject: &str,
    received_at: &str,
    parent: Option<&TestEmail>,
) -> TestEmail {
    let message_id = format!("{}@sync.tandem.test", unique("m").replace(' ', "."));
    let subject = parent.map_or(subject.to_string(), |p| format!("Re: {}", p.subject));
    let mut email = json!({
        "mailboxIds": { mailbox: true },
        "subject": subject,
        "from": [{ "name": "Customer", "email": "customer@example.net" }],
        "to": [{ "email": "support@tandem.test" }],
        "messageId": [message_id],
        "receivedAt": received_at,
        "bodyStructure": { "type": "text/plain", "partId": "1" },
        "bodyValues": { "1": { "value": format!("Body of {subject}.") } },
    });
    if let Some(p) = parent {
        email["inReplyTo"] = json!([p.message_id]);
        email["references"] = json!([p.message_id]);
    }
    let set = EmailSet::new(account).create("e", email);
    let response = block_on(client.call(set)).unwrap().all_done().unwrap_or_else(|e| panic!("creating {subject:?}: {e}"));
    let created = &response.created.as_ref().unwrap()["e"];
    TestEmail { id: created["id"].as_str().unwrap().into(), thread_id: created["threadId"].as_str().unwrap().into(), message_id, subject }
}

/// Sends one `Email/set` update or destroy and insists that it worked.
pub fn email_set(client: &Client, set: EmailSet) {
    block_on(client.call(set)).unwrap().all_done().unwrap();
}

/// The server's thread ids of `mailbox`, newest first.
pub fn server_thread_ids(client: &Client, account: &str, mailbox: &str) -> Vec<String> {
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account).filter(json!({ "inMailbox": mailbox })).collapse_threads(true));
    let get = request.add(EmailGet::new(account, query.ids("/ids")).properties(&["threadId"]));
    block_on(client.send(request)).unwrap().get(&get).unwrap().list.into_iter().map(|e| e.thread_id).collect()
}

/// The server's emails of `mailbox`, by id, with keywords and mailboxes.
pub fn server_emails(client: &Client, account: &str, mailbox: &str) -> BTreeMap<String, Email> {
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account).filter(json!({ "inMailbox": mailbox })));
    let get = request.add(EmailGet::new(account, query.ids("/ids")).properties(&["id", "threadId", "keywords", "mailboxIds"]));
    block_on(client.send(request)).unwrap().get(&get).unwrap().list.into_iter().map(|e| (e.id.clone(), e)).collect()
}

/// One email as the server has it now (`None` if it no longer exists).
pub fn server_email(client: &Client, account: &str, id: &str) -> Option<Email> {
    let get =
        EmailGet::new(account, Ids::List(vec![id.to_string()])).properties(&["id", "threadId", "keywords", "mailboxIds", "messageId"]);
    block_on(client.call(get)).unwrap().list.into_iter().next()
}

/// Ids of the emails of the account whose Message-ID is exactly `message_id`.
pub fn emails_with_message_id(client: &Client, account: &str, message_id: &str) -> Vec<String> {
    let mut request = Request::new();
    let query = request.add(EmailQuery::new(account).filter(json!({ "header": ["Message-ID", message_id] })));
    let get = request.add(EmailGet::new(account, query.ids("/ids")).properties(&["id", "messageId"]));
    let list = block_on(client.send(request)).unwrap().get(&get).unwrap().list;
    list.into_iter().filter(|e| e.message_id.iter().flatten().any(|m| m == message_id)).map(|e| e.id).collect()
}

/// Makes Cyrus forget expunged messages of `user` (`cyr_expire -X 0`), as its daily job does:
/// afterwards `Email/changes` and `Thread/changes` from any earlier state are
/// `cannotCalculateChanges`. Needs root (as scripts/test.sh runs), like the server itself.
pub fn purge_expunged(user: &str) {
    let config = state_dir().join("etc/imapd.conf");
    let command = format!("/usr/lib/cyrus/bin/cyr_expire -C {} -X 0 -u {user}", config.display());
    let output =
        std::process::Command::new("su").args(["cyrus", "-s", "/bin/sh", "-c", &command]).output().expect("su cyrus -c cyr_expire");
    assert!(output.status.success(), "cyr_expire failed: {}", String::from_utf8_lossy(&output.stderr));
}
