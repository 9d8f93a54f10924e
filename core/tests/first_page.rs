//! A sign-in's first page against the real Cyrus: read after the mailboxes
//! (`read_first_page_with`), its request asks for the page alone, and what it reads — the page
//! and the batch that writes it into the copy — is what the cold start's one request reads.

mod common;
#[path = "common/sync_helpers.rs"]
mod sync_helpers;

use common::block_on;
use serde_json::Value;
use sync_helpers::*;
use tandem_core::sync::{read_first_page, read_first_page_with, read_mailboxes, SyncOptions};

/// The methods of the last answer `client` received, in order.
fn answered_methods(client: &Client) -> Vec<String> {
    let body = client.transport().last_response().expect("an answer");
    let answer: Value = serde_json::from_str(&body).expect("JSON");
    let responses = answer["methodResponses"].as_array().expect("methodResponses");
    responses.iter().map(|r| r[0].as_str().expect("a method name").to_string()).collect()
}

const PAGE_CHAIN: [&str; 4] = ["Email/query", "Email/get", "Thread/get", "Email/get"];

#[test]
fn the_first_page_read_after_the_mailboxes_asks_only_for_the_page_and_reads_the_same() {
    let alice = faulty_client("alice");
    let account = alice.session().mail_accounts().into_iter().find(|a| a.is_team).expect("a team account").id;
    let mailbox = fresh_mailbox(&alice, &account, "first page");
    for i in 0..3 {
        create_email(&alice, &account, &mailbox, &unique(&format!("Sync test first page {i}")), &format!("2024-06-01T10:0{i}:00Z"), None);
    }
    let options = SyncOptions::for_limits(alice.limits());

    // Another test may write to the account meanwhile: the two ways are compared when the
    // readings the old way before and after are the same (their states too), so nothing changed.
    for _ in 0..5 {
        let before = block_on(read_first_page(&alice, &account, &mailbox, &options)).unwrap();
        let mut old_methods = vec!["Mailbox/get".to_string()];
        old_methods.extend(PAGE_CHAIN.map(String::from));
        assert_eq!(answered_methods(&alice), old_methods, "the cold start's one request asks for the mailboxes too");

        let mailboxes = block_on(read_mailboxes(&alice, &account)).unwrap();
        alice.transport().reset_traffic();
        let with = block_on(read_first_page_with(&alice, &account, &mailbox, mailboxes, &options)).unwrap();
        assert_eq!(alice.transport().traffic().requests, 1, "the page is one request");
        assert_eq!(answered_methods(&alice), PAGE_CHAIN, "the mailboxes are not asked for again");
        assert_eq!(with.first.page.threads.len(), 3);

        let after = block_on(read_first_page(&alice, &account, &mailbox, &options)).unwrap();
        if before == after {
            assert_eq!(with, before, "the same page, states and batch as the cold start's request");
            return;
        }
    }
    panic!("the account kept changing between two readings");
}
