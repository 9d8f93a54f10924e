//! The bar above a conversation: who has it, its status, and the buttons that change them.

use leptos::prelude::*;
use tandem_core::team::status::Status;

/// * `assignee`: the assignee's login, if any; `me`: the signed-in agent's login.
/// * `status`: the thread's status.
/// * `busy`: a change is being saved (buttons disabled).
/// * `on_assign`: called with the new assignee (`None` unassigns).
/// * `on_status`: called with the new status.
#[component]
pub fn ThreadActions(
    assignee: Option<String>,
    me: String,
    status: Status,
    busy: Signal<bool>,
    on_assign: Callback<Option<String>>,
    on_status: Callback<Status>,
) -> impl IntoView {
    let mine = assignee.as_deref() == Some(me.as_str());
    let label = match &assignee {
        None => "Unassigned".to_string(),
        Some(a) if mine => format!("Assigned to you ({a})"),
        Some(a) => format!("Assigned to {a}"),
    };
    let assign_button = if mine {
        view! { <button class="action" disabled=busy on:click=move |_| on_assign.run(None)>"Unassign"</button> }.into_any()
    } else {
        let me = me.clone();
        let text = if assignee.is_some() { "Take it" } else { "Assign to me" };
        view! { <button class="action primary-soft" disabled=busy on:click=move |_| on_assign.run(Some(me.clone()))>{text}</button> }.into_any()
    };
    view! {
        <div class="thread-actions" role="toolbar" aria-label="Conversation actions">
            <span class="assignee" class:unassigned=assignee.is_none() dir="auto">{label}</span>
            {assign_button}
            <div class="status-switch" role="group" aria-label="Status">
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
                                {s.label()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
