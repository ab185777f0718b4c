//! `/notification-settings`: an agency admin chooses the reminder lead times and which kinds
//! of notification are sent.

use confitrek_types::{
    NotificationKind, NotificationKindSetting, NotificationSettingsDto, NotificationSettingsInput,
};
use leptos::prelude::*;

use crate::api::notifications as api;
use crate::components::fields::TextField;
use crate::components::problem::{ProblemAlert, load_error};

/// "90, 30, 7" as numbers; the server checks the range and that they are distinct. A word
/// that is not a number is sent as 0 so the server names the field.
pub fn lead_days(text: &str) -> Vec<i64> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().unwrap_or(0))
        .collect()
}

#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    let settings = LocalResource::new(api::settings);
    let form = move || {
        Suspend::new(async move {
            settings
                .await
                .map(|settings| view! { <SettingsForm settings /> })
        })
    };
    view! {
        <h1>"Notification settings"</h1>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{form}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn SettingsForm(settings: NotificationSettingsDto) -> impl IntoView {
    let days = RwSignal::new(
        settings
            .lead_days
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    );
    let kinds: Vec<(NotificationKind, RwSignal<bool>)> = settings
        .kinds
        .iter()
        .map(|k| (k.kind, RwSignal::new(k.enabled)))
        .collect();
    let save = Action::new_local(move |input: &NotificationSettingsInput| {
        let input = input.clone();
        async move { api::save_settings(&input).await }
    });
    let problem = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let submitted = kinds.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(NotificationSettingsInput {
            lead_days: lead_days(&days.get_untracked()),
            kinds: submitted
                .iter()
                .map(|(kind, on)| NotificationKindSetting {
                    kind: *kind,
                    enabled: on.get_untracked(),
                })
                .collect(),
        });
    };
    let confirmation = move || {
        matches!(save.value().get(), Some(Ok(_)))
            .then(|| view! { <p class="notice" role="status">"Saved. The next pass follows these settings."</p> })
    };
    let checks = kinds
        .into_iter()
        .map(|(kind, on)| {
            let id = format!("kind-{kind}");
            view! {
                <div class="check setting-check">
                    <input type="checkbox" id=id.clone() prop:checked=move || on.get()
                        on:change=move |ev| on.set(event_target_checked(&ev)) />
                    <label for=id>{kind.label()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="settings" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=&["lead_days"] />
            {confirmation}
            <TextField name="lead_days" label="Reminder lead times (days)" value=days problem
                hint="Days before a deadline or an expiry when a reminder is sent, separated by commas: 1 to 365, at most six, e.g. 90, 30, 7." />
            <fieldset>
                <legend>"What is sent"</legend>
                {checks}
            </fieldset>
            <button type="submit" class="primary" disabled=move || save.pending().get()>"Save"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_times_are_read_from_a_comma_separated_list() {
        assert_eq!(lead_days("90, 30, 7"), vec![90, 30, 7]);
        assert_eq!(lead_days(" 14 "), vec![14]);
        assert_eq!(lead_days(""), Vec::<i64>::new());
        assert_eq!(lead_days("ten"), vec![0], "the server names the field");
        assert_eq!(
            NotificationKind::WeeklyDigest.label(),
            "The weekly digest for coordinators and admins"
        );
    }
}
