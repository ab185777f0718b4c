//! The "Unit" filter of the lists that can be narrowed to one unit (the roster, incidents).

use leptos::prelude::*;

use crate::api;

/// A select of the agency's units, "All units" first, bound to `unit` (empty for all).
#[component]
pub fn UnitFilter(unit: RwSignal<String>) -> impl IntoView {
    // Units only feed the filter: when they cannot be read, the list still works.
    let units = LocalResource::new(api::units);
    let options =
        move || {
            units.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|u| {
            let (value, text, chosen) = (u.clone(), u.clone(), u);
            view! { <option value=value selected=move || unit.get() == chosen>{text}</option> }
        }).collect_view()
        };
    view! {
        <div class="field">
            <label for="filter-unit">"Unit"</label>
            <select id="filter-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                <option value="">"All units"</option>
                {options}
            </select>
        </div>
    }
}
