//! Who may do what. Every permission check in ConfiTrek is answered here, so the rules can
//! be read in one place and tested without a server.

use uuid::Uuid;

use crate::training::Verification;

pub use confitrek_vocabulary::Role;

/// Roles that belong to one agency: every role but the platform operator's.
pub fn is_agency_role(role: Role) -> bool {
    role != Role::PlatformOperator
}

/// Which people of the caller's agency the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleVisibility {
    /// The whole roster.
    Agency,
    /// People in the caller's own unit (and the caller).
    OwnUnit,
    /// Only the caller's own person.
    OwnSelf,
    /// Nobody.
    None,
}

pub fn people_visibility(role: Role) -> PeopleVisibility {
    match role {
        Role::AgencyAdmin | Role::Coordinator => PeopleVisibility::Agency,
        Role::Supervisor => PeopleVisibility::OwnUnit,
        Role::Officer => PeopleVisibility::OwnSelf,
        Role::PlatformOperator => PeopleVisibility::None,
    }
}

/// An acknowledgement attests that its signer read the policy: each person acknowledges for
/// himself or herself only, whatever the role (a coordinator cannot sign for an officer).
pub fn may_acknowledge_for(caller_person: Option<uuid::Uuid>, person: uuid::Uuid) -> bool {
    caller_person == Some(person)
}

/// Whose verdicts a dashboard folds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DashboardView {
    Agency,
    Unit(String),
    Person(Uuid),
}

/// The dashboard a caller sees, `requested_unit` if given: the training office the agency or
/// any one unit; a supervisor his or her unit (himself or herself without one); an officer
/// himself or herself. `None`: refused.
pub fn dashboard_view(
    visibility: PeopleVisibility,
    own_unit: Option<&str>,
    own_person: Option<Uuid>,
    requested_unit: Option<&str>,
) -> Option<DashboardView> {
    match (visibility, own_unit) {
        (PeopleVisibility::Agency, _) => Some(match requested_unit {
            None => DashboardView::Agency,
            Some(unit) => DashboardView::Unit(unit.to_owned()),
        }),
        (PeopleVisibility::OwnUnit, Some(own)) if requested_unit.is_none_or(|unit| unit == own) => {
            Some(DashboardView::Unit(own.to_owned()))
        }
        (PeopleVisibility::OwnUnit | PeopleVisibility::OwnSelf, _) if requested_unit.is_none() => {
            own_person.map(DashboardView::Person)
        }
        _ => None,
    }
}

/// A policy and its documents are read by those who manage policies and by the people it is
/// assigned to; nobody else learns of it.
pub fn may_read_policy(role: Role, assigned_to_caller: bool) -> bool {
    assigned_to_caller || may(role, Action::ManagePolicies)
}

/// What the caller may do with a calendar feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedAccess {
    Granted,
    Forbidden,
    /// Another person's feed is not the caller's to know of.
    Hidden,
}

/// The agency's feed is for those who use the agency calendar; a person's feed for that
/// person alone.
pub fn feed_access(
    role: Role,
    agency_feed: bool,
    caller_person: Option<Uuid>,
    subject: Uuid,
) -> FeedAccess {
    match (agency_feed, may(role, Action::UseAgencyCalendar)) {
        (true, true) => FeedAccess::Granted,
        (true, false) => FeedAccess::Forbidden,
        (false, _) if caller_person == Some(subject) => FeedAccess::Granted,
        (false, _) => FeedAccess::Hidden,
    }
}

/// Who asks for training: someone on the roster who records his or her own training, and
/// only for himself or herself. The person the request is for, if the caller may ask.
pub fn may_request_training(role: Role, caller_person: Option<Uuid>) -> Option<Uuid> {
    caller_person.filter(|_| may(role, Action::RecordOwnTraining))
}

/// Whether the caller may decide a request of someone he or she sees: the training office
/// for anyone, a supervisor for the people of his or her unit, never for oneself.
pub fn may_decide_request(role: Role, caller_person: Option<Uuid>, requester: Uuid) -> bool {
    caller_person != Some(requester)
        && (may(role, Action::ManageTraining) || role == Role::Supervisor)
}

