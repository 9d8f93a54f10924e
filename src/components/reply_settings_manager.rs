//! How the team replies, edited from the sidebar: the team's name and address (From of every
//! reply), its signature, the undo window and whether a reply assigns the conversation; and the
//! agent's own signature. Signatures may hold variables (`{{customer.first_name | there}}`).
//! The form is code in a part (`code_parts`), fetched at the first opening.

use leptos::prelude::*;
use tandem_core::team::reply_settings::{ReplySettingsEdit, UNDO_CHOICES};

use crate::code_parts::{part_fn, Unreachable};
use crate::components::on_demand::on_demand;
use crate::intl::number;
use crate::tr_live;
use crate::{tr, tr_count};

/// A save of the form: only what the agent changed since `base` is saved, so a teammate's change
/// made meanwhile to another field stays.
pub struct RepliesSave {
    /// The form as filled when opened, or as last saved.
    pub base: ReplySettingsEdit,
    /// The form as the agent made it.
    pub edit: ReplySettingsEdit,
    /// Called once the server has it.
    pub saved: Callback<()>,
}

/// * `current`: the form as the settings fill it now; `busy`: a change is being saved.
/// * `on_save`: the form to save.
#[component]
pub fn ReplySettingsManager(current: Signal<ReplySettingsEdit>, busy: Signal<bool>, on_save: Callback<RepliesSave>) -> impl IntoView {
    let open = RwSignal::new(false);
    let form = RwSignal::new(ReplySettingsEdit::default());
    let base = StoredValue::new(ReplySettingsEdit::default());
    let toggle = move |_| {
        if !open.get_untracked() {
            let filled = current.get_untracked();
            base.set_value(filled.clone());
            form.set(filled);
        }
        open.update(|o| *o = !*o);
    };
    // What differs from the form as opened or last saved: a save that failed is sent again whole.
    let save = Callback::new(move |edit: ReplySettingsEdit| {
        let sent = edit.clone();
        let saved = Callback::new(move |()| base.set_value(sent.clone()));
        on_save.run(RepliesSave { base: base.get_value(), edit, saved });
    });
    view! {
        <div class="reply-settings">
            <button class="link" on:click=toggle>{move || if open.get() { tr!(settings.done) } else { tr!(settings.reply_settings) }}</button>
            <Show when=move || open.get()>
                {on_demand(reply_settings_form(form, busy, save), || tr!(errors.action_unreachable))}
            </Show>
        </div>
    }
}

part_fn! {
    team_settings,
    /// The form's fields, bound to `form`; saving hands it to `on_save`.
    fn reply_settings_form(form: RwSignal<ReplySettingsEdit>, busy: Signal<bool>, on_save: Callback<ReplySettingsEdit>) -> Result<AnyView, Unreachable> {
        let text = move |field: fn(&ReplySettingsEdit) -> &String| move || form.with(|f| field(f).clone());
        let edit = move |field: fn(&mut ReplySettingsEdit, String)| move |ev| form.update(|f| field(f, event_target_value(&ev)));
        Ok(view! {
            // Checked by Tandem, which says what is wrong in a sentence of its own.
            <form class="reply-settings-form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                on_save.run(form.get_untracked());
            }>
                <label>{tr_live!(settings.team_name)}<input dir="auto" prop:value=text(|f| &f.name) on:input=edit(|f, v| f.name = v) /></label>
                <label>{tr_live!(settings.team_address)}<input type="email" dir="ltr" prop:value=text(|f| &f.address) on:input=edit(|f, v| f.address = v) /></label>
                <label>{tr_live!(settings.team_signature)}<textarea dir="auto" rows="3" prop:value=text(|f| &f.signature) on:input=edit(|f, v| f.signature = v) /></label>
                <label>{tr_live!(settings.my_signature)}
                    <textarea dir="auto" rows="2" prop:value=text(|f| &f.my_signature) on:input=edit(|f, v| f.my_signature = v) />
                </label>
                <label>{tr_live!(settings.undo_window)}
                    <select on:change=move |ev| form.update(|f| f.undo_seconds = event_target_value(&ev).parse().unwrap_or(10))>
                        {UNDO_CHOICES.iter().map(|s| {
                            let s = *s;
                            view! { <option value=s.to_string() selected=move || form.with(|f| f.undo_seconds == s)>{move || tr_count!(s as usize, settings.undo_seconds, count = number(s as usize))}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="inline">
                    <input type="checkbox" prop:checked=move || form.with(|f| f.assign_on_reply)
                        on:change=move |ev| form.update(|f| f.assign_on_reply = event_target_checked(&ev)) />
                    {tr_live!(settings.assign_on_reply)}
                </label>
                <button type="submit" class="action" disabled=busy>{tr_live!(settings.save)}</button>
            </form>
        }
        .into_any())
    }
}
