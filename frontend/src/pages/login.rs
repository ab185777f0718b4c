//! The sign-in page and the page that sets a password with a one-time token: the only pages
//! outside the app shell.

use confitrek_types::{AcceptInviteRequest, LoginRequest};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiResult};
use crate::boot::SentBack;
use crate::components::fields::{FieldError, described_by, field_message};
use crate::components::problem::ProblemAlert;
use crate::routes::Route;
use crate::session::Session;

/// What the page's own form was sent back for, as the problem the app's form shows.
fn sent_back_problem(why: SentBack) -> confitrek_types::Problem {
    let (kind, title, status, detail) = match why {
        SentBack::Failed => (
            "invalid_credentials",
            "Sign-in failed",
            401,
            "The email or password is not correct.",
        ),
        SentBack::NeedsCode => (
            "mfa_required",
            "Enter the code from your authenticator app",
            401,
            "Your account uses two-step sign-in: enter your email, password and the code your app shows now (or a recovery code).",
        ),
        SentBack::Locked => (
            "account_locked",
            "Sign-in locked",
            429,
            "Too many attempts. Wait a few minutes and try again, or ask your agency's administrator to release your account.",
        ),
    };
    confitrek_types::Problem {
        kind: format!("urn:confitrek:problem:{kind}"),
        title: title.into(),
        status,
        detail: Some(detail.into()),
        request_id: None,
        errors: Vec::new(),
    }
}

/// A failed sign-in through an identity provider (`?sso_error=<code>`), as a problem.
fn sso_problem(code: &str) -> confitrek_types::Problem {
    confitrek_types::Problem {
        kind: format!("urn:confitrek:problem:sso_{code}"),
        title: "Single sign-on failed".into(),
        status: 401,
        detail: Some(confitrek_types::sso_error_message(code).into()),
        request_id: None,
        errors: Vec::new(),
    }
}

/// The domain of a typed address, once it looks whole (`name@agency.gov`).
fn typed_domain(email: &str) -> Option<String> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    let domain = domain.to_lowercase();
    domain
        .find('.')
        .is_some_and(|dot| dot > 0)
        .then_some(domain)
}

/// Only paths inside this app are followed after sign-in, never another site.
fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| confitrek_types::safe_return_path(n).is_some())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::get();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // Sent back by the page's own form: a wrong password, a code needed, a lock.
    let sent_back = query.with_untracked(|q| SentBack::from_query(|name| q.get(name)));
    let sso_error = query.with_untracked(|q| q.get("sso_error"));
    let next_path = safe_next(query.get_untracked().get("next"));

    // Back from an identity provider, ConfiTrek's own code still to give.
    if query.with_untracked(|q| q.get("sso_code")).as_deref() == Some("1") {
        let wrong = query.with_untracked(|q| q.get("wrong")).as_deref() == Some("1");
        if let Some(form) = crate::boot::sign_in_form() {
            form.remove();
        }
        if let Some(form) = crate::boot::sso_code_form() {
            form.set_hidden(false);
            on_cleanup(move || form.remove());
            return ().into_any();
        }
        return view! { <SsoCodeStep wrong /> }.into_any();
    }
    if let Some(form) = crate::boot::sso_code_form() {
        form.remove();
    }

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
        Some(Ok(())) => None,
        None => sent_back
            .map(sent_back_problem)
            .or_else(|| sso_error.as_deref().map(sso_problem)),
    });
    let code_message = field_message(problem, "code");
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

    // The page's own form is still there (the app started on this page): it is the sign-in
    // form, posted to the server as it was before the app loaded.
    if let Some(form) = crate::boot::sign_in_form() {
        let next = safe_next(query.get_untracked().get("next"));
        crate::boot::show_sign_in_form(&form, next.as_deref(), sent_back);
        on_cleanup(move || form.remove());
        return ().into_any();
    }

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        login.dispatch(LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            code: crate::format::optional(&code.get_untracked()),
        });
    };

    view! {
        <main class="login">
            <h1>"ConfiTrek"</h1>
            <p class="tagline">"Training compliance for your agency"</p>
            <form on:submit=on_submit>
                <h2>"Sign in"</h2>
                <ProblemAlert problem shown_fields=&["code"] />
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" type="email" autocomplete="username" required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev)) />
                </div>
                <SsoOptions email next=next_path.clone() />
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" type="password" autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                // Text, not numeric: a recovery code has letters.
                <div class="field" class:invalid=move || code_message.with(Option::is_some)>
                    <label for="code">"Authenticator code"</label>
                    <p class="hint" id="hint-code">"Only if you set up two-step sign-in: the 6 digits your app shows, or a recovery code"</p>
                    <input id="code" name="code" type="text" autocomplete="one-time-code"
                        aria-invalid=move || code_message.with(Option::is_some).then_some("true")
                        aria-describedby=move || described_by("code", Some("hint-code"), code_message.with(Option::is_some))
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev)) />
                    <FieldError name="code" message=code_message />
                </div>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
    .into_any()
}

