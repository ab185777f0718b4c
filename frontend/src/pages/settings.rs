//! `/settings`: an agency admin's settings — when a shortfall shows as at risk, the time
//! zone whose calendar the agency's deadlines follow, and how its logins sign in.

use confitrek_types::{AgencyDto, AgencySettings, FieldProblem, Problem};
use leptos::prelude::*;

use crate::api::{self, ApiResult};
use crate::components::export_download::ExportDownload;
use crate::components::fields::{SelectField, TextField};
use crate::components::problem::{ProblemAlert, load_error};
use crate::pages::security_settings::SecuritySettingsSection;

/// Zones of the states ConfiTrek has rules for, offered first; any IANA name is accepted.
const ZONES: [&str; 6] = [
    "America/Chicago",
    "America/Indiana/Indianapolis",
    "America/Indiana/Knox",
    "America/New_York",
    "America/Los_Angeles",
    "America/Boise",
];

/// The form's text as the API's request; `None` when the number is not one. An ORI is sent
/// as typed (an empty one removes it); `None` leaves it as it is.
pub fn settings_request(
    at_risk_days: &str,
    time_zone: &str,
    count_unverified: bool,
    ori: Option<&str>,
) -> Option<AgencySettings> {
    let days = at_risk_days.trim().parse::<u16>().ok()?;
    let zone = time_zone.trim();
    Some(AgencySettings {
        at_risk_days: days,
        time_zone: (!zone.is_empty()).then(|| zone.to_owned()),
        count_unverified: Some(count_unverified),
        ori: ori.map(|o| o.trim().to_uppercase()),
        fiscal_year_start_month: None,
    })
}

/// The months a fiscal year may start in, as the form offers them.
const MONTHS: [(&str, &str); 12] = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
];

#[component]
pub fn SettingsPage() -> impl IntoView {
    let agency = LocalResource::new(api::current_agency);
    let form = move || {
        Suspend::new(async move { agency.await.map(|agency| view! { <SettingsForm agency /> }) })
    };
    view! {
        <h1>"Agency settings"</h1>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{form}</ErrorBoundary>
        </Transition>
        <SecuritySettingsSection />
        <ExportDownload />
    }
}

#[component]
fn SettingsForm(agency: AgencyDto) -> impl IntoView {
    let at_risk_days = RwSignal::new(agency.at_risk_days.to_string());
    let time_zone = RwSignal::new(agency.time_zone.clone());
    let count_unverified = RwSignal::new(agency.count_unverified);
    // The ORI matters only to the federal use-of-force export.
    let uof = agency.modules.iter().any(|m| m == "uof");
    let ori = RwSignal::new(agency.ori.clone().unwrap_or_default());
    let fiscal_month = RwSignal::new(agency.fiscal_year_start_month.to_string());
    let saved = RwSignal::new(Some(agency));
    let save = Action::new_local(move |request: &AgencySettings| {
        let request = request.clone();
        async move {
            let updated = api::update_settings(&request).await?;
            saved.set(Some(updated.clone()));
            ApiResult::Ok(updated)
        }
    });
    let invalid_number = RwSignal::new(false);
    let problem = Signal::derive(move || {
        if invalid_number.get() {
            return Some(Problem::invalid_input(vec![FieldProblem {
                field: "at_risk_days".into(),
                message: "must be a whole number of days from 1 to 365".into(),
            }]));
        }
        match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match settings_request(
            &at_risk_days.get_untracked(),
            &time_zone.get_untracked(),
            count_unverified.get_untracked(),
            uof.then(|| ori.get_untracked()).as_deref(),
        ) {
            Some(mut request) => {
                request.fiscal_year_start_month = fiscal_month.get_untracked().parse().ok();
                invalid_number.set(false);
                save.dispatch(request);
            }
            None => invalid_number.set(true),
        }
    };
    let confirmation = move || {
        matches!(save.value().get(), Some(Ok(_))).then(|| {
            view! { <p class="notice" role="status">"Saved. Every person's status was checked again with these settings."</p> }
        })
    };
    let today = move || {
        saved.get().map(|a| {
            view! {
                <p>"Today in " {a.time_zone.clone()} " is " <strong>{a.today.to_string()}</strong>
                   ": verdicts and deadlines follow this calendar."</p>
            }
        })
    };
    view! {
        <form class="settings" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=&["at_risk_days", "time_zone", "ori", "fiscal_year_start_month"] />
            {confirmation}
            <TextField name="at_risk_days" label="At-risk window (days)" value=at_risk_days problem
                input_type="number" required=true
                hint="A requirement not yet met shows as at risk this many days before its deadline (1 to 365)." />
            <TextField name="time_zone" label="Time zone" value=time_zone problem list="zones"
                hint="An IANA name such as America/Chicago. \"Today\" for every verdict is today in this zone." />
            <datalist id="zones">{ZONES.map(|z| view! { <option value=z></option> }).collect_view()}</datalist>
            {today}
            <div class="check setting-check">
                <input type="checkbox" id="count_unverified" prop:checked=move || count_unverified.get()
                    on:change=move |ev| count_unverified.set(event_target_checked(&ev)) />
                <label for="count_unverified">"Count hours not yet verified"</label>
            </div>
            <p class="hint">"By default only training the training office has verified counts toward verdicts. Ticked, self-reported training counts while it waits (rejected training never counts)."</p>
            {uof.then(|| view! {
                <TextField name="ori" label="ORI" value=ori problem
                    hint="The agency's 9-character Originating Agency Identifier (e.g. MN0270100), named in the federal use-of-force export." />
            })}
            <SelectField name="fiscal_year_start_month" label="Fiscal year starts in" value=fiscal_month
                options=MONTHS.to_vec() problem
                hint="Budgets are per fiscal year, named by the year it ends in (FY2027 starts July 1, 2026 when the year starts in July)." />
            <button type="submit" class="primary" disabled=move || save.pending().get()>"Save settings"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_request_and_an_empty_zone_keeps_the_current_one() {
        let request =
            settings_request(" 30 ", "America/Chicago", true, Some(" mn0270100 ")).expect("valid");
        assert_eq!(request.ori.as_deref(), Some("MN0270100"));
        assert_eq!(request.at_risk_days, 30);
        assert_eq!(request.time_zone.as_deref(), Some("America/Chicago"));
        assert_eq!(request.count_unverified, Some(true));
        assert_eq!(
            settings_request("45", "  ", false, None)
                .expect("valid")
                .time_zone,
            None
        );
        assert!(settings_request("thirty", "UTC", false, None).is_none());
        assert!(settings_request("-3", "UTC", false, None).is_none());
    }
}
