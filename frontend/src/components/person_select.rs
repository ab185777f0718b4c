//! A `<select>` of the people on the roster, for fields that point at a person (a
//! supervisor, the person a login belongs to), so nobody has to type an id.

use confitrek_types::{PersonDto, Problem};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult, RosterFilter};
use crate::components::fields::field_message;
use crate::format;

/// Enough for any agency we serve today; past it the select would need a search box.
const MAX_PAGES: usize = 20;

/// Every person on the roster the caller may see, page after page.
pub async fn whole_roster() -> ApiResult<Vec<PersonDto>> {
    let filter = RosterFilter::default();
    let mut people = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = api::people(&filter, cursor.as_deref()).await?;
        people.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(people)
}

/// `value` holds the chosen person's id as text, empty for nobody.
#[component]
pub fn PersonSelect(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] problem: Signal<Option<Problem>>,
    /// The person being edited, who cannot be picked for himself or herself.
    #[prop(default = None)]
    exclude: Option<Uuid>,
) -> impl IntoView {
    let message = field_message(problem, name);
    let roster = LocalResource::new(whole_roster);
    let options = move || {
        let chosen = value.get_untracked();
        let people = match roster.get() {
            Some(Ok(people)) => people,
            _ => Vec::new(),
        };
        let mut options: Vec<(String, String)> = people
            .into_iter()
            .filter(|p| Some(p.id) != exclude)
            .map(|p| (p.id.to_string(), format::person_choice(&p)))
            .collect();
        // Keep the current choice even when the list could not be loaded.
        if !chosen.is_empty() && !options.iter().any(|(id, _)| *id == chosen) {
            options.insert(0, (chosen.clone(), chosen));
        }
        options
            .into_iter()
            .map(|(id, text)| {
                let selected_id = id.clone();
                view! { <option value=id selected=move || value.get() == selected_id>{text}</option> }
            })
            .collect_view()
    };
    let load_failed = move || {
        matches!(roster.get(), Some(Err(_)))
            .then_some(view! { <p class="hint">"The roster could not be loaded."</p> })
    };
    view! {
        <div class="field" class:invalid=move || message.with(Option::is_some)>
            <label for=name>{label}</label>
            <select
                id=name
                name=name
                aria-invalid=move || message.with(Option::is_some).then_some("true")
                aria-describedby=move || message.with(Option::is_some).then(|| format!("error-{name}"))
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" selected=move || value.get().is_empty()>"— None —"</option>
                {options}
            </select>
            {load_failed}
            <p id=format!("error-{name}") class="field-error" hidden=move || message.with(Option::is_none)>
                {move || message.get()}
            </p>
        </div>
    }
}
