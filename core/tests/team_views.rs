//! Team settings, tags and views against the real Cyrus.

mod common;

use common::{block_on, connect, team_account, thread_with_subject};
use tandem_core::mailboxes::{inbox_id, load_mailboxes};
use tandem_core::team::assignment::assign;
use tandem_core::team::notes::Author;
use tandem_core::team::settings::{load_settings, update_settings};
use tandem_core::team::status::{set_status, Status};
use tandem_core::team::tags::{delete_tag, tag_thread};
use tandem_core::team::thread_state::read_thread_state;
use tandem_core::team::views::{view_counts, View};
use tandem_core::thread_list::load_filtered_page;

fn author(login: &str) -> Author {
    Author { login: login.into(), name: login.into(), at_ms: now_ms() }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}

#[test]
fn two_agents_editing_settings_at_once_both_land() {
    let account = team_account(&connect("alice"));
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = [("alice", "عاجل"), ("bob", "退款")]
        .into_iter()
        .map(|(agent, tag)| {
            let (barrier, account) = (barrier.clone(), account.clone());
            std::thread::spawn(move || {
                let client = connect(agent);
                barrier.wait();
                block_on(update_settings(&client, &account, agent, |s| {
                    s.add_agent(agent, &agent.to_uppercase())?;
                    if !s.tags.iter().any(|t| t.name == tag) {
                        s.create_tag(tag, "#e03131", now_ms(), agent)?;
                    }
                    Ok(())
                }))
                .unwrap()
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let settings = block_on(load_settings(&connect("carol"), &account)).unwrap().settings;
    for name in ["عاجل", "退款"] {
        assert_eq!(settings.tags.iter().filter(|t| t.name == name).count(), 1, "{name} saved once: {settings:?}");
    }
    let mut ids: Vec<_> = settings.tags.iter().map(|t| t.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), settings.tags.len(), "tag ids are unique");
    assert!(settings.agents.iter().any(|a| a.login == "alice") && settings.agents.iter().any(|a| a.login == "bob"));
}

#[test]
fn tags_are_shared_counted_and_deleted_everywhere() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let account = team_account(&alice);
    let inbox = inbox_id(&block_on(load_mailboxes(&alice, &account)).unwrap()).unwrap().to_string();
    let settings =
        block_on(update_settings(&alice, &account, "alice", |s| s.create_tag("فاتورة", "#1971c2", now_ms(), "alice").map(|_| ()))).unwrap();
    let tag = settings.tags.iter().find(|t| t.name == "فاتورة").unwrap().id.clone();
    let thread = thread_with_subject(&alice, &account, "Need a W-9 form for our records");

    let state = block_on(tag_thread(&alice, &account, &thread, &author("alice"), &tag, "فاتورة", true)).unwrap();
    assert_eq!(state.tags, vec![tag.clone()]);
    assert_eq!(block_on(read_thread_state(&bob, &account, &thread)).unwrap().tags, vec![tag.clone()], "bob sees the tag");
    assert_eq!(block_on(view_counts(&bob, &account, &inbox, "bob", &[View::Tag(tag.clone())])).unwrap(), vec![1]);

    let settings = block_on(delete_tag(&alice, &account, "alice", &tag)).unwrap();
    assert!(settings.tag(&tag).is_none());
    assert!(block_on(read_thread_state(&bob, &account, &thread)).unwrap().tags.is_empty(), "the keyword is gone from the thread");
}

#[test]
fn views_partition_the_inbox_and_follow_assignment() {
    let carol = connect("carol");
    let account = team_account(&carol);
    let inbox = inbox_id(&block_on(load_mailboxes(&carol, &account)).unwrap()).unwrap().to_string();
    let thread = thread_with_subject(&carol, &account, "Is there an on-premise version?");
    let before = block_on(view_counts(&carol, &account, &inbox, "carol", &[View::Mine, View::Agent("carol".into())])).unwrap();
    block_on(assign(&carol, &account, &thread, &author("carol"), None, Some("carol"))).unwrap();
    let after = block_on(view_counts(&carol, &account, &inbox, "carol", &[View::Mine, View::Agent("carol".into())])).unwrap();
    assert_eq!(after, vec![before[0] + 1, before[1] + 1]);
    let mine = block_on(load_filtered_page(&carol, &account, View::Mine.filter(&inbox, "carol"), 0, 50)).unwrap();
    assert!(mine.threads.iter().any(|t| t.thread_id == thread && t.assignee.as_deref() == Some("carol")));

    // Closing takes it out of Mine and into Closed.
    block_on(set_status(&carol, &account, &thread, &author("carol"), Status::Closed)).unwrap();
    let closed = block_on(load_filtered_page(&carol, &account, View::Closed.filter(&inbox, "carol"), 0, 50)).unwrap();
    assert!(closed.threads.iter().any(|t| t.thread_id == thread));
    assert!(!block_on(load_filtered_page(&carol, &account, View::Mine.filter(&inbox, "carol"), 0, 50))
        .unwrap()
        .threads
        .iter()
        .any(|t| t.thread_id == thread));

    // Every thread of the inbox is in exactly one of the status views.
    let counts =
        block_on(view_counts(&carol, &account, &inbox, "carol", &[View::Open, View::Pending, View::Snoozed, View::Closed])).unwrap();
    let total = block_on(tandem_core::thread_list::load_thread_page(&carol, &account, &inbox, 0, 1)).unwrap().total.unwrap();
    assert_eq!(counts.iter().sum::<u64>(), total, "{counts:?} of {total}");
    let unassigned = block_on(view_counts(&carol, &account, &inbox, "carol", &[View::Unassigned])).unwrap()[0];
    assert!(unassigned <= counts[0], "unassigned threads are open ones: {unassigned} of {}", counts[0]);
    block_on(set_status(&carol, &account, &thread, &author("carol"), Status::Open)).unwrap();
    block_on(assign(&carol, &account, &thread, &author("carol"), Some("carol"), None)).unwrap();
}

#[test]
fn bulk_close_and_assign_report_what_they_did() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let account = team_account(&alice);
    let a = thread_with_subject(&alice, &account, "Login link expired immediately");
    let b = thread_with_subject(&alice, &account, "Upgrade to Business plan");
    // bob takes b first: alice's bulk assignment (seeing both unassigned) must leave b to bob.
    block_on(assign(&bob, &account, &b, &author("bob"), None, Some("bob"))).unwrap();
    let report = block_on(tandem_core::team::bulk::assign_all(
        &alice,
        &account,
        &[(a.clone(), None), (b.clone(), None)],
        &author("alice"),
        Some("alice"),
    ));
    assert_eq!(report.done, 1);
    assert_eq!(report.skipped, vec![(b.clone(), tandem_core::team::bulk::Skipped::AssignedMeanwhile(Some("bob".into())))]);
    assert_eq!(block_on(read_thread_state(&bob, &account, &a)).unwrap().assignee.as_deref(), Some("alice"));
    assert_eq!(block_on(read_thread_state(&bob, &account, &b)).unwrap().assignee.as_deref(), Some("bob"));

    let report =
        block_on(tandem_core::team::bulk::set_status_all(&alice, &account, &[a.clone(), b.clone()], &author("alice"), Status::Closed));
    assert_eq!((report.done, report.skipped.len()), (2, 0));
    for t in [&a, &b] {
        assert_eq!(block_on(read_thread_state(&bob, &account, t)).unwrap().status, Status::Closed);
        block_on(set_status(&alice, &account, t, &author("alice"), Status::Open)).unwrap();
    }
    block_on(assign(&alice, &account, &a, &author("alice"), Some("alice"), None)).unwrap();
    block_on(assign(&bob, &account, &b, &author("bob"), Some("bob"), None)).unwrap();
}

#[test]
fn views_still_work_on_a_server_without_counted_flags() {
    let alice = common::connect_to(&common::plain_server(), "alice");
    let account = team_account(&alice);
    let inbox = inbox_id(&block_on(load_mailboxes(&alice, &account)).unwrap()).unwrap().to_string();
    let closed = thread_with_subject(&alice, &account, "Thank you!");
    let mine = thread_with_subject(&alice, &account, "Missing emails from last week");
    block_on(set_status(&alice, &account, &closed, &author("alice"), Status::Closed)).unwrap();
    block_on(assign(&alice, &account, &mine, &author("alice"), None, Some("alice"))).unwrap();

    // The server cannot answer thread filters here…
    match block_on(view_counts(&alice, &account, &inbox, "alice", &[View::Closed])) {
        Err(tandem_core::JmapError::Method(e)) => assert_eq!(e.kind, tandem_core::error::ErrorKind::UnsupportedFilter),
        other => panic!("expected unsupportedFilter from a server without counted flags, got {other:?}"),
    }
    // …and the views still list the right threads.
    let page = |v: View| block_on(tandem_core::team::views::load_view_page(&alice, &account, &inbox, "alice", &v, 0, 100)).unwrap();
    let closed_view = page(View::Closed);
    assert_eq!(closed_view.threads.iter().map(|t| t.thread_id.as_str()).collect::<Vec<_>>(), vec![closed.as_str()]);
    assert_eq!(closed_view.total, None, "no exact total without the server's help");
    let unassigned = page(View::Unassigned);
    assert!(!unassigned.threads.iter().any(|t| t.thread_id == mine || t.thread_id == closed));
    assert_eq!(unassigned.threads.len(), 38, "the 40 demo threads less the closed and the assigned one");
    assert_eq!(page(View::Mine).threads.iter().map(|t| t.thread_id.as_str()).collect::<Vec<_>>(), vec![mine.as_str()]);
    assert_eq!(page(View::Open).threads.len(), 39);
}

#[test]
fn without_principals_agents_are_added_to_the_roster_by_login() {
    // Cyrus 3.6 offers no JMAP Principals: no directory is read, and the roster is the settings'.
    let alice = connect("alice");
    assert_eq!(block_on(tandem_core::team::directory::load_directory(&alice)).unwrap(), None);
    let account = team_account(&alice);
    block_on(update_settings(&alice, &account, "alice", |s| {
        s.agents.retain(|a| a.login != "carol");
        Ok(())
    }))
    .unwrap();
    block_on(update_settings(&alice, &account, "alice", |s| s.add_agent("Carol", "Carol Díaz"))).unwrap();
    let seen_by_bob = block_on(load_settings(&connect("bob"), &account)).unwrap().settings;
    assert_eq!(seen_by_bob.agent_name("carol"), "Carol Díaz");
    let refused = block_on(update_settings(&alice, &account, "alice", |s| s.add_agent("carol diaz", ""))).unwrap_err();
    assert!(refused.to_string().contains("no spaces"), "{refused}");
}
