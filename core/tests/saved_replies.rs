//! Saved replies on the real Cyrus: the team's defaults added once however many agents ask at
//! the same time, created, edited and deleted by any agent, and filled in with variables.
//! Needs the Cyrus that scripts/test.sh starts.

mod common;

use common::{block_on, connect, team_account};
use tandem_core::reply::variables::{fill, Values};
use tandem_core::team::saved_replies::{add_defaults, add_defaults_if_none, defaults, delete, list, save};

#[test]
fn defaults_are_added_once_and_replies_are_shared_edited_and_deleted() {
    let (alice, bob) = (connect("alice"), connect("bob"));
    let team = team_account(&alice);
    block_on(add_defaults_if_none(&alice, &team)).expect("defaults");
    // Two agents who both found none add them at the same time: the same emails, kept once.
    block_on(add_defaults(&bob, &team)).expect("defaults again");
    let names: Vec<String> = block_on(list(&bob, &team)).unwrap().into_iter().map(|r| r.name).collect();
    for (_, name, _) in defaults() {
        assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name} once, in {names:?}");
    }

    let name = format!("Shipping delay {}", std::process::id());
    let id =
        block_on(save(&alice, &team, None, &name, "Orders", "Hi {{customer.first_name | there}}, your order ships tomorrow.")).unwrap();
    let shared = block_on(list(&bob, &team)).unwrap().into_iter().find(|r| r.id == id).expect("bob sees alice's saved reply");
    assert_eq!((shared.folder.as_str(), shared.name.as_str()), ("Orders", name.as_str()));
    let filled = fill(&shared.body, &Values::for_reply("Ahmed Saleh", "a@x", "Bob", "Acme", "Order"));
    assert_eq!(filled.text, "Hi Ahmed, your order ships tomorrow.");

    let edited = block_on(save(&bob, &team, Some(&id), &name, "Orders", "Your order ships on Monday.")).unwrap();
    let now = block_on(list(&alice, &team)).unwrap();
    assert!(now.iter().all(|r| r.id != id), "the old version is gone");
    assert_eq!(now.iter().find(|r| r.id == edited).unwrap().body, "Your order ships on Monday.");
    block_on(delete(&alice, &team, &edited)).unwrap();
    assert!(block_on(list(&bob, &team)).unwrap().iter().all(|r| r.id != edited));
    assert!(block_on(save(&alice, &team, None, " ", "", "x")).is_err(), "a reply without a name is refused");
}
