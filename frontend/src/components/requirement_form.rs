//! The one form that creates and edits an agency requirement. Topics and events are those
//! of the agency's state, whose rules the requirement sits beside.

use confitrek_types::{JurisdictionDetail, Problem};
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::Value;

use crate::agency_rules::requirement::{FIELDS, MEASURES, MONTHS, PERIODS, RequirementFields};
use crate::api::{self, ApiResult};
use crate::components::checkbox_group::CheckboxGroup;
use crate::components::fields::{SelectField, TextField};
use crate::components::problem::ProblemAlert;
use crate::components::role_flags::RoleFlagsField;
use crate::routes::Route;
use crate::session::Session;

/// The form's values, one signal per input.
#[derive(Clone, Copy)]
struct Draft {
    code: RwSignal<String>,
    title: RwSignal<String>,
    citations: RwSignal<String>,
    measure: RwSignal<String>,
    topics: RwSignal<Vec<String>>,
    minimum_hours: RwSignal<String>,
    event: RwSignal<String>,
    credential_type: RwSignal<String>,
    period: RwSignal<String>,
    months: RwSignal<String>,
    start_month: RwSignal<String>,
    roles_any: RwSignal<Vec<String>>,
}

impl Draft {
    fn of(f: RequirementFields) -> Self {
        Draft {
            code: RwSignal::new(f.code),
            title: RwSignal::new(f.title),
            citations: RwSignal::new(f.citations),
            measure: RwSignal::new(f.measure),
            topics: RwSignal::new(f.topics),
            minimum_hours: RwSignal::new(f.minimum_hours),
            event: RwSignal::new(f.event),
            credential_type: RwSignal::new(f.credential_type),
            period: RwSignal::new(f.period),
            months: RwSignal::new(f.months),
            start_month: RwSignal::new(f.start_month),
            roles_any: RwSignal::new(f.roles_any),
        }
    }

    fn read(self) -> RequirementFields {
        RequirementFields {
            code: self.code.get_untracked(),
            title: self.title.get_untracked(),
            citations: self.citations.get_untracked(),
            measure: self.measure.get_untracked(),
            topics: self.topics.get_untracked(),
            minimum_hours: self.minimum_hours.get_untracked(),
            event: self.event.get_untracked(),
            credential_type: self.credential_type.get_untracked(),
            period: self.period.get_untracked(),
            months: self.months.get_untracked(),
            start_month: self.start_month.get_untracked(),
            roles_any: self.roles_any.get_untracked(),
        }
    }
}

/// The agency's state's rules, for their topics and events.
async fn own_jurisdiction(code: Option<String>) -> ApiResult<JurisdictionDetail> {
    let code = match code {
        Some(code) => code,
        None => api::current_agency().await?.state_code,
    };
    api::jurisdiction(&code).await
}

/// The kinds the form offers, and a stored kind it does not offer, kept as it is.
fn kinds(offered: &[(&str, &str)], current: &str) -> Vec<(String, String)> {
    let mut kinds: Vec<(String, String)> = offered
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect();
    if !current.is_empty() && !kinds.iter().any(|(v, _)| v == current) {
        kinds.push((
            current.to_owned(),
            format!("As stored ({})", current.replace('_', " ")),
        ));
    }
    kinds
}