/// Only the person who asked takes a request back.
pub fn may_withdraw_request(caller_person: Option<Uuid>, requester: Uuid) -> bool {
    caller_person == Some(requester)
}

/// The actions that are allowed or refused by role alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ManageAgencies,
    ReadOwnAgency,
    InviteUsers,
    ListUsers,
    WritePeople,
    ReadAuditLog,
    /// Add and change the agency's own requirements and training profiles, record waivers.
    ManageRequirements,
    /// Judge facts given in the request against a jurisdiction's rules, storing nothing.
    EvaluateWhatIf,
    /// Define credential types, award credentials and take awards back.
    ManageCredentials,
    /// Write policies, publish their versions, follow who has acknowledged them.
    ManagePolicies,
    /// Keep the agency's training: topics, courses, sessions and rosters, attendance, and
    /// anyone's records (entered verified, corrected, deleted).
    ManageTraining,
    /// Verify or reject a record. Never an officer's, not even for his or her own record.
    VerifyTraining,
    /// Report one's own training, which then awaits verification.
    RecordOwnTraining,
    /// Generate reports over the people one sees (compliance as of a day, hours in a topic).
    ReadReports,
    /// Download everything the agency owns as one archive (records, people, files).
    ExportAgency,
    /// Choose what the agency's notifications say and when: lead times, kinds on or off.
    ConfigureNotifications,
    /// Use and rotate the agency-wide calendar feed (every session, everyone's deadlines).
    UseAgencyCalendar,
    /// Grant or take back a login's use-of-force review permission, which no role carries
    /// by itself (not every coordinator sees incidents).
    GrantUofReview,
    /// Import a roster or training history from a spreadsheet, and undo an import.
    ImportData,
    /// Erase a person and everything of his or hers, on request (the privacy policy's
    /// deletion of specific records): for good, so only the agency's admin.
    ErasePeople,
    /// Let other systems in and keep them informed: service accounts and their API keys,
    /// webhooks, the agency's identity providers and provisioning from them.
    ManageIntegrations,
    /// Enter, correct, approve, reject, pay and delete training expenses, and keep the
    /// budgets: the training office.
    ManageExpenses,
    /// Read training expenses and budgets: the training office all of them, a supervisor
    /// those of his or her unit, a person his or her own.
    ReadExpenses,
    /// Ask for one's own training expense to be approved (it enters `requested`).
    RequestOwnExpense,
    /// See what ConfiTrek returned to the agency: reimbursement, time saved, training spend
    /// per officer (command staff: the agency's figures, so not a supervisor's).
    ReadReturnOnInvestment,
    /// Prepare, review and mark transmitted the reports the agency files with its state's
    /// POST board, and read and download them: the training office's work. Supervisors and
    /// officers have no part in them: a state report covers every officer of the agency,
    /// beyond a supervisor's unit, and what the state is sent is the office's to attest.
    ManageStateReports,
    /// Read the state reimbursement figures (Minnesota's application, Ohio's amounts) of
    /// the people one sees: the training office, and supervisors for their unit.
    ReadReimbursement,
    /// Record that another unit claims an officer, and keep officers' base hourly rates.
    ManageReimbursement,
}

pub fn may(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ManageAgencies => role == PlatformOperator,
        ReadOwnAgency | EvaluateWhatIf => is_agency_role(role),
        InviteUsers | ListUsers | ReadAuditLog => role == AgencyAdmin,
        WritePeople | ManageRequirements => matches!(role, AgencyAdmin | Coordinator),
        ManageCredentials | ManagePolicies => matches!(role, AgencyAdmin | Coordinator),
        ManageTraining | VerifyTraining => matches!(role, AgencyAdmin | Coordinator),
        RecordOwnTraining => is_agency_role(role),
        ReadReports => matches!(role, AgencyAdmin | Coordinator | Supervisor),
        ExportAgency => role == AgencyAdmin,
        ConfigureNotifications => role == AgencyAdmin,
        UseAgencyCalendar => matches!(role, AgencyAdmin | Coordinator),
        GrantUofReview => role == AgencyAdmin,
        ImportData => matches!(role, AgencyAdmin | Coordinator),
        ErasePeople | ManageIntegrations => role == AgencyAdmin,
        ManageExpenses => matches!(role, AgencyAdmin | Coordinator),
        ReadExpenses | RequestOwnExpense => is_agency_role(role),
        ReadReturnOnInvestment => matches!(role, AgencyAdmin | Coordinator),
        ManageStateReports => matches!(role, AgencyAdmin | Coordinator),
        ReadReimbursement => matches!(role, AgencyAdmin | Coordinator | Supervisor),
        ManageReimbursement => matches!(role, AgencyAdmin | Coordinator),
    }
}

