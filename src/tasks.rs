//! Work that ends with its owner. A task a component spawns with [`spawn_owned`] is cancelled
//! when the component's owner is cleaned up (the agent moved on, signed out), and the requests it
//! has in flight are aborted then (`web_transport` ties each request to the owner it runs
//! under). Writes the agent asked for are not spawned this way: they finish even if the page goes,
//! and read signals after an `await` with the non-panicking accessors (`try_get_untracked`,
//! `try_set`, …) since those may be disposed by then.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::{spawn_local, spawn_local_scoped_with_cancellation};

/// Spawns `task` as work of the current owner (a component, or an effect's run: a rerun cancels
/// it). It runs under an owner of its own, a child of the current one, let go when it ends.
pub fn spawn_owned(task: impl Future<Output = ()> + 'static) {
    let Some(parent) = Owner::current() else { return spawn_local(task) };
    let own = parent.child();
    let kept = own.clone();
    own.with(move || {
        spawn_local_scoped_with_cancellation(async move {
            task.await;
            drop(kept);
        })
    });
}
