//! An error shown where the content would have been: the specific sentence of the error. An error
//! that asks for more than a sentence (a session that ended, a closed database) is acted on too.

use leptos::prelude::*;

use crate::app_error::AppError;
use crate::notices::Notices;

#[component]
pub fn Notice(#[prop(into)] error: AppError) -> impl IntoView {
    Notices::get().act_on(&error);
    view! {
        <div class="notice error" role="alert">
            // In the language now (the sentence follows a switch).
            {move || error.to_string()}
        </div>
    }
}
