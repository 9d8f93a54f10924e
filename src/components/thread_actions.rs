//! The bar above a conversation: who has it, its status, and the buttons that change them.

use leptos::prelude::*;
use tandem_core::team::settings::TeamSettings;
use tandem_core::team::status::Status;

use crate::local_time;
use crate::tr;
use crate::tr_live;
use crate::words::status_label;

/// * `assignee`: the assignee's login, if any; `me`: the signed-in agent's login.
/// * `status`: the thread's status.
/// * `busy`: a change is being saved (buttons disabled).
/// * `on_assign`: called with the new assignee (`None` unassigns).
/// * `on_status`: called with the new status.
/// * `settings`: the team's roster and tags; `tags`: the ids of the thread's tags.
/// * `on_tag`: called with (tag id, put on); `on_new_tag` with the name of a tag to create and put on.
/// * `naming_tag`: the name of a new tag being typed (`None`: not creating one); owned by the page
///   so that a refresh of the conversation, which renders these actions again, keeps it.
/// * `snoozed_until`: the end of the snooze (UTC) when snoozed; `on_snooze` is called with a new end.
/// * `online`: whether the browser can reach the network: assignment, snoozing and a new tag need
///   the server's answer, so they are disabled without one (status and tags are queued).
#[component]
pub fn ThreadActions(
    assignee: Option<String>,
    me: String,
    status: Status,
    busy: Signal<bool>,
    on_assign: Callback<Option<String>>,
    on_status: Callback<Status>,
    settings: Signal<TeamSettings>,
    tags: Vec<String>,
    on_tag: Callback<(String, bool)>,
    on_new_tag: Callback<String>,
    naming_tag: RwSignal<Option<String>>,
    snoozed_until: Option<String>,
    on_snooze: Callback<String>,
    online: Signal<bool>,
) -> impl IntoView {
    let needs_server = Signal::derive(move || busy.get() || !online.get());
    let offline_title = move || (!online.get()).then(|| tr!(conversation.needs_server));
    let snooze_label = move || snoozed_until.as_deref().map(|u| tr!(conversation.snoozed_until, date = local_time::long(u)));
    let current = assignee.clone();
    let teammates = move || {
        settings
            .get()
            .agents
            .into_iter()
            .filter(|a| Some(&a.login) != current.as_ref())
            .map(|a| view! { <option value=a.login.clone()>{a.name}</option> })
            .collect_view()
    };
    let on_tags = tags.clone();
    let tag_chips = move || {
        let settings = settings.get();
        on_tags
            .iter()
            .filter_map(|id| settings.tag(id).cloned())
            .map(|t| {
                let (id, name) = (t.id.clone(), t.name.clone());
                view! {
                    <span class="badge tag-badge" style=format!("border-color:{0};--tag:{0}", t.color)>
                        <span dir="auto">{t.name.clone()}</span>
                        <button class="chip-remove" title=tr_live!(conversation.remove_tag) aria-label=move || tr!(conversation.remove_tag_named, tag = &name) disabled=busy on:click=move |_| on_tag.run((id.clone(), false))>"×"</button>
                    </span>
                }
            })
            .collect_view()
    };
    let off_tags = tags.clone();
    let addable = move || {
        settings
            .get()
            .tags
            .into_iter()
            .filter(|t| !off_tags.contains(&t.id))
            .map(|t| view! { <option value=t.id.clone()>{t.name}</option> })
            .collect_view()
    };
    let new_tag = naming_tag;
    let mine = assignee.as_deref() == Some(me.as_str());
    let label = {
        let assignee = assignee.clone();
        move || match &assignee {
            None => tr!(conversation.unassigned),
            Some(a) if mine => tr!(conversation.assigned_to_you, login = a),
            Some(a) => tr!(conversation.assigned_to, who = a),
        }
    };
    let assign_button = if mine {
        view! { <button class="action" disabled=needs_server title=offline_title on:click=move |_| on_assign.run(None)>{tr_live!(conversation.unassign)}</button> }
            .into_any()
    } else {
        let me = me.clone();
        let taken = assignee.is_some();
        let text = move || if taken { tr!(conversation.take_it) } else { tr!(conversation.assign_to_me) };
        view! {
            <button class="action primary-soft" disabled=needs_server title=offline_title on:click=move |_| on_assign.run(Some(me.clone()))>
                {text}
            </button>
        }
        .into_any()
    };
    view! {
        <div class="thread-actions" role="toolbar" aria-label=tr_live!(conversation.actions_label)>
            <span class="assignee" class:unassigned=assignee.is_none() dir="auto">{label}</span>
            {assign_button}
            <select class="assign-to" aria-label=tr_live!(conversation.assign_to) disabled=needs_server title=offline_title on:change=move |ev| {
                let login = picked(&ev);
                if !login.is_empty() {
                    on_assign.run(Some(login));
                }
            }>
                <option value="" selected>{tr_live!(conversation.assign_to_prompt)}</option>
                {teammates}
            </select>
            <div class="status-switch" role="group" aria-label=tr_live!(conversation.status_label)>
                {[Status::Open, Status::Pending, Status::Closed]
                    .into_iter()
                    .map(|s| {
                        view! {
                            <button
                                class="status"
                                class:current=status == s
                                aria-pressed=if status == s { "true" } else { "false" }
                                disabled=busy
                                on:click=move |_| if status != s { on_status.run(s) }
                            >
                                {move || status_label(s)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            // Snooze and tags share the second line: the first holds assignment and status.
            <div class="tag-row">
                <select class="snooze" aria-label=tr_live!(conversation.snooze) disabled=needs_server title=offline_title on:change=move |ev| {
                    if let Some(until) = local_time::snooze_until(&picked(&ev)) {
                        on_snooze.run(until);
                    }
                }>
                    <option value="" selected>{tr_live!(conversation.snooze_prompt)}</option>
                    <option value="hour">{tr_live!(conversation.snooze_hour)}</option>
                    <option value="tomorrow">{tr_live!(conversation.snooze_tomorrow)}</option>
                    <option value="week">{tr_live!(conversation.snooze_monday)}</option>
                </select>
                <span class="snoozed-until">{snooze_label}</span>
                {tag_chips}
                <select class="add-tag" aria-label=tr_live!(conversation.add_tag) disabled=busy on:change=move |ev| {
                    match picked(&ev).as_str() {
                        "" => {}
                        "+new" => new_tag.set(Some(String::new())),
                        id => on_tag.run((id.to_string(), true)),
                    }
                }>
                    <option value="" selected>{tr_live!(conversation.add_tag_prompt)}</option>
                    {addable}
                    <option value="+new" disabled=move || !online.get()>{tr_live!(conversation.new_tag_prompt)}</option>
                </select>
                <Show when=move || new_tag.get().is_some()>
                    <form class="new-tag" on:submit=move |ev| {
                        ev.prevent_default();
                        let name = new_tag.get_untracked().unwrap_or_default();
                        if !name.trim().is_empty() {
                            on_new_tag.run(name);
                            new_tag.set(None);
                        }
                    }>
                        <input aria-label=tr_live!(conversation.new_tag_name) dir="auto" placeholder=tr_live!(conversation.tag_name) prop:value=move || new_tag.get().unwrap_or_default()
                            on:input=move |ev| new_tag.set(Some(event_target_value(&ev))) />
                        <button type="submit" class="action primary-soft">{tr_live!(conversation.create)}</button>
                        <button type="button" class="action" on:click=move |_| new_tag.set(None)>{tr_live!(conversation.cancel)}</button>
                    </form>
                </Show>
            </div>
        </div>
    }
}

/// The option picked in a menu of actions; the menu goes back to its prompt ("Add tag…"): it
/// starts an action, it does not hold a setting.
fn picked(ev: &leptos::ev::Event) -> String {
    let value = event_target_value(ev);
    if let Some(menu) = ev.target() {
        let _ = js_sys::Reflect::set(&menu, &"value".into(), &"".into());
    }
    value
}
