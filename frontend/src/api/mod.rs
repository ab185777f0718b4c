//! The typed client of ConfiTrek's REST API: the only module that speaks HTTP.
//!
//! Authentication rides on the HttpOnly cookies the server sets at login, so nothing here
//! holds a token. Every failure, whatever its cause, comes back as one [`ApiError`] wrapping
//! an RFC 9457 [`Problem`], so every page shows errors (and per-field errors) the same way.

pub mod expenses;
pub mod imports;
pub mod matrix;
pub mod notifications;
pub mod reimbursement;
pub mod roi;
pub mod scim;
pub mod security;
pub mod service_accounts;
pub mod spreadsheets;
pub mod sso;
pub mod state_reports;
mod transport;
pub mod uof;
pub mod webhooks;

use std::fmt;

use confitrek_types::{
    AgencyDto, AgencyRequirementDto, AgencySettings, AuditEventDto, CertificateDto,
    ComplianceHistoryDto, ComplianceReportDto, DashboardDto, DeactivateRequest, InviteUserRequest,
    JurisdictionDetail, JurisdictionSummary, LoginRequest, Me, Page, PersonDto, PersonInput,
    PersonKind, PersonStatus, Problem, ProfileDto, ProfileInput, RosterSort, SessionDto, SortOrder,
    TopicsDto, TrainingRecordDto, TrainingRecordInput, TrainingRequestDecision, TrainingRequestDto,
    TrainingRequestInput, UserDto, UserInvited, WaiverDto, WaiverInput,
};
use reqwest::Method;
use time::Date;
use uuid::Uuid;

use crate::format::date_input;

pub use transport::on_session_expired;
use transport::{Call, checked, decoded, delete, empty_object, get, send_json, with_cursor};

/// A failed call, always in the server's problem format. Failures that never reached the
/// server (network down, unreadable body) are turned into a problem here, with status 0
/// when there was no response at all.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(Box<Problem>);

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn status(&self) -> u16 {
        self.0.status
    }

    pub fn into_problem(self) -> Problem {
        *self.0
    }

    pub(crate) fn client_side(status: u16, title: &str, detail: String) -> Self {
        ApiError::from(Problem {
            kind: "urn:confitrek:problem:client".into(),
            title: title.into(),
            status,
            detail: Some(detail),
            request_id: None,
            errors: Vec::new(),
        })
    }

    pub(crate) fn network(err: impl fmt::Display) -> Self {
        Self::client_side(0, "Cannot reach the server", err.to_string())
    }
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        ApiError(Box::new(problem))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.detail {
            Some(detail) => write!(f, "{}: {detail}", self.0.title),
            None => f.write_str(&self.0.title),
        }
    }
}

impl std::error::Error for ApiError {}

// ---- auth ----

/// Signs in. Not retried through a refresh: a 401 here means wrong credentials.
pub async fn login(credentials: &LoginRequest) -> ApiResult<()> {
    checked(
        Call::new(Method::POST, "/auth/login", &[])?
            .with_json(credentials)?
            .send()
            .await?,
    )
    .await
    .map(drop)
}

pub async fn logout() -> ApiResult<()> {
    checked(
        Call::new(Method::POST, "/auth/logout", &[])?
            .with_json(&empty_object())?
            .send()
            .await?,
    )
    .await
    .map(drop)
}

pub async fn me() -> ApiResult<Me> {
    get("/me", &[]).await
}

/// Who the cookies left from an earlier visit belong to, if anyone.
pub async fn resume_session() -> ApiResult<Me> {
    let call = Call::new(Method::GET, "/me", &[])?.without_expiry_report();
    decoded(call.execute().await?).await
}

// ---- people ----

/// The roster's filters and order, as the `GET /people` query understands them.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterFilter {
    pub q: String,
    pub unit: String,
    pub status: Option<PersonStatus>,
    pub kind: Option<PersonKind>,
    pub sort: RosterSort,
    pub order: SortOrder,
}

impl Default for RosterFilter {
    fn default() -> Self {
        Self {
            q: String::new(),
            unit: String::new(),
            status: None,
            kind: None,
            sort: RosterSort::Name,
            order: SortOrder::Asc,
        }
    }
}

