//! `/integrations` (admins): what lets other systems in and keeps them informed. API keys
//! for service accounts, webhooks, sign-in with the agency's identity provider, and
//! provisioning from it. Each secret is shown once, when it is made.

use leptos::prelude::*;

use crate::components::integrations::api_keys::ApiKeysSection;
use crate::components::integrations::scim::ProvisioningSection;
use crate::components::integrations::sso::IdentityProvidersSection;
use crate::components::integrations::webhooks::WebhooksSection;

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    view! {
        <h1>"Integrations"</h1>
        <ApiKeysSection />
        <WebhooksSection />
        <IdentityProvidersSection />
        <ProvisioningSection />
    }
}
