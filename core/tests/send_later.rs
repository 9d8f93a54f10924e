//! Send later against the real Cyrus and its SMTP sink: a reply held until a time is listed as
//! scheduled (a reply in its undo window is not), and one canceled before its time never leaves
//! and is gone from the team's conversation; one taken back to be edited gives back its draft.
//! Needs the Cyrus that scripts/test.sh starts.

mod common;
#[path = "common/sync_helpers.rs"]
mod sync_helpers;
#[path = "common/team_mail.rs"]
mod team_mail;

use std::time::Duration;

use common::{block_on, state_dir};
use sync_helpers::{faulty_client, unique};
use tandem_core::conversation::load_conversation;
use tandem_core::date::format_utc;
use tandem_core::reply::scheduled::{cancel_scheduled, reopen_scheduled, scheduled_replies};
use tandem_core::reply::{send, Hold, TakenBack};
use team_mail::{customer_thread, draft_for, reply_job, team_of};

fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// Whether a message with `message_id` reached the SMTP sink.
fn at_sink(message_id: &str) -> bool {
    let needle = format!("message-id: <{message_id}>");
    std::fs::read_dir(state_dir().join("sink"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .any(|text| text.to_ascii_lowercase().contains(&needle))
}

#[test]
fn a_scheduled_reply_is_listed_and_one_canceled_never_leaves() {
    let alice = faulty_client("alice");
    let team = team_of(&alice);
    let agent = alice.session().primary_mail_account().unwrap().to_string();
    let thread = customer_thread(&alice, &team, &unique("Invoice copy"));
    let draft = draft_for(&alice, &team, &thread, "Here is the copy of your invoice.");
    let later = reply_job(&alice, &team, &draft, Some(Hold::Until(format_utc(now_secs() + 3_600))));
    let undo_window = reply_job(&alice, &team, &draft, Some(Hold::For(10)));
    block_on(send(&alice, &later)).expect("scheduled");
    block_on(send(&alice, &undo_window)).expect("held for the undo window");

    let listed = block_on(scheduled_replies(&alice, &agent, &format_utc(now_secs() + 30))).unwrap();
    let ours: Vec<_> = listed.iter().filter(|r| r.message_id == later.message.message_id).collect();
    assert_eq!(ours.len(), 1, "{listed:?}");
    assert!(!listed.iter().any(|r| r.message_id == undo_window.message.message_id), "a reply in its undo window is not scheduled");
    assert_eq!(ours[0].subject, later.message.subject);
    assert!(ours[0].preview.contains("copy of your invoice"), "{:?}", ours[0].preview);
    assert!(ours[0].send_at > format_utc(now_secs() + 3_500), "{}", ours[0].send_at);

    // Its team copy is in the conversation already, at the time it leaves.
    let conversation = block_on(load_conversation(&alice, &team, &thread)).unwrap();
    let copy = conversation.messages.iter().find(|m| m.reply.message_id.as_deref() == Some(&later.message.message_id));
    let Hold::Until(at) = later.hold.clone().unwrap() else { unreachable!() };
    assert_eq!(copy.map(|m| m.received_at.as_str()), Some(at.as_str()), "{:?}", conversation.messages);

    let scheduled = ours[0].clone();
    assert_eq!(block_on(cancel_scheduled(&alice, &agent, &team, &scheduled)).unwrap(), TakenBack::Canceled);
    let listed = block_on(scheduled_replies(&alice, &agent, &format_utc(now_secs()))).unwrap();
    assert!(!listed.iter().any(|r| r.message_id == later.message.message_id), "canceled: no longer scheduled");
    let conversation = block_on(load_conversation(&alice, &team, &thread)).unwrap();
    assert!(!conversation
        .messages
        .iter()
        .any(|m| m.body.contains("copy of your invoice") && m.reply.message_id.as_deref() == Some(&later.message.message_id)));

    // The undo-window reply leaves; the canceled one never does.
    let start = std::time::Instant::now();
    while !at_sink(&undo_window.message.message_id) && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(at_sink(&undo_window.message.message_id), "the other reply left");
    assert!(!at_sink(&later.message.message_id), "the canceled reply never leaves");
}

#[test]
fn a_scheduled_reply_taken_back_to_edit_gives_its_draft_and_never_leaves() {
    let alice = faulty_client("alice");
    let team = team_of(&alice);
    let agent = alice.session().primary_mail_account().unwrap().to_string();
    let thread = customer_thread(&alice, &team, &unique("Delivery date"));
    let mut draft = draft_for(&alice, &team, &thread, "Your parcel leaves **Monday**.");
    draft.cc = "Lina <lina@customer.example>".into();
    let later = reply_job(&alice, &team, &draft, Some(Hold::Until(format_utc(now_secs() + 7_200))));
    block_on(send(&alice, &later)).expect("scheduled");
    let listed = block_on(scheduled_replies(&alice, &agent, &format_utc(now_secs() + 30))).unwrap();
    let scheduled = listed.into_iter().find(|r| r.message_id == later.message.message_id).expect("listed");

    let reopened = block_on(reopen_scheduled(&alice, &agent, &team, &scheduled)).unwrap().expect("taken back");
    assert_eq!(reopened.thread_id, thread);
    assert_eq!(reopened.draft.subject, later.message.subject);
    assert!(
        reopened.draft.to.contains("ahmed@customer.example") && reopened.draft.cc.contains("lina@customer.example"),
        "{:?}",
        reopened.draft
    );
    assert!(reopened.draft.text.contains("Your parcel leaves **Monday**."), "the bold written comes back bold: {:?}", reopened.draft.text);
    assert_eq!(reopened.draft.in_reply_to, later.message.in_reply_to);
    assert_eq!(reopened.draft.answers, draft.answers, "what it answers, to mark $answered when it is sent again");
    // Gone from the server: not scheduled, not in the conversation, and never at the sink.
    let listed = block_on(scheduled_replies(&alice, &agent, &format_utc(now_secs()))).unwrap();
    assert!(!listed.iter().any(|r| r.message_id == later.message.message_id));
    let conversation = block_on(load_conversation(&alice, &team, &thread)).unwrap();
    assert!(!conversation.messages.iter().any(|m| m.reply.message_id.as_deref() == Some(&later.message.message_id)));
    assert_eq!(block_on(reopen_scheduled(&alice, &agent, &team, &scheduled)).unwrap(), None, "taken back once");
    assert!(!at_sink(&later.message.message_id));
}
