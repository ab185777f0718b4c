//! How a failed call looks on every page: the problem's title and detail in an alert.

use confitrek_types::Problem;
use leptos::prelude::*;

use crate::api::ApiError;

/// Whether a field error is drawn by the form: its field is listed, or it is one item of a
/// listed list (`role_flags.2` under `role_flags`).
fn is_shown(shown_fields: &[&str], field: &str) -> bool {
    shown_fields.contains(&field)
        || field.rsplit_once('.').is_some_and(|(list, index)| {
            !index.is_empty()
                && index.bytes().all(|b| b.is_ascii_digit())
                && shown_fields.contains(&list)
        })
}

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
                .filter(|e| !is_shown(shown_fields, &e.field))
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

#[cfg(test)]
mod tests {
    use super::is_shown;

    #[test]
    fn errors_on_items_of_a_list_belong_to_the_list() {
        let shown = ["badge", "role_flags", "effect.days"];
        assert!(is_shown(&shown, "badge"));
        assert!(is_shown(&shown, "role_flags.0"));
        assert!(is_shown(&shown, "role_flags.12"));
        assert!(is_shown(&shown, "effect.days"));
        assert!(!is_shown(&shown, "role_flags.x"));
        assert!(!is_shown(&shown, "notes"));
        assert!(!is_shown(&shown, "effect.hours"));
    }
}
