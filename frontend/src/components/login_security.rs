//! A login's sign-in on the Users page: whether it uses two-step sign-in, whether it is
//! locked, and what an admin can do about it (release, reset the second factor, sign out).

use confitrek_types::UserDto;
use leptos::prelude::*;

use crate::api::ApiResult;
use crate::api::security::{self as api, LoginRelease};
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::problem::ProblemAlert;

/// "Two-step: on" and, when locked, a badge saying so.
#[component]
pub fn SignInState(user: RwSignal<UserDto>) -> impl IntoView {
    move || {
        let u = user.get();
        let two_step = if u.mfa_enabled {
            "Two-step: on"
        } else {
            "Two-step: off"
        };
        view! {
            <span class="two-step-state">{two_step}</span>
            {u.locked.then(|| view! { " " <span class="badge bad">"Locked"</span> })}
        }
    }
}

/// The admin's buttons for another login's sign-in. Resetting two-step sign-in asks once
/// more: the person must set it up again before using the app.
#[component]
pub fn SignInActions(user: RwSignal<UserDto>) -> impl IntoView {
    let id = user.with_untracked(|u| u.id);
    let email = user.with_untracked(|u| u.email.clone());
    let confirm = Confirmation::new();
    let act = Action::new_local(move |what: &LoginRelease| {
        let what = *what;
        async move {
            user.set(api::release_login(id, what).await?);
            confirm.keep();
            ApiResult::Ok(what)
        }
    });
    let problem = Signal::derive(move || match act.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let done = move || match act.value().get() {
        Some(Ok(what)) => Some(view! {
            <p class="notice" role="status">{match what {
                LoginRelease::Unlock => "Released: it can sign in again.",
                LoginRelease::ResetMfa => "Two-step sign-in reset: it is set up again at the next sign-in.",
                LoginRelease::EndSessions => "Signed out everywhere.",
            }}</p>
        }),
        _ => None,
    };
    let busy = move || act.pending().get();
    let question = format!("Reset two-step sign-in of {email}?");
    view! {
        <div class="row-actions">
            <Show when=move || user.get().locked>
                <button type="button" disabled=busy
                    on:click=move |_| { act.dispatch(LoginRelease::Unlock); }>"Release lock"</button>
            </Show>
            <Show when=move || user.get().mfa_enabled>
                <AskButton confirm disabled=busy>"Reset two-step sign-in"</AskButton>
            </Show>
            <button type="button" disabled=busy
                on:click=move |_| { act.dispatch(LoginRelease::EndSessions); }>"End sessions"</button>
        </div>
        <Show when=move || user.get().mfa_enabled>
            <ConfirmPrompt confirm question=question.clone() yes="Yes, reset" busy
                on_yes=move || { act.dispatch(LoginRelease::ResetMfa); } />
        </Show>
        {done}
        <ProblemAlert problem />
    }
}
