use leptos::prelude::*;

#[component]
pub fn ApiKeysSection() -> impl IntoView {}
