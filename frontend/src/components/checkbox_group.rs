//! A group of labelled checkboxes for a field that is a list (role flags, the requirements of
//! a profile, the units it is assigned to).
//!
//! The API reports a bad item by its place in the list it was sent (`role_flags.1`); the form
//! keeps the list it sent so the message can name the item.

use confitrek_types::Problem;
use leptos::prelude::*;

use crate::components::fields::error_id;

/// The messages for the group: `name` itself and every `name.N`, naming the item that was
/// sent in place N when it is known. `label` gives an item's label from its value.
pub fn messages(
    problem: &Problem,
    name: &str,
    sent: &[String],
    label: impl Fn(&str) -> String,
) -> Vec<String> {
    let prefix = format!("{name}.");
    problem
        .errors
        .iter()
        .filter_map(|e| {
            if e.field == name {
                return Some(e.message.clone());
            }
            let index: usize = e.field.strip_prefix(&prefix)?.parse().ok()?;
            Some(match sent.get(index) {
                Some(item) => format!("“{}” {}", label(item), e.message),
                None => e.message.clone(),
            })
        })
        .collect()
}

/// `choices` are (value, label) pairs; a value chosen when the form opened but missing from
/// them is still shown, with its value as its label, so that saving never drops it.
#[component]
pub fn CheckboxGroup(
    /// The field's name in the API, as in `TextField`.
    name: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into)] choices: Signal<Vec<(String, String)>>,
    /// The chosen values, as the API spells them.
    value: RwSignal<Vec<String>>,
    /// The list of the last request sent, to name the item a `name.N` error is about.
    sent: RwSignal<Vec<String>>,
    #[prop(into)] problem: Signal<Option<Problem>>,
) -> impl IntoView {
    // What was chosen when the form opened stays on offer, even unchecked.
    let initial = value.get_untracked();
    let shown = Memo::new(move |_| {
        let mut all = choices.get();
        for chosen in &initial {
            if !all.iter().any(|(v, _)| v == chosen) {
                all.push((chosen.clone(), chosen.clone()));
            }
        }
        all
    });
    let errors = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| {
                    sent.with(|sent| {
                        shown.with(|shown| {
                            messages(p, name, sent, |item| {
                                shown
                                    .iter()
                                    .find(|(v, _)| v == item)
                                    .map_or_else(|| item.to_owned(), |(_, l)| l.clone())
                            })
                        })
                    })
                })
                .unwrap_or_default()
        })
    });
    let invalid = move || errors.with(|e| !e.is_empty());
    let hint_id = format!("hint-{name}");
    let described_by = {
        let hint_id = hint_id.clone();
        move || {
            let ids: Vec<String> = hint
                .map(|_| hint_id.clone())
                .into_iter()
                .chain(invalid().then(|| error_id(name)))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let boxes = move || {
        shown
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (item, label))| {
                let id = format!("{name}-{i}");
                let checked = {
                    let item = item.clone();
                    move || value.with(|v| v.contains(&item))
                };
                let toggle = move |ev| {
                    let on = event_target_checked(&ev);
                    value.update(|v| {
                        v.retain(|x| *x != item);
                        if on {
                            v.push(item.clone());
                        }
                    });
                };
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle
                            aria-invalid=move || invalid().then_some("true") />
                        <label for=id>{label}</label>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="checks" class:invalid=invalid aria-describedby=described_by>
            <legend>{legend}</legend>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {boxes}
            <div id=error_id(name) class="field-error" hidden=move || !invalid()>
                {move || errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use confitrek_types::FieldProblem;

    fn problem(errors: &[(&str, &str)]) -> Problem {
        Problem {
            kind: "urn:confitrek:problem:validation".into(),
            title: "Invalid input".into(),
            status: 422,
            detail: None,
            request_id: None,
            errors: errors
                .iter()
                .map(|(field, message)| FieldProblem {
                    field: (*field).into(),
                    message: (*message).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn an_error_on_one_item_names_the_item_sent_in_its_place() {
        let problem = problem(&[
            (
                "requirement_codes.1",
                "is not one of the agency's requirements",
            ),
            ("requirement_codes", "choose at least one"),
            ("requirement_codes.x", "ignored: not an index"),
            ("name", "is required"),
        ]);
        let sent = vec!["agency.taser".to_owned(), "agency.gone".to_owned()];
        assert_eq!(
            messages(&problem, "requirement_codes", &sent, |c| c.to_uppercase()),
            vec![
                "“AGENCY.GONE” is not one of the agency's requirements",
                "choose at least one"
            ]
        );
    }

    #[test]
    fn a_nested_list_is_matched_by_its_whole_name() {
        let problem = problem(&[
            ("assignment.role_flags.0", "must be one of: sro"),
            ("role_flags.0", "belongs to another field"),
        ]);
        let sent = vec!["chief".to_owned()];
        assert_eq!(
            messages(&problem, "assignment.role_flags", &sent, str::to_owned),
            vec!["“chief” must be one of: sro"]
        );
    }
}