/// "Sign in with …" for each of the agency's identity providers that serve the typed
/// address's domain (only the domain is sent).
#[component]
fn SsoOptions(email: RwSignal<String>, next: Option<String>) -> impl IntoView {
    let domain = Memo::new(move |_| typed_domain(&email.get()));
    let found = LocalResource::new(move || {
        let domain = domain.get();
        async move {
            match domain {
                Some(domain) => crate::api::sso::discover(&format!("@{domain}"))
                    .await
                    .map(|d| d.providers)
                    .unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    move || {
        let providers = found.get().unwrap_or_default();
        (!providers.is_empty()).then(|| {
            let links = providers
                .into_iter()
                .map(|p| {
                    let href = crate::api::sso::start_url(p.id, next.as_deref());
                    view! { <a class="button" rel="external" href=href>{format!("Sign in with {}", p.display_name)}</a> }
                })
                .collect_view();
            view! {
                <div class="sso-options">
                    <p class="hint">"Your agency also lets you sign in with:"</p>
                    {links}
                </div>
            }
        })
    }
}

/// ConfiTrek's own code after an identity provider's sign-in: a plain form the server takes
/// (it knows the sign-in by its cookie).
#[component]
fn SsoCodeStep(wrong: bool) -> impl IntoView {
    view! {
        <main class="login">
            <h1>"ConfiTrek"</h1>
            <p class="tagline">"Training compliance for your agency"</p>
            <form method="post" action="/api/v1/auth/sso/code">
                <h2>"One more step"</h2>
                {wrong.then(|| view! {
                    <div class="alert" role="alert">
                        <p class="alert-title">"That code did not work"</p>
                        <p>"Enter the code your authenticator app shows now, or one of your recovery codes."</p>
                    </div>
                })}
                <p class="hint" id="sso-code-hint">"You signed in with your identity provider. Your account also uses two-step sign-in: enter the 6 digits your authenticator app shows now, or a recovery code."</p>
                <div class="field">
                    <label for="sso-code">"Authenticator code"</label>
                    <input id="sso-code" name="code" type="text" autocomplete="one-time-code" required
                        maxlength="64" aria-describedby="sso-code-hint" />
                </div>
                <button type="submit" class="primary">"Continue"</button>
            </form>
            <p><a href=Route::Login.path()>"Start again"</a></p>
        </main>
    }
}

/// Where an invited person (or one whose password an admin reset) chooses a password. The
/// token comes in the link the admin passed on (`?token=`), or is pasted.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = RwSignal::new(query.with_untracked(|q| q.get("token")).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let mismatch = RwSignal::new(false);
    let accept = Action::new_local(move |request: &AcceptInviteRequest| {
        let request = request.clone();
        async move { api::accept_invite(&request).await }
    });
    let problem = Signal::derive(move || match accept.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let done = move || matches!(accept.value().get(), Some(Ok(())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (first, second) = (password.get_untracked(), again.get_untracked());
        mismatch.set(first != second);
        if first == second {
            accept.dispatch(AcceptInviteRequest {
                token: token.get_untracked().trim().to_owned(),
                password: first,
            });
        }
    };
    view! {
        <main class="login">
            <h1>"ConfiTrek"</h1>
            <Show when=done fallback=move || view! {
                <form on:submit=on_submit>
                    <h2>"Choose your password"</h2>
                    <p class="hint">"12 to 128 characters. A few words you will remember make a good one."</p>
                    <ProblemAlert problem shown_fields=&["password"] />
                    <div class="field">
                        <label for="token">"One-time token"</label>
                        <input id="token" type="text" autocomplete="off" required
                            prop:value=move || token.get()
                            on:input=move |ev| token.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="new-password">"New password"</label>
                        <input id="new-password" type="password" autocomplete="new-password" required
                            minlength="12" maxlength="128"
                            prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev)) />
                        {move || problem.get().and_then(|p| p.errors.into_iter().find(|e| e.field == "password"))
                            .map(|e| view! { <p class="field-error">{e.message}</p> })}
                    </div>
                    <div class="field">
                        <label for="password-again">"The same password again"</label>
                        <input id="password-again" type="password" autocomplete="new-password" required
                            prop:value=move || again.get()
                            on:input=move |ev| again.set(event_target_value(&ev)) />
                        <Show when=move || mismatch.get()>
                            <p class="field-error">"The two passwords differ."</p>
                        </Show>
                    </div>
                    <button type="submit" class="primary" disabled=move || accept.pending().get()>"Set password"</button>
                </form>
            }>
                <section role="status">
                    <h2>"Your password is set"</h2>
                    <p><a class="button primary" href=Route::Login.path()>"Sign in"</a></p>
                </section>
            </Show>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn providers_are_asked_for_once_the_address_has_a_whole_domain() {
        use super::typed_domain;
        assert_eq!(typed_domain("jane@County.gov"), Some("county.gov".into()));
        assert_eq!(typed_domain("jane@county"), None);
        assert_eq!(typed_domain("jane@.gov"), None);
        assert_eq!(typed_domain("jane"), None);
    }

    #[test]
    fn the_page_form_says_why_single_sign_on_failed_as_the_app_does() {
        let script = include_str!("../../boot.js");
        for code in [
            "no_email",
            "email_not_verified",
            "domain_not_allowed",
            "no_account",
            "account_disabled",
            "locked",
            "cancelled",
            "expired",
            "provider_unavailable",
            "rejected",
            "code_failed",
            "failed",
        ] {
            let message = confitrek_types::sso_error_message(code);
            let as_js = message.replace('\'', "\\'");
            assert!(
                script.contains(message) || script.contains(&as_js),
                "boot.js says for {code}: {message}"
            );
        }
    }

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
