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
        Some(Err(e)) => Some(e.0),
        _ => None,
    });
    let pending = login.pending();

    // Someone already signed in who lands here (a bookmark) goes straight in.
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(me) = session.me()
            && !pending.get_untracked()
        {
            navigate(&Route::landing(&me).path(), Default::default());
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
