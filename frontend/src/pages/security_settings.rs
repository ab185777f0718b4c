//! The "Sign-in security" section of `/settings` (admins): who needs two-step sign-in, how
//! long a lockout lasts, and how long sessions last.

use confitrek_types::{FieldProblem, Problem, SecuritySettings};
use leptos::prelude::*;

use crate::api::security as api;
use crate::components::fields::{FieldError, TextField, described_by, field_message};
use crate::components::problem::{ProblemAlert, load_error};

/// The form's text as the API's request, or the fields that are not whole numbers. A lock
/// that waits for an administrator is sent as no minutes; the server checks the ranges.
pub fn security_request(
    mfa_for_everyone: bool,
    lockout_minutes: &str,
    until_released: bool,
    idle_timeout_minutes: &str,
    session_hours: &str,
) -> Result<SecuritySettings, Vec<FieldProblem>> {
    let mut errors = Vec::new();
    let mut number = |field: &str, text: &str, what: &str| match text.trim().parse::<i32>() {
        Ok(n) => n,
        Err(_) => {
            errors.push(FieldProblem {
                field: field.into(),
                message: format!("must be a whole number of {what}"),
            });
            0
        }
    };
    let lockout = (!until_released).then(|| number("lockout_minutes", lockout_minutes, "minutes"));
    let idle = number("idle_timeout_minutes", idle_timeout_minutes, "minutes");
    let hours = number("session_hours", session_hours, "hours");
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SecuritySettings {
        mfa_for_everyone,
        lockout_minutes: lockout,
        idle_timeout_minutes: idle,
        session_hours: hours,
    })
}

#[component]
pub fn SecuritySettingsSection() -> impl IntoView {
    let settings = LocalResource::new(api::security_settings);
    let form = move || {
        Suspend::new(async move {
            settings
                .await
                .map(|settings| view! { <SecurityForm settings /> })
        })
    };
    view! {
        <section class="sign-in-security" aria-labelledby="sign-in-security-heading">
            <h2 id="sign-in-security-heading">"Sign-in security"</h2>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{form}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn SecurityForm(settings: SecuritySettings) -> impl IntoView {
    let everyone = RwSignal::new(settings.mfa_for_everyone);
    let until_released = RwSignal::new(settings.lockout_minutes.is_none());
    let lockout = RwSignal::new(settings.lockout_minutes.unwrap_or(15).to_string());
    let idle = RwSignal::new(settings.idle_timeout_minutes.to_string());
    let hours = RwSignal::new(settings.session_hours.to_string());
    let save = Action::new_local(move |request: &SecuritySettings| {
        let request = request.clone();
        async move { api::save_security_settings(&request).await }
    });
    let invalid = RwSignal::new(None::<Vec<FieldProblem>>);
    let problem = Signal::derive(move || {
        if let Some(errors) = invalid.get() {
            return Some(Problem::invalid_input(errors));
        }
        match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match security_request(
            everyone.get_untracked(),
            &lockout.get_untracked(),
            until_released.get_untracked(),
            &idle.get_untracked(),
            &hours.get_untracked(),
        ) {
            Ok(request) => {
                invalid.set(None);
                save.dispatch(request);
            }
            Err(errors) => invalid.set(Some(errors)),
        }
    };
    let confirmation = move || {
        matches!(save.value().get(), Some(Ok(_))).then(|| {
            view! { <p class="notice" role="status">"Saved. New sign-ins follow these settings."</p> }
        })
    };
    let lockout_message = field_message(problem, "lockout_minutes");
    view! {
        <form class="settings" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=&["mfa_for_everyone", "lockout_minutes", "idle_timeout_minutes", "session_hours"] />
            {confirmation}
            <div class="check setting-check">
                <input type="checkbox" id="mfa_for_everyone" prop:checked=move || everyone.get()
                    on:change=move |ev| everyone.set(event_target_checked(&ev)) />
                <label for="mfa_for_everyone">"Require two-step sign-in for everyone (admins and coordinators always need it)"</label>
            </div>
            <p class="hint">"Each login sets it up at its next sign-in: a code from an authenticator app on top of the password."</p>
            <div class="field" class:invalid=move || lockout_message.with(Option::is_some)>
                <label for="lockout_minutes">"Lock an account after 5 wrong passwords for (minutes)"</label>
                <p class="hint" id="hint-lockout_minutes">"1 to 1440 minutes, counting wrong passwords over 15 minutes."</p>
                <input id="lockout_minutes" name="lockout_minutes" type="number" min="1" max="1440"
                    disabled=move || until_released.get()
                    aria-invalid=move || lockout_message.with(Option::is_some).then_some("true")
                    aria-describedby=move || described_by("lockout_minutes", Some("hint-lockout_minutes"), lockout_message.with(Option::is_some))
                    prop:value=move || lockout.get()
                    on:input=move |ev| lockout.set(event_target_value(&ev)) />
                <FieldError name="lockout_minutes" message=lockout_message />
            </div>
            <div class="check setting-check">
                <input type="checkbox" id="lockout_until_released" prop:checked=move || until_released.get()
                    on:change=move |ev| until_released.set(event_target_checked(&ev)) />
                <label for="lockout_until_released">"Or until an administrator releases it"</label>
            </div>
            <TextField name="idle_timeout_minutes" label="End a session left unused after (minutes)"
                value=idle problem input_type="number" required=true hint="5 to 480 minutes." />
            <TextField name="session_hours" label="End every session after (hours)"
                value=hours problem input_type="number" required=true
                hint="1 to 24 hours, however busy the session." />
            <button type="submit" class="primary" disabled=move || save.pending().get()>"Save sign-in security"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_request_and_a_lock_until_released_has_no_minutes() {
        let request = security_request(true, " 30 ", false, "45", "8").expect("valid");
        assert_eq!(
            request,
            SecuritySettings {
                mfa_for_everyone: true,
                lockout_minutes: Some(30),
                idle_timeout_minutes: 45,
                session_hours: 8,
            }
        );
        let until_released = security_request(false, "not read", true, "30", "12").expect("valid");
        assert_eq!(until_released.lockout_minutes, None);
        let fields: Vec<String> = security_request(false, "ten", false, "", "2.5")
            .expect_err("not numbers")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["lockout_minutes", "idle_timeout_minutes", "session_hours"]
        );
    }
}
