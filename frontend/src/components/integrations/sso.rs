use leptos::prelude::*;

#[component]
pub fn IdentityProvidersSection() -> impl IntoView {}
