//! The menu of the interface's languages (`language`), each named in its own words, and a line
//! when the one chosen could not be loaded (its words are fetched when the menu is first
//! focused, or at the latest when chosen).

use leptos::prelude::*;

use crate::i18n::Locale;
use crate::language::{self, own_name, tag, ALL};
use crate::tr;
use crate::tr_live;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let pick = move |ev| {
        let value = event_target_value(&ev);
        if let Some(locale) = ALL.into_iter().find(|l| tag(*l) == value) {
            language::choose(locale);
        }
    };
    let options =
        ALL.map(|l: Locale| view! { <option value=tag(l) lang=tag(l) selected=move || language::current() == l>{own_name(l)}</option> });
    let unavailable = move || {
        language::unavailable()
            .map(|l| view! { <p class="language-unavailable" role="alert">{tr!(common.language_unavailable, language = own_name(l))}</p> })
    };
    view! {
        <select class="language-switch" aria-label=tr_live!(common.language) on:focus=move |_| language::fetch_ahead() on:change=pick prop:value=move || {
            language::unavailable();
            tag(language::current())
        }>
            {options}
        </select>
        {unavailable}
    }
}