impl RosterFilter {
    /// The parameters that differ from the whole roster by name.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        let q = self.q.trim();
        if !q.is_empty() {
            query.push(("q", q.to_owned()));
        }
        if !self.unit.is_empty() {
            query.push(("unit", self.unit.clone()));
        }
        if let Some(status) = self.status {
            query.push(("status", status.as_str().to_owned()));
        }
        if let Some(kind) = self.kind {
            query.push(("kind", kind.as_str().to_owned()));
        }
        if self.sort != RosterSort::Name {
            query.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.order != SortOrder::Asc {
            query.push(("order", self.order.as_str().to_owned()));
        }
        query
    }

    /// The filter as the roster page's query string (`q=…&unit=…`), so that a reload or a
    /// shared link shows the same people in the same order.
    pub fn query_string(&self) -> String {
        self.query()
            .into_iter()
            .map(|(name, value)| format!("{name}={}", crate::routes::url_encoded(&value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Ordered by `sort`: the same column again turns the order round.
    pub fn sorted_by(&self, sort: RosterSort) -> Self {
        let order = match (self.sort == sort, self.order) {
            (true, SortOrder::Asc) => SortOrder::Desc,
            _ => SortOrder::Asc,
        };
        Self {
            sort,
            order,
            ..self.clone()
        }
    }
}

pub const ROSTER_PAGE_SIZE: u32 = 50;

pub async fn people(filter: &RosterFilter, cursor: Option<&str>) -> ApiResult<Page<PersonDto>> {
    let mut query = vec![("limit", ROSTER_PAGE_SIZE.to_string())];
    query.extend(filter.query());
    get("/people", &with_cursor(query, cursor)).await
}

/// The roster as shown (its filters and order, every page) as a file.
pub fn roster_export_url(
    filter: &RosterFilter,
    format: confitrek_types::SpreadsheetFormat,
) -> String {
    let shown = filter.query_string();
    let and = if shown.is_empty() { "" } else { "&" };
    format!(
        "/api/v1/people/export?format={}{and}{shown}",
        format.as_str()
    )
}

pub async fn units() -> ApiResult<Vec<String>> {
    get("/people/units", &[]).await
}

pub async fn person(id: Uuid) -> ApiResult<PersonDto> {
    get(&format!("/people/{id}"), &[]).await
}

pub async fn create_person(input: &PersonInput) -> ApiResult<PersonDto> {
    send_json(Method::POST, "/people", input).await
}

pub async fn update_person(id: Uuid, input: &PersonInput) -> ApiResult<PersonDto> {
    send_json(Method::PUT, &format!("/people/{id}"), input).await
}

pub async fn deactivate_person(id: Uuid, request: &DeactivateRequest) -> ApiResult<PersonDto> {
    send_json(Method::POST, &format!("/people/{id}/deactivate"), request).await
}

/// Erases a person and every record of his or hers, for good (admins).
pub async fn erase_person(id: Uuid) -> ApiResult<()> {
    delete(&format!("/people/{id}")).await
}

// ---- compliance ----

/// The compliance picture of the people the user may see, or of one unit.
pub async fn dashboard(unit: Option<&str>) -> ApiResult<DashboardDto> {
    let query: Vec<(&str, String)> = unit.map(|u| ("unit", u.to_owned())).into_iter().collect();
    get("/dashboard", &query).await
}

/// The person's verdict on `as_of`, requirement by requirement.
pub async fn compliance(id: Uuid, as_of: Date) -> ApiResult<ComplianceReportDto> {
    get(
        &format!("/people/{id}/compliance"),
        &[("as_of", date_input(Some(as_of)))],
    )
    .await
}

/// Every period of every hours requirement of the last six years, with its verdict.
pub async fn compliance_history(id: Uuid) -> ApiResult<ComplianceHistoryDto> {
    get(&format!("/people/{id}/compliance/history"), &[]).await
}

pub async fn waivers(id: Uuid) -> ApiResult<Vec<WaiverDto>> {
    get(&format!("/people/{id}/waivers"), &[]).await
}

pub async fn record_waiver(id: Uuid, input: &WaiverInput) -> ApiResult<WaiverDto> {
    send_json(Method::POST, &format!("/people/{id}/waivers"), input).await
}

/// The rule sets ConfiTrek knows, one per jurisdiction (state).
pub async fn jurisdictions() -> ApiResult<Vec<JurisdictionSummary>> {
    get("/jurisdictions", &[]).await
}

/// A jurisdiction's rules in the version in force today.
pub async fn jurisdiction(code: &str) -> ApiResult<JurisdictionDetail> {
    let code: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    get(&format!("/jurisdictions/{code}"), &[]).await
}

// ---- the agency's own requirements and training profiles ----

pub async fn requirements() -> ApiResult<Vec<AgencyRequirementDto>> {
    get("/requirements", &[]).await
}

/// `document` is a requirement in the form of a rule in a rule set (see rules/README.md).
pub async fn create_requirement(document: &serde_json::Value) -> ApiResult<AgencyRequirementDto> {
    send_json(Method::POST, "/requirements", document).await
}

pub async fn update_requirement(
    id: Uuid,
    document: &serde_json::Value,
) -> ApiResult<AgencyRequirementDto> {
    send_json(Method::PUT, &format!("/requirements/{id}"), document).await
}

pub async fn delete_requirement(id: Uuid) -> ApiResult<()> {
    delete(&format!("/requirements/{id}")).await
}

pub async fn profiles() -> ApiResult<Vec<ProfileDto>> {
    get("/profiles", &[]).await
}

pub async fn create_profile(input: &ProfileInput) -> ApiResult<ProfileDto> {
    send_json(Method::POST, "/profiles", input).await
}

pub async fn update_profile(id: Uuid, input: &ProfileInput) -> ApiResult<ProfileDto> {
    send_json(Method::PUT, &format!("/profiles/{id}"), input).await
}

pub async fn delete_profile(id: Uuid) -> ApiResult<()> {
    delete(&format!("/profiles/{id}")).await
}

// ---- agency administration ----

/// The signed-in user's agency.
pub async fn current_agency() -> ApiResult<AgencyDto> {
    get("/agencies/current", &[]).await
}

pub async fn update_settings(settings: &AgencySettings) -> ApiResult<AgencyDto> {
    send_json(Method::PUT, "/agencies/current/settings", settings).await
}

/// Which audit events to show: the login that acted, the start of the action, the days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub actor: String,
    pub action: String,
    pub from: String,
    pub to: String,
}

pub async fn audit_events(
    filter: &AuditFilter,
    cursor: Option<&str>,
) -> ApiResult<Page<AuditEventDto>> {
    let mut query = vec![("limit", "50".to_owned())];
    for (name, value) in [
        ("actor", &filter.actor),
        ("action", &filter.action),
        ("from", &filter.from),
        ("to", &filter.to),
    ] {
        if !value.is_empty() {
            query.push((name, value.clone()));
        }
    }
    get("/audit-events", &with_cursor(query, cursor)).await
}

pub async fn users(cursor: Option<&str>) -> ApiResult<Page<UserDto>> {
    get(
        "/users",
        &with_cursor(vec![("limit", "100".into())], cursor),
    )
    .await
}

pub async fn invite_user(request: &InviteUserRequest) -> ApiResult<UserInvited> {
    send_json(Method::POST, "/users", request).await
}

pub async fn change_role(user: Uuid, role: confitrek_types::Role) -> ApiResult<UserDto> {
    let input = confitrek_types::RoleInput { role };
    send_json(Method::PUT, &format!("/users/{user}/role"), &input).await
}

/// Switches a login off (`false`) or back on (`true`).
pub async fn set_login_enabled(user: Uuid, enabled: bool) -> ApiResult<UserDto> {
    let action = if enabled { "enable" } else { "disable" };
    send_json(
        Method::POST,
        &format!("/users/{user}/{action}"),
        &empty_object(),
    )
    .await
}

/// A new invitation, or a password reset for a login already used.
pub async fn password_link(user: Uuid) -> ApiResult<UserInvited> {
    send_json(
        Method::POST,
        &format!("/users/{user}/password-link"),
        &empty_object(),
    )
    .await
}

/// Sets the password of an invited (or reset) login with its one-time token.
pub async fn accept_invite(request: &confitrek_types::AcceptInviteRequest) -> ApiResult<()> {
    checked(
        Call::new(Method::POST, "/auth/accept-invite", &[])?
            .with_json(request)?
            .send()
            .await?,
    )
    .await
    .map(drop)
}

// ---- training requests ----

/// Sessions that end today or later, soonest first.
pub async fn upcoming_sessions(from: Date) -> ApiResult<Page<SessionDto>> {
    get(
        "/sessions",
        &[("from", date_input(Some(from))), ("limit", "100".into())],
    )
    .await
}

pub async fn training_requests(
    status: Option<&str>,
    person_id: Option<Uuid>,
) -> ApiResult<Page<TrainingRequestDto>> {
    let mut query = vec![("limit", "100".to_owned())];
    if let Some(status) = status {
        query.push(("status", status.to_owned()));
    }
    if let Some(person) = person_id {
        query.push(("person_id", person.to_string()));
    }
    get("/training-requests", &query).await
}

pub async fn request_training(input: &TrainingRequestInput) -> ApiResult<TrainingRequestDto> {
    send_json(Method::POST, "/training-requests", input).await
}

pub async fn approve_training_request(
    id: Uuid,
    decision: &TrainingRequestDecision,
) -> ApiResult<TrainingRequestDto> {
    send_json(
        Method::POST,
        &format!("/training-requests/{id}/approve"),
        decision,
    )
    .await
}

pub async fn deny_training_request(
    id: Uuid,
    decision: &TrainingRequestDecision,
) -> ApiResult<TrainingRequestDto> {
    send_json(
        Method::POST,
        &format!("/training-requests/{id}/deny"),
        decision,
    )
    .await
}

pub async fn withdraw_training_request(id: Uuid) -> ApiResult<TrainingRequestDto> {
    send_json(
        Method::POST,
        &format!("/training-requests/{id}/withdraw"),
        &empty_object(),
    )
    .await
}

// ---- calendar feeds and the full export ----

/// The calendar feeds the signed-in user may subscribe to (made on first request).
pub async fn calendar_feeds() -> ApiResult<Vec<confitrek_types::CalendarFeedDto>> {
    get("/calendar-feeds", &[]).await
}

/// A new secret URL for a feed; the old one stops working.
pub async fn rotate_calendar_feed(id: Uuid) -> ApiResult<confitrek_types::CalendarFeedDto> {
    send_json(
        Method::POST,
        &format!("/calendar-feeds/{id}/rotate"),
        &empty_object(),
    )
    .await
}

/// Where the browser downloads the agency's full export (the session cookie goes along).
pub fn export_url() -> &'static str {
    "/api/v1/exports"
}

/// The agency's full export encrypted with `passphrase` (an age file), and the name the
/// server gives the file. Sent as a POST so that the passphrase stays out of the URL.
pub async fn encrypted_export(passphrase: String) -> ApiResult<(Vec<u8>, String)> {
    let response = Call::new(Method::POST, "/exports", &[])?
        .with_json(&confitrek_types::EncryptedExportRequest { passphrase })?
        .execute()
        .await?;
    let filename = response
        .headers()
        .get(reqwest::header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("filename=\"").nth(1))
        .and_then(|v| v.split('"').next())
        .unwrap_or("confitrek-export.zip.age")
        .to_owned();
    let bytes = response.bytes().await.map_err(ApiError::network)?;
    Ok((bytes.to_vec(), filename))
}

// ---- certificates ----

/// Where the browser downloads a record's certificate (the session cookie goes along).
pub fn certificate_url(record: Uuid) -> String {
    format!("/api/v1/training-records/{record}/certificate")
}

/// Attaches (or replaces) a record's certificate; the server reads the type from the bytes.
pub async fn upload_certificate(record: Uuid, bytes: Vec<u8>) -> ApiResult<CertificateDto> {
    let call = Call::new(
        Method::PUT,
        &format!("/training-records/{record}/certificate"),
        &[],
    )?
    .with_bytes("application/octet-stream", bytes);
    decoded(call.execute().await?).await
}

// ---- training records ----

/// The topics records may give hours in: the state's, then the agency's.
pub async fn topics() -> ApiResult<TopicsDto> {
    get("/topics", &[]).await
}

/// A person's records, newest first.
pub async fn training_records_of(person: Uuid) -> ApiResult<Page<TrainingRecordDto>> {
    get(
        "/training-records",
        &[("person_id", person.to_string()), ("limit", "100".into())],
    )
    .await
}

/// Reports a training: one's own waits for verification.
pub async fn report_training(input: &TrainingRecordInput) -> ApiResult<TrainingRecordDto> {
    send_json(Method::POST, "/training-records", input).await
}

// ---- credentials ----

pub async fn credential_types() -> ApiResult<Vec<confitrek_types::CredentialTypeDto>> {
    get("/credential-types", &[]).await
}

pub async fn create_credential_type(
    input: &confitrek_types::CredentialTypeInput,
) -> ApiResult<confitrek_types::CredentialTypeDto> {
    send_json(Method::POST, "/credential-types", input).await
}

pub async fn update_credential_type(
    id: Uuid,
    input: &confitrek_types::CredentialTypeInput,
) -> ApiResult<confitrek_types::CredentialTypeDto> {
    send_json(Method::PUT, &format!("/credential-types/{id}"), input).await
}

pub async fn delete_credential_type(id: Uuid) -> ApiResult<()> {
    delete(&format!("/credential-types/{id}")).await
}

/// A person's credentials, awarded and earned through training, newest first.
pub async fn credentials(person: Uuid) -> ApiResult<Vec<confitrek_types::CredentialDto>> {
    get("/credentials", &[("person_id", person.to_string())]).await
}

pub async fn award_credential(
    input: &confitrek_types::AwardCredentialInput,
) -> ApiResult<confitrek_types::CredentialDto> {
    send_json(Method::POST, "/credentials", input).await
}

pub async fn delete_credential(id: Uuid) -> ApiResult<()> {
    delete(&format!("/credentials/{id}")).await
}

/// The whole course catalog, for choosing the courses that renew a credential.
pub async fn catalog_courses() -> ApiResult<Vec<confitrek_types::CourseDto>> {
    let mut courses = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..20 {
        let page: Page<confitrek_types::CourseDto> = get(
            "/courses",
            &with_cursor(vec![("limit", "200".into())], cursor.as_deref()),
        )
        .await?;
        courses.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(courses)
}

// ---- policies ----

pub async fn policies() -> ApiResult<Vec<confitrek_types::PolicyDto>> {
    get("/policies", &[]).await
}

/// A policy with its versions and who has acknowledged the current one.
pub async fn policy(id: Uuid) -> ApiResult<confitrek_types::PolicyDetailDto> {
    get(&format!("/policies/{id}"), &[]).await
}

pub async fn create_policy(
    input: &confitrek_types::PolicyInput,
) -> ApiResult<confitrek_types::PolicyDto> {
    send_json(Method::POST, "/policies", input).await
}

pub async fn update_policy(
    id: Uuid,
    input: &confitrek_types::PolicyInput,
) -> ApiResult<confitrek_types::PolicyDto> {
    send_json(Method::PUT, &format!("/policies/{id}"), input).await
}

pub async fn delete_policy(id: Uuid) -> ApiResult<()> {
    delete(&format!("/policies/{id}")).await
}

pub async fn publish_policy_version(
    id: Uuid,
    input: &confitrek_types::PolicyVersionInput,
) -> ApiResult<confitrek_types::PolicyVersionDto> {
    send_json(Method::POST, &format!("/policies/{id}/versions"), input).await
}

/// The policies assigned to a person, with the current version's text.
pub async fn person_policies(person: Uuid) -> ApiResult<Vec<confitrek_types::AssignedPolicyDto>> {
    get(&format!("/people/{person}/policies"), &[]).await
}

/// The signed-in person acknowledges a version (for himself or herself only).
pub async fn acknowledge(
    input: &confitrek_types::AcknowledgeInput,
) -> ApiResult<confitrek_types::AcknowledgementDto> {
    send_json(Method::POST, "/acknowledgements", input).await
}

// ---- training: the catalog, sessions and attendance, records and their verification ----

pub async fn course(id: Uuid) -> ApiResult<confitrek_types::CourseDto> {
    get(&format!("/courses/{id}"), &[]).await
}

pub async fn create_course(
    input: &confitrek_types::CourseInput,
) -> ApiResult<confitrek_types::CourseDto> {
    send_json(Method::POST, "/courses", input).await
}

pub async fn update_course(
    id: Uuid,
    input: &confitrek_types::CourseInput,
) -> ApiResult<confitrek_types::CourseDto> {
    send_json(Method::PUT, &format!("/courses/{id}"), input).await
}

pub async fn delete_course(id: Uuid) -> ApiResult<()> {
    delete(&format!("/courses/{id}")).await
}

/// Sessions by start date: those ending on or after `from`, or starting on or before `to`.
pub async fn sessions(
    from: Option<Date>,
    to: Option<Date>,
    cursor: Option<&str>,
) -> ApiResult<Page<SessionDto>> {
    let mut query = vec![("limit", "50".to_owned())];
    if let Some(from) = from {
        query.push(("from", date_input(Some(from))));
    }
    if let Some(to) = to {
        query.push(("to", date_input(Some(to))));
    }
    get("/sessions", &with_cursor(query, cursor)).await
}

pub async fn session(id: Uuid) -> ApiResult<confitrek_types::SessionDetailDto> {
    get(&format!("/sessions/{id}"), &[]).await
}

pub async fn create_session(input: &confitrek_types::SessionInput) -> ApiResult<SessionDto> {
    send_json(Method::POST, "/sessions", input).await
}

pub async fn delete_session(id: Uuid) -> ApiResult<()> {
    delete(&format!("/sessions/{id}")).await
}

/// A session's sign-in sheet to print (the session cookie goes along).
pub fn sign_in_sheet_url(session: Uuid) -> String {
    format!("/api/v1/sessions/{session}/sign-in-sheet")
}

pub async fn enroll(
    session: Uuid,
    request: &confitrek_types::EnrollmentRequest,
) -> ApiResult<confitrek_types::SessionDetailDto> {
    send_json(
        Method::POST,
        &format!("/sessions/{session}/enrollments"),
        request,
    )
    .await
}

pub async fn unenroll(session: Uuid, person: Uuid) -> ApiResult<()> {
    delete(&format!("/sessions/{session}/enrollments/{person}")).await
}

pub async fn record_attendance(
    session: Uuid,
    request: &confitrek_types::AttendanceRequest,
) -> ApiResult<confitrek_types::AttendanceResult> {
    send_json(
        Method::POST,
        &format!("/sessions/{session}/attendance"),
        request,
    )
    .await
}

/// Records waiting for verification, oldest completion last.
pub async fn pending_records(cursor: Option<&str>) -> ApiResult<Page<TrainingRecordDto>> {
    get(
        "/training-records",
        &with_cursor(
            vec![("verification", "pending".into()), ("limit", "50".into())],
            cursor,
        ),
    )
    .await
}

pub async fn training_record(id: Uuid) -> ApiResult<confitrek_types::TrainingRecordDetailDto> {
    get(&format!("/training-records/{id}"), &[]).await
}

pub async fn correct_training_record(
    id: Uuid,
    update: &confitrek_types::TrainingRecordUpdate,
) -> ApiResult<confitrek_types::TrainingRecordDetailDto> {
    send_json(Method::PUT, &format!("/training-records/{id}"), update).await
}

pub async fn delete_training_record(id: Uuid) -> ApiResult<()> {
    delete(&format!("/training-records/{id}")).await
}

pub async fn verify_record(id: Uuid) -> ApiResult<TrainingRecordDto> {
    send_json(
        Method::POST,
        &format!("/training-records/{id}/verify"),
        &empty_object(),
    )
    .await
}

pub async fn reject_record(
    id: Uuid,
    request: &confitrek_types::RejectRequest,
) -> ApiResult<TrainingRecordDto> {
    send_json(
        Method::POST,
        &format!("/training-records/{id}/reject"),
        request,
    )
    .await
}

// ---- policy documents ----

/// Uploads a document for a policy, for its next version to carry.
pub async fn upload_policy_document(
    policy: Uuid,
    bytes: Vec<u8>,
) -> ApiResult<confitrek_types::PolicyDocumentDto> {
    let call = Call::new(Method::POST, &format!("/policies/{policy}/documents"), &[])?
        .with_bytes("application/octet-stream", bytes);
    decoded(call.execute().await?).await
}

/// Where the browser downloads the document of a policy version.
pub fn policy_document_url(policy: Uuid, version: u32) -> String {
    format!("/api/v1/policies/{policy}/versions/{version}/document")
}

#[cfg(test)]
mod roster_tests {
    use super::*;

    #[test]
    fn the_roster_query_names_only_what_differs_from_everyone_by_name() {
        assert_eq!(RosterFilter::default().query_string(), "");
        let filter = RosterFilter {
            q: " dunn ".into(),
            unit: "Night Patrol".into(),
            status: Some(PersonStatus::Active),
            ..RosterFilter::default()
        }
        .sorted_by(RosterSort::Compliance);
        assert_eq!(
            filter.query_string(),
            "q=dunn&unit=Night%20Patrol&status=active&sort=compliance"
        );
        // The same column again turns the order round; another starts ascending.
        let again = filter.sorted_by(RosterSort::Compliance);
        assert_eq!(again.order, SortOrder::Desc);
        assert!(
            again
                .query_string()
                .ends_with("&sort=compliance&order=desc")
        );
        assert_eq!(again.sorted_by(RosterSort::Badge).order, SortOrder::Asc);
        assert_eq!(
            roster_export_url(
                &RosterFilter::default(),
                confitrek_types::SpreadsheetFormat::Xlsx
            ),
            "/api/v1/people/export?format=xlsx"
        );
        assert_eq!(
            roster_export_url(&again, confitrek_types::SpreadsheetFormat::Csv),
            format!("/api/v1/people/export?format=csv&{}", again.query_string())
        );
    }
}