/// Pay is private: a person's base hourly rates are read by the training office (which keeps
/// them for Ohio's reimbursement) and by the person, no one else.
pub fn may_read_pay_rates(role: Role, caller_person: Option<Uuid>, subject: Uuid) -> bool {
    may(role, Action::ManageReimbursement)
        || (is_agency_role(role) && caller_person == Some(subject))
}

/// An admin may invite any agency role; nobody may create a platform operator through an
/// agency.
pub fn may_grant(granter: Role, granted: Role) -> bool {
    granter == Role::AgencyAdmin && is_agency_role(granted)
}

/// An admin login of an agency, as far as signing in goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminLogin {
    pub login: Uuid,
    /// The person the login belongs to, if it is linked to one.
    pub person: Option<Uuid>,
    /// Whether the login can sign in today (its person, if any, is active).
    pub may_sign_in: bool,
}

/// An agency must keep one admin who can sign in: otherwise nobody could manage its users
/// again. True when taking `person` off duty leaves at least one admin login that signs in.
pub fn leaves_an_admin(admins: &[AdminLogin], person: Uuid) -> bool {
    let signs_in = |a: &&AdminLogin| a.may_sign_in;
    let affected = |a: &&AdminLogin| a.person == Some(person);
    // Taking off duty someone who is not an admin who signs in changes nothing.
    !admins.iter().filter(signs_in).any(|a| affected(&a))
        || admins.iter().filter(signs_in).any(|a| !affected(&a))
}

/// What an admin does to another login of the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginChange {
    Role(Role),
    /// Switch the login off: it cannot sign in, its sessions end; the person's records stay.
    Disable,
    Enable,
    /// A new one-time link to set a password: the login's password (if any) stops working
    /// and its sessions end until the link is used.
    NewPasswordLink,
    /// Take away the login's second factor (a lost phone): its sessions end and it sets up
    /// a new one at its next sign-in.
    ResetMfa,
    /// End every session of the login; it can sign in again.
    EndSessions,
    /// Release a login locked by wrong passwords.
    Unlock,
}

/// Why an admin may not make a change to a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    /// Only an agency admin manages logins, and only with roles of an agency.
    NotGrantable,
    /// An admin does not lock out or demote his or her own login; another admin does.
    OwnLogin,
    /// The change would leave the agency without an admin who can sign in.
    LastAdmin,
}

/// Whether the agency admin `caller` may make `change` to the login `target`; `admins` are
/// the agency's admin logins.
pub fn login_change(
    caller: Role,
    caller_login: Uuid,
    target: Uuid,
    change: LoginChange,
    admins: &[AdminLogin],
) -> Result<(), LoginRefusal> {
    if caller != Role::AgencyAdmin {
        return Err(LoginRefusal::NotGrantable);
    }
    let locks_out = match change {
        LoginChange::Role(role) if !may_grant(caller, role) => {
            return Err(LoginRefusal::NotGrantable);
        }
        LoginChange::Role(role) => role != Role::AgencyAdmin,
        LoginChange::Disable | LoginChange::NewPasswordLink => true,
        LoginChange::Enable
        | LoginChange::ResetMfa
        | LoginChange::EndSessions
        | LoginChange::Unlock => false,
    };
    if !locks_out {
        return Ok(());
    }
    if target == caller_login {
        return Err(LoginRefusal::OwnLogin);
    }
    let signs_in = |a: &&AdminLogin| a.may_sign_in;
    let was_admin = admins.iter().filter(signs_in).any(|a| a.login == target);
    let others = admins.iter().filter(signs_in).any(|a| a.login != target);
    if was_admin && !others {
        Err(LoginRefusal::LastAdmin)
    } else {
        Ok(())
    }
}

