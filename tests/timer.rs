//! Browser tests of the main thread's sharing (`timer`): where long work goes on after it yields,
//! beside a task the browser already has waiting (a message posted to a channel, as a network
//! answer or an input event is queued). Run in headless Chromium by scripts/test.sh.

#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use tandem::timer::{in_background, yield_now};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

type Order = Rc<RefCell<Vec<&'static str>>>;

/// Queues a task now that writes "task" into `order` when it runs; its channel is returned to be
/// kept alive until then.
fn queue_task(order: &Order) -> web_sys::MessageChannel {
    let channel = web_sys::MessageChannel::new().expect("a message channel");
    let order = order.clone();
    let on_message = Closure::<dyn FnMut()>::new(move || order.borrow_mut().push("task"));
    channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    channel.port2().post_message(&wasm_bindgen::JsValue::NULL).expect("posted");
    channel
}

/// Waits until the task queued by [`queue_task`] ran (a few turns of the event loop at most).
async fn until_task_ran(order: &Order) {
    for _ in 0..100 {
        if order.borrow().contains(&"task") {
            return;
        }
        tandem::timer::sleep(std::time::Duration::from_millis(5)).await;
    }
    panic!("the queued task never ran");
}

#[wasm_bindgen_test]
async fn background_work_goes_on_only_after_a_task_waiting() {
    let order: Order = Rc::default();
    let _channel = queue_task(&order);
    let background = order.clone();
    in_background(async move {
        yield_now().await;
        background.borrow_mut().push("background");
    })
    .await;
    until_task_ran(&order).await;
    assert_eq!(*order.borrow(), ["task", "background"]);
}

#[wasm_bindgen_test]
async fn the_agents_work_goes_on_ahead_of_a_task_waiting() {
    let order: Order = Rc::default();
    let _channel = queue_task(&order);
    yield_now().await;
    order.borrow_mut().push("foreground");
    until_task_ran(&order).await;
    assert_eq!(*order.borrow(), ["foreground", "task"]);
}

#[wasm_bindgen_test]
async fn work_awaited_inside_background_work_is_background_too_and_what_follows_is_not() {
    let order: Order = Rc::default();
    let _channel = queue_task(&order);
    let inner = order.clone();
    in_background(async move {
        // A nested step, as the copy's reading inside the search index's building.
        async { yield_now().await }.await;
        inner.borrow_mut().push("background");
    })
    .await;
    until_task_ran(&order).await;
    let _again = queue_task(&order);
    yield_now().await;
    order.borrow_mut().push("foreground");
    assert_eq!(*order.borrow(), ["task", "background", "foreground"]);
}
