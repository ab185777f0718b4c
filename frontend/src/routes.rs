//! Every client-side URL in one place: links and redirects call `Route::path()` instead of
//! spelling paths out, so a renamed route is a compile error rather than a dead link.
//! The matching patterns for the router live beside the `<Route>`s in `app.rs`.

use confitrek_types::{Me, Role};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Login,
    Home,
    People,
    NewPerson,
    Person(Uuid),
    EditPerson(Uuid),
    Users,
    Audit,
    /// The training rules of the agency's state, or of another state.
    Rules,
    /// The agency's own requirements and the training profiles that assign them.
    Requirements,
    NewRequirement,
    EditRequirement(Uuid),
    NewProfile,
    EditProfile(Uuid),
    /// The agency's settings: at-risk window and time zone.
    Settings,
    /// Asking for training, and deciding what others asked.
    TrainingRequests,
    /// One's own training records, reporting a training, filing its certificate.
    MyTraining,
    /// A page with no data for users who have no roster to work on.
    Welcome,
    /// The agency's credential types.
    CredentialTypes,
    /// The agency's policies, and one policy with its versions and acknowledgements.
    Policies,
    NewPolicy,
    Policy(Uuid),
    EditPolicy(Uuid),
    /// The policies assigned to the signed-in person, to read and acknowledge.
    MyPolicies,
    /// The course catalog, adding a course, changing one.
    Courses,
    NewCourse,
    EditCourse(Uuid),
    /// Upcoming and past sessions, and one session with its roster and attendance.
    Sessions,
    Session(Uuid),
    /// Self-reported training waiting for the training office.
    Verification,
}

impl Route {
    pub fn path(&self) -> String {
        match self {
            Route::Login => "/login".into(),
            Route::Home => "/".into(),
            Route::People => "/people".into(),
            Route::NewPerson => "/people/new".into(),
            Route::Person(id) => format!("/people/{id}"),
            Route::EditPerson(id) => format!("/people/{id}/edit"),
            Route::Users => "/users".into(),
            Route::Audit => "/audit".into(),
            Route::Rules => "/rules".into(),
            Route::Requirements => "/requirements".into(),
            Route::NewRequirement => "/requirements/new".into(),
            Route::EditRequirement(id) => format!("/requirements/{id}/edit"),
            Route::NewProfile => "/profiles/new".into(),
            Route::EditProfile(id) => format!("/profiles/{id}/edit"),
            Route::Settings => "/settings".into(),
            Route::TrainingRequests => "/training-requests".into(),
            Route::MyTraining => "/my-training".into(),
            Route::Welcome => "/welcome".into(),
            Route::CredentialTypes => "/credential-types".into(),
            Route::Policies => "/policies".into(),
            Route::NewPolicy => "/policies/new".into(),
            Route::Policy(id) => format!("/policies/{id}"),
            Route::EditPolicy(id) => format!("/policies/{id}/edit"),
            Route::MyPolicies => "/my-policies".into(),
            Route::Courses => "/courses".into(),
            Route::NewCourse => "/courses/new".into(),
            Route::EditCourse(id) => format!("/courses/{id}/edit"),
            Route::Sessions => "/sessions".into(),
            Route::Session(id) => format!("/sessions/{id}"),
            Route::Verification => "/verification".into(),
        }
    }

    /// The login page, coming back to `path` afterwards.
    pub fn login_returning_to(path: &str) -> String {
        if path == "/" || path.is_empty() {
            return Route::Login.path();
        }
        let query: String = url_encoded(path);
        format!("{}?next={query}", Route::Login.path())
    }

    /// Where a user lands after signing in (and what `/` shows): the page of the work he or
    /// she does most, which depends on the role.
    pub fn landing(me: &Me) -> Route {
        match me.role {
            Role::PlatformOperator => Route::Welcome,
            Role::Officer => me.person_id.map_or(Route::Welcome, Route::Person),
            Role::AgencyAdmin | Role::Coordinator | Role::Supervisor => Route::People,
        }
    }
}