/// `save` sends the document; the page decides what follows a success. `original` is the
/// stored document when editing: what the form does not show is kept from it.
#[component]
pub fn RequirementForm(
    initial: RequirementFields,
    #[prop(optional)] original: Option<Value>,
    save: Action<Value, ApiResult<()>>,
    submit_label: &'static str,
) -> impl IntoView {
    let measures = Signal::stored(kinds(&MEASURES, &initial.measure));
    let periods = Signal::stored(kinds(&PERIODS, &initial.period));
    let draft = Draft::of(initial);
    let state_code = Session::get()
        .me()
        .and_then(|me| me.agency.map(|a| a.state_code));
    let rules = LocalResource::new(move || own_jurisdiction(state_code.clone()));
    let topics = Signal::derive(move || {
        rules
            .get()
            .and_then(Result::ok)
            .map(|r| r.topics.into_iter().map(|t| (t.code, t.title)).collect())
            .unwrap_or_default()
    });
    let events = Signal::derive(move || {
        let mut events = vec![(String::new(), "— Choose an event —".to_owned())];
        if let Some(Ok(r)) = rules.get() {
            events.extend(r.events.into_iter().map(|t| (t.code, t.title)));
        }
        events
    });
    let rules_failed = move || {
        matches!(rules.get(), Some(Err(_))).then_some(view! {
            <p class="hint">"The topics and events of your state's rules could not be loaded."</p>
        })
    };

    let sent_topics = RwSignal::new(Vec::<String>::new());
    let sent_roles = RwSignal::new(Vec::<String>::new());
    let local_problem = RwSignal::new(None::<Problem>);
    let problem = Signal::derive(move || {
        local_problem.get().or_else(|| match save.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let fields = draft.read();
        match fields.to_document(original.as_ref()) {
            Ok(document) => {
                local_problem.set(None);
                sent_topics.set(fields.topics.clone());
                sent_roles.set(fields.roles_any.clone());
                save.dispatch(document);
            }
            Err(errors) => local_problem.set(Some(Problem::invalid_input(errors))),
        }
    };
    let measure_is = move |kind: &'static str| move || draft.measure.get() == kind;
    let period_is = move |kind: &'static str| move || draft.period.get() == kind;
    view! {
        <form class="requirement-form" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=FIELDS />
            <fieldset>
                <legend>"Requirement"</legend>
                <TextField name="title" label="Title" value=draft.title problem required=true
                    hint="Names it in lists and in what people are told they still need." />
                <TextField name="id" label="Code" value=draft.code problem required=true autocomplete="off"
                    hint="A short code that reports and waivers refer to, e.g. agency.k9_hours." />
                <TextField name="citations" label="Policy cited" value=draft.citations problem required=true
                    hint="The agency's policy or order that sets it, e.g. Policy 312. Separate several with a semicolon." />
            </fieldset>
            <fieldset>
                <legend>"What must be done"</legend>
                <SelectField name="measure.kind" label="Measure" value=draft.measure options=measures problem />
                <Show when=measure_is("hours")>
                    <TextField name="measure.minimum_hours" label="Minimum hours" value=draft.minimum_hours
                        problem input_type="number" required=true />
                    <CheckboxGroup name="measure.topics" legend="Topics" choices=topics value=draft.topics
                        sent=sent_topics problem
                        hint="Hours in any chosen topic count. None chosen: hours in every topic count." />
                </Show>
                <Show when=measure_is("event")>
                    <SelectField name="measure.event" label="Event" value=draft.event options=events problem
                        hint="A training record marks the event done, e.g. a firearms qualification." />
                </Show>
                <Show when=measure_is("credential")>
                    <TextField name="measure.credential_type" label="Credential" value=draft.credential_type
                        problem required=true hint="The type of credential, e.g. taser." />
                </Show>
                {rules_failed}
            </fieldset>
            <fieldset>
                <legend>"How often"</legend>
                <SelectField name="period.kind" label="Period" value=draft.period options=periods problem
                    hint="A credential is usually required at all times; a qualification once every 12 months." />
                <Show when=period_is("fiscal_year")>
                    <SelectField name="period.start_month" label="Fiscal year starts in" value=draft.start_month
                        options=MONTHS.to_vec() problem />
                </Show>
                <Show when=period_is("rolling")>
                    <TextField name="period.months" label="Every how many months" value=draft.months problem
                        input_type="number" required=true />
                </Show>
            </fieldset>
            <RoleFlagsField name="applies.roles_any" legend="Applies to roles" value=draft.roles_any
                sent=sent_roles problem
                hint="Only people with one of these roles. None chosen: everyone a training profile assigns it to." />
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { submit_label }}
                </button>
                <A href=Route::Requirements.path() attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}
