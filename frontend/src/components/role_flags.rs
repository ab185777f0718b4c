//! Role flags as a group of labelled checkboxes. The flags decide which requirements apply
//! (an SRO course, a supervisor's training), so the group says so.

use confitrek_types::Problem;
use leptos::prelude::*;

use crate::components::checkbox_group::CheckboxGroup;
use crate::format::ROLE_FLAGS;

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

/// The flags as (value, label) choices, in the order the API documents them.
pub fn role_flag_choices() -> Vec<(String, String)> {
    ROLE_FLAGS
        .iter()
        .map(|(v, label)| ((*v).to_owned(), (*label).to_owned()))
        .collect()
}

/// A person's role flags (`role_flags`) by default; other lists of flags (who a requirement
/// applies to, who a profile is assigned to) name their own field, legend and hint.
#[component]
pub fn RoleFlagsField(
    /// The chosen flags, as the API spells them.
    value: RwSignal<Vec<String>>,
    /// The flags of the last request sent, to name the flag a `role_flags.N` error is about.
    sent: RwSignal<Vec<String>>,
    #[prop(into)] problem: Signal<Option<Problem>>,
    #[prop(default = "role_flags")] name: &'static str,
    #[prop(default = "Roles")] legend: &'static str,
    #[prop(default = "Roles decide which requirements apply.")] hint: &'static str,
) -> impl IntoView {
    view! {
        <CheckboxGroup name legend hint choices=role_flag_choices() value sent problem />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
