//! The root: session bootstrap and the route table.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::components::shell::Shell;
use crate::pages::audit::AuditPage;
use crate::pages::courses::{CoursesPage, EditCoursePage, NewCoursePage};
use crate::pages::credential_types::CredentialTypesPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::expenses::ExpensesPage;
use crate::pages::imports::ImportsPage;
use crate::pages::integrations::IntegrationsPage;
use crate::pages::login::{LoginPage, SetPasswordPage};
use crate::pages::matrix::MatrixPage;
use crate::pages::my_policies::MyPoliciesPage;
use crate::pages::my_training::MyTrainingPage;
use crate::pages::notification_settings::NotificationSettingsPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::person::PersonPage;
use crate::pages::person_edit::{EditPersonPage, NewPersonPage};
use crate::pages::policies::{PoliciesPage, PolicyPage};
use crate::pages::policy_edit::{EditPolicyPage, NewPolicyPage};
use crate::pages::reimbursement::ReimbursementPage;
use crate::pages::reports::ReportsPage;
use crate::pages::requirement_edit::{
    EditProfilePage, EditRequirementPage, NewProfilePage, NewRequirementPage,
};
use crate::pages::requirements::RequirementsPage;
use crate::pages::roi::RoiPage;
use crate::pages::roster::RosterPage;
use crate::pages::rules::RulesPage;
use crate::pages::security::SecurityPage;
use crate::pages::session::SessionPage;
use crate::pages::sessions::SessionsPage;
use crate::pages::settings::SettingsPage;
use crate::pages::state_reports::StateReportsPage;
use crate::pages::training_requests::TrainingRequestsPage;
use crate::pages::uof_aggregates::UofAggregatesPage;
use crate::pages::uof_form::{AmendIncidentPage, EditIncidentPage, NewIncidentPage};
use crate::pages::uof_incident::IncidentPage;
use crate::pages::uof_list::UofListPage;
use crate::pages::users::UsersPage;
use crate::pages::verification::VerificationPage;
use crate::pages::welcome::{HomePage, NotFound, WelcomePage};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    // A call that could not refresh the session ends it; the shell then shows the login page.
    api::on_session_expired(move || session.expire());
    // The cookies may still hold a session from an earlier visit.
    spawn_local(async move { session.settle(api::resume_session().await.ok()) });

    // Patterns mirror `crate::routes::Route::path`; `/people/new` comes before
    // `/people/:id` so that "new" is not taken for an id.
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/set-password") view=SetPasswordPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("/dashboard") view=DashboardPage />
                    <Route path=path!("/compliance/matrix") view=MatrixPage />
                    <Route path=path!("/people") view=RosterPage />
                    <Route path=path!("/people/new") view=NewPersonPage />
                    <Route path=path!("/people/:id") view=PersonPage />
                    <Route path=path!("/people/:id/edit") view=EditPersonPage />
                    <Route path=path!("/users") view=UsersPage />
                    <Route path=path!("/audit") view=AuditPage />
                    <Route path=path!("/rules") view=RulesPage />
                    <Route path=path!("/requirements") view=RequirementsPage />
                    <Route path=path!("/requirements/new") view=NewRequirementPage />
                    <Route path=path!("/requirements/:id/edit") view=EditRequirementPage />
                    <Route path=path!("/profiles/new") view=NewProfilePage />
                    <Route path=path!("/profiles/:id/edit") view=EditProfilePage />
                    <Route path=path!("/settings") view=SettingsPage />
                    <Route path=path!("/training-requests") view=TrainingRequestsPage />
                    <Route path=path!("/expenses") view=ExpensesPage />
                    <Route path=path!("/my-training") view=MyTrainingPage />
                    <Route path=path!("/credential-types") view=CredentialTypesPage />
                    <Route path=path!("/policies") view=PoliciesPage />
                    <Route path=path!("/policies/new") view=NewPolicyPage />
                    <Route path=path!("/policies/:id") view=PolicyPage />
                    <Route path=path!("/policies/:id/edit") view=EditPolicyPage />
                    <Route path=path!("/my-policies") view=MyPoliciesPage />
                    <Route path=path!("/courses") view=CoursesPage />
                    <Route path=path!("/courses/new") view=NewCoursePage />
                    <Route path=path!("/courses/:id/edit") view=EditCoursePage />
                    <Route path=path!("/sessions") view=SessionsPage />
                    <Route path=path!("/sessions/:id") view=SessionPage />
                    <Route path=path!("/verification") view=VerificationPage />
                    <Route path=path!("/reports") view=ReportsPage />
                    <Route path=path!("/state-reports") view=StateReportsPage />
                    <Route path=path!("/reimbursement") view=ReimbursementPage />
                    <Route path=path!("/imports") view=ImportsPage />
                    <Route path=path!("/notifications") view=NotificationsPage />
                    <Route path=path!("/notification-settings") view=NotificationSettingsPage />
                    <Route path=path!("/integrations") view=IntegrationsPage />
                    <Route path=path!("/security") view=SecurityPage />
                    <Route path=path!("/uof") view=UofListPage />
                    <Route path=path!("/uof/new") view=NewIncidentPage />
                    <Route path=path!("/uof/aggregates") view=UofAggregatesPage />
                    <Route path=path!("/roi") view=RoiPage />
                    <Route path=path!("/uof/:id") view=IncidentPage />
                    <Route path=path!("/uof/:id/edit") view=EditIncidentPage />
                    <Route path=path!("/uof/:id/amend") view=AmendIncidentPage />
                    <Route path=path!("/welcome") view=WelcomePage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
