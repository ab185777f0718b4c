//! The use-of-force review permission of one login, as an admin grants it on `/users`.

use confitrek_types::UserDto;
use leptos::prelude::*;

use crate::api::uof as api;

#[component]
pub fn UofReviewerToggle(user: UserDto) -> impl IntoView {
    let granted = RwSignal::new(user.uof_reviewer);
    let id = format!("uof-reviewer-{}", user.id);
    let user_id = user.id;
    let change = Action::new_local(move |reviewer: &bool| {
        let reviewer = *reviewer;
        async move {
            match api::set_uof_access(user_id, reviewer).await {
                Ok(saved) => {
                    granted.set(saved.uof_reviewer);
                    None
                }
                Err(e) => {
                    // The box shows what the server holds, not what was clicked.
                    granted.set(!reviewer);
                    Some(e.to_string())
                }
            }
        }
    });
    let failure = move || change.value().get().flatten();
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone()
                prop:checked=move || granted.get()
                disabled=move || change.pending().get()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    granted.set(on);
                    change.dispatch(on);
                } />
            // The row says whose login it is; the email is not repeated in the cell, which
            // would then be found by it too.
            <label for=id>"Use of force reviewer"</label>
        </div>
        {move || failure().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
    }
}
