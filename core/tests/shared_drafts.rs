//! Shared drafts against the real Cyrus (docs/scheme.md, "Drafts"): a reply being written is
//! saved on the server in the customer's thread, one version per author, read back with its
//! fields by another device and shown to teammates; it is never a message of the conversation,
//! never counted or previewed in the list, never changes the thread's status; only its author
//! discards it, and the reply that replaces it discards it once filed, so a device still holding
//! the older version cannot make it again. A new conversation's draft, in no thread, is kept and
//! replaced the same way. Needs the Cyrus that scripts/test.sh
//! starts.

mod common;
#[path = "common/sync_helpers.rs"]
mod sync_helpers;
#[path = "common/team_mail.rs"]
mod team_mail;

use common::block_on;
use sync_helpers::{faulty_client, unique, Client};
use tandem_core::conversation::load_conversation;
use tandem_core::model::status::Status;
use tandem_core::reply::{send, ReplyDraft};
use tandem_core::team::drafts::{discard_drafts, save_draft};
use tandem_core::team::new_drafts::{discard_new_drafts, own_new_draft, save_new_draft, NEW_CONVERSATION};
use tandem_core::team::status::set_status;
use tandem_core::team::thread_state::read_thread_state;
use team_mail::{author, customer_thread, draft_for, reply_job, team_of};

#[test]
fn a_draft_is_saved_in_the_thread_once_per_author_and_reopened_elsewhere() {
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let team = team_of(&alice);
    let thread = customer_thread(&alice, &team, &unique("Parcel late"));
    block_on(set_status(&alice, &team, &thread, &author("alice", "Alice"), Status::Pending)).unwrap();
    let before = block_on(read_thread_state(&alice, &team, &thread)).unwrap();

    let mut draft = draft_for(&alice, &team, &thread, "Hello Ahmed,\n\nمرحبا — first words");
    let first = block_on(save_draft(&alice, &team, &thread, &author("alice", "Alice"), &draft)).expect("saved").expect("made");
    draft.text = "Hello Ahmed,\n\nمرحبا — the parcel left today.".into();
    draft.server_id = Some(first.clone());
    let second = block_on(save_draft(&alice, &team, &thread, &author("alice", "Alice"), &draft)).expect("saved again").expect("made");
    assert_ne!(first, second);

    // Bob, on his own device, sees one draft by alice, and it is no message of the conversation.
    let seen_by_bob = block_on(load_conversation(&bob, &team, &thread)).unwrap();
    assert_eq!(seen_by_bob.drafts.len(), 1, "the older version is gone: {:?}", seen_by_bob.drafts);
    let shared = &seen_by_bob.drafts[0];
    assert_eq!((shared.id.as_str(), shared.author.as_str()), (second.as_str(), "alice"));
    assert!(shared.text.contains("the parcel left today"), "{:?}", shared.text);
    assert_eq!(seen_by_bob.messages.iter().filter(|m| !m.activity).count(), 1, "a draft is not a message");
    assert_eq!(seen_by_bob.status, Status::Pending, "saving a draft changes no status");

    // Alice on another device reopens it with its fields.
    let reopened = ReplyDraft::reopen(shared).expect("its fields are readable");
    assert_eq!((reopened.to.as_str(), reopened.text.as_str()), ("أحمد صالح <ahmed@customer.example>", draft.text.as_str()));
    assert_eq!(
        (reopened.seen.clone(), reopened.answers.clone(), reopened.server_id.as_deref()),
        (draft.seen, draft.answers, Some(second.as_str()))
    );

    // Bob cannot discard it; alice can.
    block_on(discard_drafts(&bob, &team, &thread, "bob")).unwrap();
    assert_eq!(block_on(load_conversation(&bob, &team, &thread)).unwrap().drafts.len(), 1, "only its author discards a draft");
    block_on(discard_drafts(&alice, &team, &thread, "alice")).unwrap();
    let after = block_on(read_thread_state(&alice, &team, &thread)).unwrap();
    assert_eq!((after.status, after.emails.len()), (before.status, before.emails.len()), "nothing left of the draft");
}

#[test]
fn the_reply_that_replaces_a_draft_discards_it_and_a_teammates_stays() {
    let (alice, bob) = (faulty_client("alice"), faulty_client("bob"));
    let (team, thread, draft, _) = alices_saved_draft(&alice, "Wrong colour", "We will send the blue one.");
    let bobs = draft_for(&bob, &team, &thread, "Bob's idea");
    block_on(save_draft(&bob, &team, &thread, &author("bob", "Bob"), &bobs)).unwrap();

    let mut job = reply_job(&alice, &team, &draft, None);
    job.drafts_of = Some((thread.clone(), "alice".into()));
    block_on(send(&alice, &job)).expect("sent");
    let now = block_on(load_conversation(&alice, &team, &thread)).unwrap();
    assert_eq!(now.drafts.iter().map(|d| d.author.as_str()).collect::<Vec<_>>(), vec!["bob"], "alice's draft went with her reply");
    assert_eq!(now.messages.len(), 2, "the customer's message and the reply");
}