/// How a new training record enters, by who records it for whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordEntry {
    /// The training office records it: verified at once, source `coordinator`.
    Verified,
    /// A person reports his or her own training: pending, source `self_reported`.
    SelfReported,
    /// Nobody else's training may be recorded by this caller.
    Refused,
}

/// `caller_person` is the roster entry of the caller's login, `subject` the person trained.
pub fn record_entry(role: Role, caller_person: Option<Uuid>, subject: Uuid) -> RecordEntry {
    if may(role, Action::ManageTraining) {
        RecordEntry::Verified
    } else if may(role, Action::RecordOwnTraining) && caller_person == Some(subject) {
        RecordEntry::SelfReported
    } else {
        RecordEntry::Refused
    }
}

/// Who may correct a record: the training office any record it sees; a person his or her
/// own record while it is not verified (fixing a report before, or after, it was refused).
/// A correction by the person sends the record back to the queue.
pub fn may_correct(
    role: Role,
    caller_person: Option<Uuid>,
    subject: Uuid,
    verification: Verification,
) -> bool {
    may(role, Action::ManageTraining)
        || (record_entry(role, caller_person, subject) == RecordEntry::SelfReported
            && verification != Verification::Verified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whose_dashboard_each_role_sees() {
        use DashboardView as V;
        use PeopleVisibility::{Agency, OwnSelf, OwnUnit};
        let me = Some(Uuid::from_u128(1));
        let unit = |u: &str| Some(V::Unit(u.into()));
        let cases = [
            (
                (Agency, None, None, None),
                Some(V::Agency),
                "the office: the agency",
            ),
            (
                (Agency, None, None, Some("K9")),
                unit("K9"),
                "or any one unit",
            ),
            (
                (OwnUnit, Some("K9"), me, None),
                unit("K9"),
                "a supervisor: the unit",
            ),
            (
                (OwnUnit, Some("K9"), me, Some("K9")),
                unit("K9"),
                "asked by name",
            ),
            (
                (OwnUnit, Some("K9"), me, Some("SWAT")),
                None,
                "not another unit",
            ),
            (
                (OwnUnit, None, me, None),
                me.map(V::Person),
                "no unit: himself",
            ),
            (
                (OwnUnit, None, me, Some("K9")),
                None,
                "no unit: no unit asked",
            ),
            (
                (OwnSelf, None, me, None),
                me.map(V::Person),
                "an officer: herself",
            ),
            (
                (OwnSelf, None, me, Some("K9")),
                None,
                "an officer asks no unit",
            ),
            ((OwnSelf, None, None, None), None, "a login with no person"),
            (
                (PeopleVisibility::None, None, None, None),
                None,
                "the platform operator",
            ),
        ];
        for ((visibility, own_unit, own, asked), expected, case) in cases {
            assert_eq!(
                dashboard_view(visibility, own_unit, own, asked),
                expected,
                "{case}"
            );
        }
    }

    #[test]
    fn a_policy_is_read_by_its_managers_and_those_it_is_assigned_to() {
        assert!(may_read_policy(Role::Coordinator, false));
        assert!(may_read_policy(Role::Officer, true));
        assert!(!may_read_policy(Role::Officer, false));
        assert!(!may_read_policy(Role::Supervisor, false));
    }

    #[test]
    fn a_calendar_feed_is_its_person_s_or_the_training_office_s() {
        let (me, other) = (Some(Uuid::from_u128(1)), Uuid::from_u128(2));
        let agency = Uuid::from_u128(9);
        assert_eq!(
            feed_access(Role::Coordinator, true, None, agency),
            FeedAccess::Granted
        );
        assert_eq!(
            feed_access(Role::Officer, true, me, agency),
            FeedAccess::Forbidden
        );
        assert_eq!(
            feed_access(Role::Officer, false, me, me.unwrap()),
            FeedAccess::Granted
        );
        assert_eq!(
            feed_access(Role::Coordinator, false, me, other),
            FeedAccess::Hidden
        );
    }

    #[test]
    fn who_asks_for_training_decides_and_withdraws() {
        let (me, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(may_request_training(Role::Officer, Some(me)), Some(me));
        assert_eq!(
            may_request_training(Role::Coordinator, None),
            None,
            "no person"
        );
        assert_eq!(may_request_training(Role::PlatformOperator, Some(me)), None);
        for (role, decides) in [
            (Role::Coordinator, true),
            (Role::AgencyAdmin, true),
            (Role::Supervisor, true),
            (Role::Officer, false),
            (Role::PlatformOperator, false),
        ] {
            assert_eq!(
                may_decide_request(role, Some(me), other),
                decides,
                "{role:?}"
            );
            assert!(
                !may_decide_request(role, Some(me), me),
                "{role:?}: not one's own"
            );
        }
        assert!(may_withdraw_request(Some(me), me));
        assert!(!may_withdraw_request(Some(me), other));
        assert!(!may_withdraw_request(None, other));
    }

    #[test]
    fn the_permission_table() {
        use Action::*;
        use Role::*;
        // (role, action, allowed)
        let table = [
            (PlatformOperator, ManageAgencies, true),
            (AgencyAdmin, ManageAgencies, false),
            (PlatformOperator, ReadOwnAgency, false),
            (Officer, ReadOwnAgency, true),
            (AgencyAdmin, InviteUsers, true),
            (Coordinator, InviteUsers, false),
            (AgencyAdmin, WritePeople, true),
            (Coordinator, WritePeople, true),
            (Supervisor, WritePeople, false),
            (Officer, WritePeople, false),
            (PlatformOperator, WritePeople, false),
            (AgencyAdmin, ReadAuditLog, true),
            (Coordinator, ReadAuditLog, false),
            (Coordinator, ManageRequirements, true),
            (Supervisor, ManageRequirements, false),
            (Officer, EvaluateWhatIf, true),
            (Coordinator, ManageCredentials, true),
            (AgencyAdmin, ManagePolicies, true),
            (Supervisor, ManageCredentials, false),
            (Officer, ManagePolicies, false),
            (PlatformOperator, ManageCredentials, false),
            (PlatformOperator, EvaluateWhatIf, false),
            (Coordinator, ManageTraining, true),
            (AgencyAdmin, ManageTraining, true),
            (Supervisor, ManageTraining, false),
            (Officer, ManageTraining, false),
            (Coordinator, VerifyTraining, true),
            (Supervisor, VerifyTraining, false),
            (Officer, VerifyTraining, false),
            (PlatformOperator, VerifyTraining, false),
            (Officer, RecordOwnTraining, true),
            (PlatformOperator, RecordOwnTraining, false),
            (Coordinator, ReadReports, true),
            (Supervisor, ReadReports, true),
            (Officer, ReadReports, false),
            (PlatformOperator, ReadReports, false),
            (AgencyAdmin, ConfigureNotifications, true),
            (Coordinator, ConfigureNotifications, false),
            (Officer, ConfigureNotifications, false),
            (AgencyAdmin, ExportAgency, true),
            (Coordinator, ExportAgency, false),
            (PlatformOperator, ExportAgency, false),
            (Coordinator, UseAgencyCalendar, true),
            (Supervisor, UseAgencyCalendar, false),
            (Officer, UseAgencyCalendar, false),
            (AgencyAdmin, GrantUofReview, true),
            (Coordinator, GrantUofReview, false),
            (PlatformOperator, GrantUofReview, false),
            (Coordinator, ImportData, true),
            (AgencyAdmin, ManageStateReports, true),
            (Coordinator, ManageStateReports, true),
            (Supervisor, ManageStateReports, false),
            (Officer, ManageStateReports, false),
            (PlatformOperator, ManageStateReports, false),
            (Supervisor, ImportData, false),
            (Officer, ImportData, false),
            (PlatformOperator, ImportData, false),
            (AgencyAdmin, ManageExpenses, true),
            (Coordinator, ManageExpenses, true),
            (Supervisor, ManageExpenses, false),
            (Officer, ManageExpenses, false),
            (PlatformOperator, ManageExpenses, false),
            (Supervisor, ReadExpenses, true),
            (Officer, ReadExpenses, true),
            (PlatformOperator, ReadExpenses, false),
            (Officer, RequestOwnExpense, true),
            (PlatformOperator, RequestOwnExpense, false),
            (AgencyAdmin, ReadReimbursement, true),
            (Coordinator, ReadReimbursement, true),
            (Supervisor, ReadReimbursement, true),
            (Officer, ReadReimbursement, false),
            (PlatformOperator, ReadReimbursement, false),
            (Coordinator, ManageReimbursement, true),
            (Supervisor, ManageReimbursement, false),
            (Officer, ManageReimbursement, false),
        ];
        for (role, action, allowed) in table {
            assert_eq!(may(role, action), allowed, "{role:?} {action:?}");
        }
    }

    #[test]
    fn pay_rates_are_read_by_the_training_office_and_by_their_person_only() {
        let (me, other) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
        let cases = [
            (
                Role::Coordinator,
                None,
                other,
                true,
                "the office keeps everyone's",
            ),
            (Role::AgencyAdmin, None, other, true, "so does the admin"),
            (
                Role::Officer,
                Some(me),
                me,
                true,
                "an officer reads his own",
            ),
            (Role::Officer, Some(me), other, false, "not a colleague's"),
            (
                Role::Supervisor,
                Some(me),
                other,
                false,
                "nor does a supervisor read the unit's",
            ),
            (
                Role::PlatformOperator,
                Some(me),
                me,
                false,
                "the operator reads no agency data",
            ),
        ];
        for (role, caller, subject, allowed, case) in cases {
            assert_eq!(may_read_pay_rates(role, caller, subject), allowed, "{case}");
        }
    }

    #[test]
    fn a_person_acknowledges_for_himself_or_herself_only() {
        let (me, other) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
        assert!(may_acknowledge_for(Some(me), me));
        assert!(!may_acknowledge_for(Some(me), other));
        assert!(!may_acknowledge_for(None, me), "a login with no person");
    }

    #[test]
    fn visibility_narrows_down_the_hierarchy() {
        assert_eq!(
            people_visibility(Role::Coordinator),
            PeopleVisibility::Agency
        );
        assert_eq!(
            people_visibility(Role::Supervisor),
            PeopleVisibility::OwnUnit
        );
        assert_eq!(people_visibility(Role::Officer), PeopleVisibility::OwnSelf);
        assert_eq!(
            people_visibility(Role::PlatformOperator),
            PeopleVisibility::None
        );
    }

    #[test]
    fn operators_are_not_granted_by_agencies() {
        assert!(may_grant(Role::AgencyAdmin, Role::Coordinator));
        assert!(!may_grant(Role::AgencyAdmin, Role::PlatformOperator));
        assert!(!may_grant(Role::Coordinator, Role::Officer));
    }

    #[test]
    fn who_records_and_corrects_whose_training() {
        use Role::*;
        use Verification::*;
        let me = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        // (who, for whom, how the record enters, a sentence)
        let entries = [
            (
                Coordinator,
                None,
                other,
                RecordEntry::Verified,
                "the office records anyone's",
            ),
            (
                AgencyAdmin,
                Some(me),
                me,
                RecordEntry::Verified,
                "an admin's own is verified",
            ),
            (
                Officer,
                Some(me),
                me,
                RecordEntry::SelfReported,
                "an officer reports his own",
            ),
            (
                Supervisor,
                Some(me),
                me,
                RecordEntry::SelfReported,
                "so does a supervisor",
            ),
            (
                Officer,
                Some(me),
                other,
                RecordEntry::Refused,
                "never someone else's",
            ),
            (
                Supervisor,
                Some(me),
                other,
                RecordEntry::Refused,
                "not even his unit's",
            ),
            (
                Officer,
                None,
                other,
                RecordEntry::Refused,
                "a login without a person",
            ),
            (
                PlatformOperator,
                None,
                other,
                RecordEntry::Refused,
                "the operator sees no records",
            ),
        ];
        for (role, caller, subject, expected, why) in entries {
            assert_eq!(record_entry(role, caller, subject), expected, "{why}");
        }
        // An officer can never verify, not even his own record.
        assert!(!may(Officer, Action::VerifyTraining));
        assert!(may_correct(Coordinator, None, other, Verified));
        assert!(may_correct(Officer, Some(me), me, Pending));
        assert!(may_correct(Officer, Some(me), me, Rejected));
        assert!(!may_correct(Officer, Some(me), me, Verified));
        assert!(!may_correct(Officer, Some(me), other, Pending));
    }

    #[test]
    fn the_last_admin_who_signs_in_cannot_be_taken_off_duty() {
        let (ann, bob, cid) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let admin = |person, may_sign_in| AdminLogin {
            login: person,
            person: Some(person),
            may_sign_in,
        };
        let cases = [
            (vec![admin(ann, true)], ann, false, "the only admin"),
            (
                vec![admin(ann, true), admin(bob, true)],
                ann,
                true,
                "another admin remains",
            ),
            (
                vec![admin(ann, true), admin(bob, false)],
                ann,
                false,
                "the other admin is inactive",
            ),
            (
                vec![admin(ann, true)],
                cid,
                true,
                "someone who is not an admin",
            ),
            (
                vec![admin(ann, false)],
                ann,
                true,
                "an admin already off duty changes nothing",
            ),
            (
                vec![
                    admin(ann, true),
                    AdminLogin {
                        login: Uuid::from_u128(9),
                        person: None,
                        may_sign_in: true,
                    },
                ],
                ann,
                true,
                "an admin login without a person remains",
            ),
            (vec![], ann, true, "an agency without admins"),
        ];
        for (admins, person, expected, why) in cases {
            assert_eq!(leaves_an_admin(&admins, person), expected, "{why}");
        }
    }

    #[test]
    fn an_admin_manages_other_logins_but_never_locks_out_the_last_admin_or_himself() {
        use LoginChange::{Disable, Enable, NewPasswordLink};
        let role = LoginChange::Role;
        let (me, other, clerk) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let admin = |login, may_sign_in| AdminLogin {
            login,
            person: None,
            may_sign_in,
        };
        let two = [admin(me, true), admin(other, true)];
        // Another admin may be demoted, switched off or sent a new link while one remains.
        for change in [role(Role::Coordinator), Disable, NewPasswordLink, Enable] {
            assert_eq!(
                login_change(Role::AgencyAdmin, me, other, change, &two),
                Ok(()),
                "{change:?}"
            );
        }
        // Not one's own login: another admin does that.
        for change in [role(Role::Officer), Disable, NewPasswordLink] {
            assert_eq!(
                login_change(Role::AgencyAdmin, me, me, change, &two),
                Err(LoginRefusal::OwnLogin),
                "{change:?}"
            );
        }
        assert_eq!(
            login_change(Role::AgencyAdmin, me, me, role(Role::AgencyAdmin), &two),
            Ok(())
        );
        // A login that is not an admin's changes no admin count.
        assert_eq!(
            login_change(Role::AgencyAdmin, me, clerk, Disable, &two),
            Ok(())
        );
        assert_eq!(
            login_change(Role::AgencyAdmin, me, clerk, role(Role::AgencyAdmin), &two),
            Ok(())
        );
        // The last admin who signs in stays one, whoever asks.
        let one = [admin(me, false), admin(other, true)];
        assert_eq!(
            login_change(Role::AgencyAdmin, me, other, Disable, &one),
            Err(LoginRefusal::LastAdmin)
        );
        // No role of the platform, and nothing for those who are not admins.
        assert_eq!(
            login_change(
                Role::AgencyAdmin,
                me,
                clerk,
                role(Role::PlatformOperator),
                &two
            ),
            Err(LoginRefusal::NotGrantable)
        );
        assert_eq!(
            login_change(Role::Coordinator, clerk, other, Disable, &two),
            Err(LoginRefusal::NotGrantable)
        );
    }
}
