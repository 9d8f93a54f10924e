//! Send later: the agent picks when the reply leaves (in an hour, tomorrow or Monday morning, or
//! a date and time of their own); the server holds it until then, so it leaves with every tab
//! closed.

use leptos::prelude::*;

use crate::tr;
use crate::tr_live;
use crate::wording::Words;

/// * `scheduled`: the chosen time (UTC), `None` to send now; set here.
/// * `choose`: a named choice (`hour`, `tomorrow`, `week`) or a picked local time
///   (`at:2026-12-05T09:00`) as a UTC time, or how to word why it cannot be.
/// * `label`: the chosen time as the agent reads it.
/// * `on_schedule`: schedules the reply.
#[component]
pub fn SendLater(
    scheduled: RwSignal<Option<String>>,
    choose: Callback<String, Result<String, Words>>,
    label: Signal<Option<String>>,
    busy: Signal<bool>,
    on_schedule: Callback<()>,
) -> impl IntoView {
    let picking = RwSignal::new(false);
    let error = RwSignal::new(None::<Words>);
    let pick = move |choice: String| match choose.run(choice) {
        Ok(at) => {
            error.set(None);
            scheduled.set(Some(at));
        }
        Err(why) => error.set(Some(why)),
    };
    view! {
        <div class="send-later">
            <label class="send-later-choice">
                {move || format!("{} ", tr!(composer.later.label))}
                <select aria-label=tr_live!(composer.later.label) on:change=move |ev| {
                    match event_target_value(&ev).as_str() {
                        "" => {
                            picking.set(false);
                            scheduled.set(None);
                        }
                        "pick" => picking.set(true),
                        named => {
                            picking.set(false);
                            pick(named.to_string());
                        }
                    }
                }>
                    <option value="" selected>{tr_live!(composer.later.now)}</option>
                    <option value="hour">{tr_live!(composer.later.hour)}</option>
                    <option value="tomorrow">{tr_live!(composer.later.tomorrow)}</option>
                    <option value="week">{tr_live!(composer.later.monday)}</option>
                    <option value="pick">{tr_live!(composer.later.pick)}</option>
                </select>
            </label>
            <Show when=move || picking.get()>
                <input type="datetime-local" aria-label=tr_live!(composer.later.leaves_at) on:change=move |ev| pick(format!("at:{}", event_target_value(&ev))) />
            </Show>
            {move || error.get().map(|e| view! { <p class="reply-error" role="alert">{e.text()}</p> })}
            {move || label.get().map(|when| view! {
                <button type="button" class="action primary" disabled=busy on:click=move |_| on_schedule.run(())>
                    {move || tr!(composer.later.schedule_for, when = &when)}
                </button>
            })}
        </div>
    }
}