#[test]
fn a_new_conversations_draft_follows_its_author_and_goes_with_the_message() {
    // Carol writes first to a customer: nobody else's test touches her new conversation's draft.
    let (carol, other_device, bob) = (faulty_client("carol"), faulty_client("carol"), faulty_client("bob"));
    let team = team_of(&carol);
    block_on(discard_new_drafts(&carol, &team, "carol")).unwrap();
    let subject = unique("Your renewal");
    let mut draft =
        ReplyDraft { to: "مي <mei@customer.example>".into(), subject: subject.clone(), text: "您好，".into(), ..Default::default() };
    let first = block_on(save_new_draft(&carol, &team, &author("carol", "Carol"), &draft)).expect("saved").expect("made");
    draft.text = "您好，您的续订已确认。".into();
    draft.server_id = Some(first.clone());
    let second = block_on(save_new_draft(&carol, &team, &author("carol", "Carol"), &draft)).expect("saved again").expect("made");
    assert_ne!(first, second);

    // Her other device reopens the newest, with its fields; Bob has none, and cannot discard hers.
    let reopened = block_on(own_new_draft(&other_device, &team, "carol")).unwrap().expect("reopened elsewhere");
    assert_eq!(
        (reopened.to.as_str(), reopened.subject.as_str(), reopened.text.as_str()),
        (draft.to.as_str(), subject.as_str(), draft.text.as_str())
    );
    assert_eq!(reopened.server_id.as_deref(), Some(second.as_str()), "one version: the older is gone");
    assert_eq!(block_on(own_new_draft(&bob, &team, "bob")).unwrap(), None);
    block_on(discard_new_drafts(&bob, &team, "bob")).unwrap();
    assert!(block_on(own_new_draft(&carol, &team, "carol")).unwrap().is_some(), "only its author discards it");

    // Sent: the job that names it discards it once the message is filed.
    let mut job = reply_job(&carol, &team, &reopened, None);
    job.drafts_of = Some((NEW_CONVERSATION.into(), "carol".into()));
    block_on(send(&carol, &job)).expect("sent");
    assert_eq!(block_on(own_new_draft(&other_device, &team, "carol")).unwrap(), None, "gone with the message");
    // The other device's copy, saved after the send, is not made again.
    let mut stale = reopened.clone();
    stale.text.push_str(" 另外……");
    assert_eq!(block_on(save_new_draft(&other_device, &team, &author("carol", "Carol"), &stale)).unwrap(), None);
    assert_eq!(block_on(own_new_draft(&other_device, &team, "carol")).unwrap(), None, "still gone");
}

#[test]
fn a_reply_sent_on_one_device_is_not_made_again_by_another() {
    let (laptop, phone) = (faulty_client("alice"), faulty_client("alice"));
    let (team, thread, draft, saved) = alices_saved_draft(&laptop, "Refund twice", "Your refund is on its way.");

    // Her phone reads it (and knows its server id).
    let conversation = block_on(load_conversation(&phone, &team, &thread)).unwrap();
    let mut on_phone = conversation.drafts.iter().find(|d| d.author == "alice").and_then(ReplyDraft::reopen).expect("reopened");
    assert_eq!(on_phone.server_id, Some(saved));

    // The laptop sends the reply: the job discards her draft once the reply is filed.
    let mut job = reply_job(&laptop, &team, &draft, None);
    job.drafts_of = Some((thread.clone(), "alice".into()));
    block_on(send(&laptop, &job)).expect("sent");

    // The phone's next save, based on the version gone with the send, makes nothing.
    on_phone.text.push_str(" (and a second time)");
    assert_eq!(block_on(save_draft(&phone, &team, &thread, &author("alice", "Alice"), &on_phone)).unwrap(), None, "gone: not made again");
    let mine = |c: &tandem_core::conversation::Conversation| c.drafts.iter().filter(|d| d.author == "alice").count();
    assert_eq!(mine(&block_on(load_conversation(&phone, &team, &thread)).unwrap()), 0, "no draft of hers in the thread");

    // A draft never saved yet is made as ever.
    let fresh = ReplyDraft { server_id: None, ..on_phone };
    let made = block_on(save_draft(&phone, &team, &thread, &author("alice", "Alice"), &fresh)).unwrap().expect("made");
    let now = block_on(load_conversation(&phone, &team, &thread)).unwrap();
    assert_eq!(now.drafts.iter().filter(|d| d.author == "alice").map(|d| d.id.as_str()).collect::<Vec<_>>(), [made.as_str()]);
}

/// A customer's new thread about `subject` in `alice`'s team, and her reply draft saying `text`
/// saved there: the team, the thread, the draft and the saved version's id.
fn alices_saved_draft(alice: &Client, subject: &str, text: &str) -> (String, String, ReplyDraft, String) {
    let team = team_of(alice);
    let thread = customer_thread(alice, &team, &unique(subject));
    let draft = draft_for(alice, &team, &thread, text);
    let saved = block_on(save_draft(alice, &team, &thread, &author("alice", "Alice"), &draft)).expect("saved").expect("made");
    (team, thread, draft, saved)
}