/// What the SPA offers to each role. The server enforces permissions; these only decide
/// which links and buttons are worth showing.
pub trait RoleAbilities {
    fn sees_roster(self) -> bool;
    fn edits_roster(self) -> bool;
    /// Waivers, extensions and reductions are the training coordinator's decisions.
    fn records_waivers(self) -> bool;
    /// The agency's own requirements and training profiles.
    fn manages_requirements(self) -> bool;
    fn administers_agency(self) -> bool;
    /// Credential types, awards, policies and their versions: the training office's.
    fn manages_credentials_and_policies(self) -> bool;
    /// Approve or deny training requests: the training office, and supervisors for their unit.
    fn decides_training_requests(self) -> bool;
    /// Courses, sessions, attendance, anyone's records and their verification.
    fn manages_training(self) -> bool;
}

impl RoleAbilities for Role {
    fn sees_roster(self) -> bool {
        matches!(
            self,
            Role::AgencyAdmin | Role::Coordinator | Role::Supervisor
        )
    }

    fn edits_roster(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::Coordinator)
    }

    fn records_waivers(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::Coordinator)
    }

    fn manages_requirements(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::Coordinator)
    }

    fn administers_agency(self) -> bool {
        self == Role::AgencyAdmin
    }

    fn manages_credentials_and_policies(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::Coordinator)
    }

    fn decides_training_requests(self) -> bool {
        matches!(
            self,
            Role::AgencyAdmin | Role::Coordinator | Role::Supervisor
        )
    }

    fn manages_training(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::Coordinator)
    }
}

fn url_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_page_remembers_where_the_user_was_going() {
        assert_eq!(
            Route::login_returning_to("/people/new"),
            "/login?next=/people/new"
        );
        assert_eq!(Route::login_returning_to("/"), "/login");
        assert_eq!(
            Route::login_returning_to("/a b&c"),
            "/login?next=/a%20b%26c"
        );
    }

    #[test]
    fn every_route_has_its_own_path() {
        let id = Uuid::nil();
        assert_eq!(Route::Person(id).path(), format!("/people/{id}"));
        assert_eq!(Route::EditPerson(id).path(), format!("/people/{id}/edit"));
        assert_eq!(Route::NewPerson.path(), "/people/new");
        assert_eq!(Route::Rules.path(), "/rules");
        assert_eq!(Route::NewRequirement.path(), "/requirements/new");
        assert_eq!(
            Route::EditRequirement(id).path(),
            format!("/requirements/{id}/edit")
        );
        assert_eq!(
            Route::EditProfile(id).path(),
            format!("/profiles/{id}/edit")
        );
    }

    #[test]
    fn policies_have_their_own_paths_with_new_before_an_id() {
        let id = Uuid::nil();
        assert_eq!(Route::Policies.path(), "/policies");
        assert_eq!(Route::NewPolicy.path(), "/policies/new");
        assert_eq!(Route::Policy(id).path(), format!("/policies/{id}"));
        assert_eq!(Route::EditPolicy(id).path(), format!("/policies/{id}/edit"));
        assert_eq!(Route::MyPolicies.path(), "/my-policies");
        assert_eq!(Route::CredentialTypes.path(), "/credential-types");
        assert!(Role::Coordinator.manages_credentials_and_policies());
        assert!(!Role::Supervisor.manages_credentials_and_policies());
        assert!(!Role::Officer.manages_credentials_and_policies());
    }

    #[test]
    fn only_admins_and_coordinators_manage_requirements() {
        let managers: Vec<Role> = [
            Role::PlatformOperator,
            Role::AgencyAdmin,
            Role::Coordinator,
            Role::Supervisor,
            Role::Officer,
        ]
        .into_iter()
        .filter(|r| r.manages_requirements())
        .collect();
        assert_eq!(managers, [Role::AgencyAdmin, Role::Coordinator]);
    }

    #[test]
    fn training_pages_have_their_own_paths_and_only_the_office_manages_them() {
        let id = Uuid::nil();
        assert_eq!(Route::Courses.path(), "/courses");
        assert_eq!(Route::NewCourse.path(), "/courses/new");
        assert_eq!(Route::EditCourse(id).path(), format!("/courses/{id}/edit"));
        assert_eq!(Route::Session(id).path(), format!("/sessions/{id}"));
        assert_eq!(Route::Verification.path(), "/verification");
        assert!(Role::Coordinator.manages_training());
        assert!(Role::AgencyAdmin.manages_training());
        assert!(!Role::Supervisor.manages_training());
        assert!(!Role::Officer.manages_training());
    }
}
