//! The sign-in page, the only page outside the app shell.

use confitrek_types::LoginRequest;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiResult};
use crate::components::problem::ProblemAlert;
use crate::routes::Route;
use crate::session::Session;

/// Only paths inside this app are followed after sign-in, never another site.
fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login"))
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::get();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let login = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        let navigate = navigate.clone();
        let next = safe_next(query.get_untracked().get("next"));
        async move {
            api::login(&request).await?;
            let me = api::me().await?;
            let target = next.unwrap_or_else(|| Route::landing(&me).path());
            session.sign_in(me);
            navigate(&target, Default::default());
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match login.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let pending = login.pending();

    // Someone already signed in who lands here (a bookmark) goes straight in. Not after
    // submitting the form: the login action navigates itself, to `next`.
    let submitted = RwSignal::new(false);
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(me) = session.me()
            && !submitted.get_untracked()
        {
            let next = safe_next(query.get_untracked().get("next"));
            navigate(
                &next.unwrap_or_else(|| Route::landing(&me).path()),
                Default::default(),
            );
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        login.dispatch(LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
        });
    };

    view! {
        <main class="login">
            <h1>"ConfiTrek"</h1>
            <p class="tagline">"Training compliance for your agency"</p>
            <form on:submit=on_submit>
                <h2>"Sign in"</h2>
                <ProblemAlert problem />
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" type="email" autocomplete="username" required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" type="password" autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_app_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/people/new".into())),
            Some("/people/new".into())
        );
        assert_eq!(safe_next(Some("//evil.example".into())), None);
        assert_eq!(safe_next(Some("https://evil.example".into())), None);
        assert_eq!(safe_next(Some("/login?next=/x".into())), None);
        assert_eq!(safe_next(None), None);
    }
}
