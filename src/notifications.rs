//! Desktop notifications, with the agent's permission (asked by a button, never on its own): a
//! conversation newly assigned to them and a note newly mentioning them (`core::team::alerts`),
//! never what they did themselves. Read from the local copy's lists for the agent whenever the
//! copy changes; a click on a notification opens the conversation. The comparing and the
//! notifying are code in a part (`code_parts`), fetched when the agent's lists are first read.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tandem_core::team::alerts::{Alert, AlertKind, AlertWatch};
use tandem_core::team::views::View;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::cache::IdbStore;
use crate::code_parts::{part_fn, Later, Unreachable};
use crate::components::thread_list::note_fragment;
use crate::inbox::mailboxes::Mailboxes;
use crate::inbox::route::InboxRoute;
use crate::local_copy::LocalCopy;
use crate::sync_status::SyncStatus;
use crate::tasks::spawn_owned;
use crate::team_context::TeamContext;
use crate::tr;

/// Rows of each list compared (the newest: what changed lately is near the top).
const READ: u32 = 100;

thread_local!(static OWN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) });

/// The agent assigned `thread_id` to themselves on this device: not something to tell them.
pub fn assigned_by_me(thread_id: &str) {
    OWN.with(|own| {
        let mut own = own.borrow_mut();
        own.push(thread_id.to_string());
        let excess = own.len().saturating_sub(50);
        own.drain(..excess);
    });
}

/// The browser's permission: `granted`, `denied`, `default` (not asked yet), or `unsupported`.
pub fn permission() -> String {
    let notification = js_sys::Reflect::get(&js_sys::global(), &"Notification".into()).ok().filter(|n| n.is_function());
    notification
        .and_then(|n| js_sys::Reflect::get(&n, &"permission".into()).ok())
        .and_then(|p| p.as_string())
        .unwrap_or_else(|| "unsupported".into())
}

/// Asks the browser for permission (from the agent's click); `on_answer` gets the permission.
pub fn ask_permission(on_answer: impl FnOnce(String) + 'static) {
    let request = js_sys::Reflect::get(&js_sys::global(), &"Notification".into())
        .ok()
        .and_then(|n| js_sys::Reflect::get(&n, &"requestPermission".into()).ok().map(|f| (n, f)));
    let Some((notification, request)) = request else { return };
    let Some(request) = request.dyn_ref::<js_sys::Function>() else { return };
    let Ok(promise) = request.call0(&notification).and_then(|p| p.dyn_into::<js_sys::Promise>()) else { return };
    leptos::task::spawn_local(async move {
        let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|a| a.as_string());
        on_answer(answer.unwrap_or_else(permission));
    });
}

/// Opens a conversation by its address in the app.
type Open = Rc<dyn Fn(String)>;

/// Watches the agent's lists in the copy while the inbox is shown, and tells what is new.
pub fn watch(route: InboxRoute, mailboxes: Mailboxes, team: TeamContext) {
    let copy = LocalCopy::get();
    let watch = StoredValue::new(AlertWatch::default());
    let navigate = use_navigate();
    let open = StoredValue::new_local(Rc::new(move |href: String| navigate(&href, Default::default())) as Open);
    let sync = SyncStatus::get();
    Effect::new(move |_| {
        copy.version.track();
        // Not before the first rows: the comparing's code is a part, which would be fetched
        // while they are on their way.
        if !sync.first_paint.get() {
            return;
        }
        let (Some(store), Some(inbox), account, me) = (copy.store(), mailboxes.inbox.get(), route.account.get(), team.me.get()) else {
            return;
        };
        if !team.is_team.get() || me.is_empty() {
            return;
        }
        let my_name = team.settings.with_untracked(|s| s.agent_name(&me));
        let lists = Lists { store, account, inbox, me, my_name };
        spawn_owned(async move {
            // A part that cannot be fetched now: the copy's next change tries again.
            if let Ok(alerting) = alerting(lists, watch, open).await {
                alerting.await;
            }
        });
    });
}

/// The agent's lists to compare, in the copy.
struct Lists {
    store: Rc<IdbStore>,
    account: String,
    inbox: String,
    me: String,
    my_name: String,
}

part_fn! {
    inbox_background,
    /// Reads the agent's lists, compares them with what `watch` saw last, and shows a
    /// notification for each newly assigned conversation and new mention (with permission).
    fn alerting(lists: Lists, watch: StoredValue<AlertWatch>, open: StoredValue<Open, LocalStorage>) -> Result<Later<()>, Unreachable> {
        Ok(Box::pin(async move {
            let Lists { store, account, inbox, me, my_name } = lists;
            let (mine_key, mentions_key) = (View::Mine.list_key(&inbox, &me), View::Mentions.list_key(&inbox, &me));
            let (Ok(mine), Ok(mentions)) =
                (store.thread_page(&account, &mine_key, 0, READ).await, store.thread_page(&account, &mentions_key, 0, READ).await)
            else {
                return;
            };
            let own = OWN.with(|o| o.borrow().clone());
            let Some(alerts) = watch.try_update_value(|w| w.update(&mine, &mentions, &own, &my_name)) else { return };
            if permission() == "granted" {
                for alert in alerts {
                    let href = href_of(&account, &alert);
                    let open = open.try_get_value();
                    show(&alert, move || {
                        if let Some(open) = &open {
                            open(href.clone());
                        }
                    });
                }
            }
        }))
    }
}

/// Where a notification's click goes: the conversation (at the note, for a mention).
fn href_of(account: &str, alert: &Alert) -> String {
    let at_note = if alert.kind == AlertKind::MentionedYou { note_fragment(&alert.email_id) } else { String::new() };
    format!("/a/{account}/m/inbox/t/{}{at_note}", alert.thread_id)
}

/// The notification's title, in the agent's language.
fn title_of(alert: &Alert) -> String {
    match alert.kind {
        AlertKind::AssignedToYou => tr!(inbox.alert_assigned),
        AlertKind::MentionedYou => tr!(inbox.alert_mentioned, who = &alert.from),
    }
}

/// `new Notification(title, { body, tag })`, its click focusing the tab and opening the
/// conversation. The subject and names are shown by the system as text.
fn show(alert: &Alert, on_click: impl Fn() + 'static) {
    let Some(constructor) =
        js_sys::Reflect::get(&js_sys::global(), &"Notification".into()).ok().and_then(|n| n.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"body".into(), &alert.subject.as_str().into());
    let _ = js_sys::Reflect::set(&options, &"tag".into(), &format!("tandem-{}-{}", alert.thread_id, alert.email_id).into());
    let args = js_sys::Array::of2(&title_of(alert).into(), &options);
    let Ok(notification) = js_sys::Reflect::construct(&constructor, &args) else { return };
    let click = Closure::<dyn Fn()>::new(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        on_click();
    })
    .into_js_value();
    let _ = js_sys::Reflect::set(&notification, &"onclick".into(), &click);
}
