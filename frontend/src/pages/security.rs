//! `/security`: the signed-in user's own sign-in — two-step sign-in (its state, setting it
//! up, the recovery codes shown once) and the sessions still open, to end.

use confitrek_types::{MfaEnrolment, MfaStatus, RecoveryCodes, SignInDto};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::security as api;
use crate::api::{self as client, ApiResult};
use crate::components::fields::TextField;
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::timestamp;
use crate::routes::Route;
use crate::session::Session;

#[component]
pub fn SecurityPage() -> impl IntoView {
    view! {
        <h1>"Sign-in & security"</h1>
        <TwoStepSignIn />
        <MySessions />
    }
}

fn status_lines(status: &MfaStatus) -> impl IntoView + use<> {
    let state = if status.enabled {
        view! { <span class="badge good">"On"</span> }
    } else {
        view! { <span class="badge warn">"Off"</span> }
    };
    let required = if status.required {
        "Required for your login."
    } else {
        "Optional for your login."
    };
    let left = status.enabled.then(|| {
        view! { <p>{format!("Recovery codes left: {}", status.recovery_codes_left)}</p> }
    });
    view! {
        <p>"Two-step sign-in: " {state} " " {required}</p>
        {left}
    }
}

#[component]
fn TwoStepSignIn() -> impl IntoView {
    let status = LocalResource::new(api::mfa_status);
    let content = move || {
        Suspend::new(async move {
            status.await.map(|status| {
                let enabled = status.enabled;
                view! {
                    {status_lines(&status)}
                    {(!enabled).then(|| view! { <SetUpTwoStep /> })}
                }
            })
        })
    };
    view! {
        <section class="two-step" aria-labelledby="two-step-heading">
            <h2 id="two-step-heading">"Two-step sign-in"</h2>
            <p class="hint">"Besides your password, signing in asks for a code from an authenticator app on your phone, so a stolen password is not enough."</p>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{content}</ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Setting it up: a new secret (QR code and text), the app's code to confirm it, then the
/// recovery codes, shown this once.
#[component]
fn SetUpTwoStep() -> impl IntoView {
    let start = Action::new_local(|_: &()| api::start_mfa());
    let code = RwSignal::new(String::new());
    let confirm = Action::new_local(|code: &String| {
        let code = code.clone();
        async move { api::confirm_mfa(&code).await }
    });
    let problem = Signal::derive(move || {
        if let Some(Err(e)) = confirm.value().get() {
            return Some(e.into_problem());
        }
        match start.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        }
    });
    let enrolment = move || start.value().get().and_then(Result::ok);
    let codes = move || confirm.value().get().and_then(Result::ok);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        confirm.dispatch(code.get_untracked());
    };
    move || {
        if let Some(codes) = codes() {
            return view! { <RecoveryCodesOnce codes /> }.into_any();
        }
        match enrolment() {
            Some(enrolment) => view! {
                <EnrolmentSecret enrolment />
                <form class="confirm-two-step" on:submit=on_submit novalidate>
                    <ProblemAlert problem shown_fields=&["code"] />
                    <TextField name="code" label="Code from the app" value=code problem
                        autocomplete="one-time-code" required=true
                        hint="The 6 digits the app shows for ConfiTrek now." />
                    <button type="submit" class="primary" disabled=move || confirm.pending().get()>"Turn on"</button>
                </form>
            }
            .into_any(),
            None => view! {
                <ProblemAlert problem />
                <button type="button" class="primary" disabled=move || start.pending().get()
                    on:click=move |_| { start.dispatch(()); }>
                    "Set up two-step sign-in"
                </button>
            }
            .into_any(),
        }
    }
}

/// The QR code comes from our own server as an SVG document (shapes only, no script).
#[component]
fn EnrolmentSecret(enrolment: MfaEnrolment) -> impl IntoView {
    view! {
        <ol class="steps">
            <li>"Open your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…) and add an account."</li>
            <li>"Scan this QR code with it."</li>
        </ol>
        <figure class="qr">
            <div role="img" aria-label="QR code for your authenticator app" inner_html=enrolment.qr_svg></div>
            <figcaption>
                "Can't scan? Enter this key: " <code class="secret" id="mfa-secret">{enrolment.secret}</code>
            </figcaption>
        </figure>
    }
}

/// Shown once; "Done" reloads who is signed in, which lets a login that had to set this up
/// into the rest of the app.
#[component]
fn RecoveryCodesOnce(codes: RecoveryCodes) -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let done = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let me = client::me().await?;
            let landing = Route::landing(&me).path();
            session.sign_in(me);
            navigate(&landing, Default::default());
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match done.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    view! {
        <section class="recovery-codes" role="status" aria-labelledby="recovery-heading">
            <h3 id="recovery-heading">"Two-step sign-in is on"</h3>
            <p>"Save these recovery codes now: each signs in once if you lose your phone. They are not shown again."</p>
            <ul class="codes" aria-label="Recovery codes">
                {codes.recovery_codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <ProblemAlert problem />
            <button type="button" class="primary" disabled=move || done.pending().get()
                on:click=move |_| { done.dispatch(()); }>"Done"</button>
        </section>
    }
}

#[component]
fn MySessions() -> impl IntoView {
    let sessions = LocalResource::new(api::my_sessions);
    let end = Action::new_local(move |which: &Option<uuid::Uuid>| {
        let which = *which;
        async move {
            match which {
                Some(id) => api::end_session(id).await?,
                None => api::end_other_sessions().await?,
            }
            sessions.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match end.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let list = move || {
        Suspend::new(async move {
            sessions.await.map(|list| {
                let others = list.iter().any(|s| !s.current);
                let rows = list
                    .into_iter()
                    .map(|s| view! { <SessionRow session=s end /> })
                    .collect_view();
                view! {
                    <table class="sign-ins stacked">
                        <caption class="visually-hidden">"Your sessions"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Device"</th>
                                <th scope="col">"Signed in"</th>
                                <th scope="col">"Last active"</th>
                                <th scope="col">"Ends"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {others.then(|| view! {
                        <button type="button" disabled=move || end.pending().get()
                            on:click=move |_| { end.dispatch(None); }>"Sign out everywhere else"</button>
                    })}
                }
            })
        })
    };
    view! {
        <section class="my-sessions" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Your sessions"</h2>
            <p class="hint">"Each browser or app signed in to your account. Sign out one you do not recognise, and change your password."</p>
            <ProblemAlert problem />
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn SessionRow(session: SignInDto, end: Action<Option<uuid::Uuid>, ApiResult<()>>) -> impl IntoView {
    let id = session.id;
    let action = if session.current {
        view! { <span class="badge neutral">"This session"</span> }.into_any()
    } else {
        let device = format!(" {}", session.device);
        view! {
            <button type="button" disabled=move || end.pending().get()
                on:click=move |_| { end.dispatch(Some(id)); }>
                "Sign out" <span class="visually-hidden">{device}</span>
            </button>
        }
        .into_any()
    };
    view! {
        <tr class:current=session.current>
            <th scope="row" data-label="Device">{session.device}</th>
            <td data-label="Signed in">{timestamp(session.created_at)}</td>
            <td data-label="Last active">{timestamp(session.last_seen_at)}</td>
            <td data-label="Ends">{timestamp(session.expires_at)}</td>
            <td>{action}</td>
        </tr>
    }
}
