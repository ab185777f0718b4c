//! A person's role flags as a group of labelled checkboxes. The flags decide which
//! requirements apply (an SRO course, a supervisor's training), so the group says so.
//!
//! The API reports a bad flag by its place in the list it was sent (`role_flags.1`); the form
//! keeps the list it sent so the message can name the flag.

use confitrek_types::Problem;
use leptos::prelude::*;

use crate::format::{ROLE_FLAGS, role_flag_label};

/// The flags in the order the API documents them; any flag this app does not know after them,
/// so that saving a person never drops one.
pub fn in_canonical_order(mut flags: Vec<String>) -> Vec<String> {
    let rank = |flag: &String| {
        ROLE_FLAGS
            .iter()
            .position(|(value, _)| value == flag)
            .unwrap_or(ROLE_FLAGS.len())
    };
    flags.sort_by_key(rank);
    flags.dedup();
    flags
}

/// The messages for the group: `role_flags` itself and every `role_flags.N`, named by the
/// flag that was sent in place N when it is known.
fn messages(problem: &Problem, sent: &[String]) -> Vec<String> {
    problem
        .errors
        .iter()
        .filter_map(|e| {
            if e.field == "role_flags" {
                return Some(e.message.clone());
            }
            let index: usize = e.field.strip_prefix("role_flags.")?.parse().ok()?;
            Some(match sent.get(index) {
                Some(flag) => format!("“{}” {}", role_flag_label(flag), e.message),
                None => e.message.clone(),
            })
        })
        .collect()
}

#[component]
pub fn RoleFlagsField(
    /// The chosen flags, as the API spells them.
    value: RwSignal<Vec<String>>,
    /// The flags of the last request sent, to name the flag a `role_flags.N` error is about.
    sent: RwSignal<Vec<String>>,
    #[prop(into)] problem: Signal<Option<Problem>>,
) -> impl IntoView {
    let errors = Memo::new(move |_| {
        problem.with(|p| {
            p.as_ref()
                .map(|p| sent.with(|sent| messages(p, sent)))
                .unwrap_or_default()
        })
    });
    let invalid = move || errors.with(|e| !e.is_empty());
    let mut choices: Vec<(String, String)> = ROLE_FLAGS
        .iter()
        .map(|(v, label)| ((*v).to_owned(), (*label).to_owned()))
        .collect();
    for flag in value.get_untracked() {
        if !choices.iter().any(|(v, _)| *v == flag) {
            let label = role_flag_label(&flag);
            choices.push((flag, label));
        }
    }
    let boxes = choices
        .into_iter()
        .map(|(flag, label)| {
            let id = format!("role_flags-{flag}");
            let checked = {
                let flag = flag.clone();
                move || value.with(|v| v.contains(&flag))
            };
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                value.update(|v| {
                    v.retain(|f| *f != flag);
                    if on {
                        v.push(flag.clone());
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
        .collect_view();
    view! {
        <fieldset
            class="role-flags"
            class:invalid=invalid
            aria-describedby=move || {
                if invalid() { "hint-role_flags error-role_flags" } else { "hint-role_flags" }
            }
        >
            <legend>"Roles"</legend>
            <p class="hint" id="hint-role_flags">"Roles decide which requirements apply."</p>
            {boxes}
            <div id="error-role_flags" class="field-error" hidden=move || !invalid()>
                {move || errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use confitrek_types::FieldProblem;

    #[test]
    fn flags_are_sent_in_the_documented_order_with_unknown_ones_kept() {
        let flags = vec![
            "sro".into(),
            "pilot".into(),
            "part_time".into(),
            "sro".into(),
        ];
        assert_eq!(in_canonical_order(flags), vec!["part_time", "sro", "pilot"]);
    }

    #[test]
    fn an_error_on_one_flag_names_the_flag_sent_in_its_place() {
        let problem = Problem {
            kind: "urn:confitrek:problem:validation".into(),
            title: "Invalid input".into(),
            status: 422,
            detail: None,
            request_id: None,
            errors: vec![
                FieldProblem {
                    field: "role_flags.1".into(),
                    message: "must be one of: part_time, reserve".into(),
                },
                FieldProblem {
                    field: "badge".into(),
                    message: "is required".into(),
                },
            ],
        };
        let sent = vec!["reserve".to_owned(), "pilot".to_owned()];
        assert_eq!(
            messages(&problem, &sent),
            vec!["“pilot” must be one of: part_time, reserve"]
        );
    }
}
