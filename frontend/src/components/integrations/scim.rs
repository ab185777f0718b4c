use leptos::prelude::*;

#[component]
pub fn ProvisioningSection() -> impl IntoView {}
