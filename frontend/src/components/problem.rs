//! How a failed call looks on every page: the problem's title and detail in an alert.

use confitrek_types::Problem;
use leptos::prelude::*;

use crate::api::ApiError;

/// The problem at the top of a form or page. Field errors that belong to a field shown on
/// the form (`shown_fields`) are left to that field; any others are listed here so nothing
/// the server said is lost.
#[component]
pub fn ProblemAlert(
    #[prop(into)] problem: Signal<Option<Problem>>,
    #[prop(optional)] shown_fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        problem.get().map(|p| {
            let others: Vec<_> = p
                .errors
                .iter()
                .filter(|e| !shown_fields.contains(&e.field.as_str()))
                .map(|e| view! { <li>{format!("{}: {}", e.field, e.message)}</li> })
                .collect();
            let hint = (!p.errors.is_empty() && others.is_empty())
                .then_some(view! { <p>"Please correct the fields marked below."</p> });
            view! {
                <div class="alert" role="alert">
                    <p class="alert-title">{p.title.clone()}</p>
                    {p.detail.clone().map(|d| view! { <p>{d}</p> })}
                    {hint}
                    {(!others.is_empty()).then(|| view! { <ul>{others}</ul> })}
                </div>
            }
        })
    }
}

/// The `<ErrorBoundary>` fallback used by pages that load data.
pub fn load_error(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || {
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, e)| {
                    let text = match e.downcast_ref::<ApiError>() {
                        Some(api) if api.status() == 403 => {
                            "You do not have access to this page.".to_owned()
                        }
                        Some(api) if api.status() == 404 => "Not found.".to_owned(),
                        _ => e.to_string(),
                    };
                    view! { <p>{text}</p> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="alert" role="alert">
            {messages}
        </div>
    }
}
