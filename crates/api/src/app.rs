//! Building the server: state, routes, middleware, the OpenAPI document.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

use crate::http::defences::{ContentPolicy, with_defences};
use actix_web::dev::Server;
use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, get, web};
use sea_orm::DatabaseConnection;
use tokio::signal::unix::{SignalKind, signal};
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::http::fallback::{RouteTable, api_fallback, spa_fallback};
use crate::http::request::{with_request_id, with_timeout};
use crate::{agencies, audit, auth, compliance, db, people, training, users};

pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub keys: TokenKeys,
    pub files: crate::files::FileStore,
    pub dashboards: crate::dashboard::DashboardCache,
    pub matrices: crate::matrix::MatrixCache,
    pub imports: crate::imports::progress::ImportJobs,
    pub throttle: crate::auth::throttle::AddressThrottle,
    pub key_throttle: crate::auth::throttle::KeyThrottle,
    /// The time every handler and job reads; tests move it forward.
    pub clock: crate::clock::Clock,
}

impl AppState {
    /// What the handlers share; the command line builds the same to run a use case.
    pub fn new(
        config: Config,
        db: DatabaseConnection,
        keys: TokenKeys,
        clock: crate::clock::Clock,
    ) -> anyhow::Result<Self> {
        let files = crate::files::FileStore::open(&config)?;
        Ok(AppState {
            files,
            throttle: crate::auth::throttle::AddressThrottle::new(config.login_failures_per_minute),
            key_throttle: Default::default(),
            db,
            config: Arc::new(config),
            keys,
            dashboards: Default::default(),
            matrices: Default::default(),
            imports: Default::default(),
            clock,
        })
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ConfiTrek API",
        description = "Training compliance management for law enforcement agencies. Every error is an RFC 9457 `application/problem+json` body; lists are cursor-paginated (`?limit=&cursor=` → `{items, next_cursor}`); dates are `YYYY-MM-DD`, timestamps RFC 3339 UTC, ids UUIDv7.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&Security),
    // Enums that only query parameters name: a parameter refers to them, nothing registers them.
    components(schemas(confitrek_types::reports::ReportFormat, confitrek_types::ReimbursementFormat, crate::uof::exports::FederalFormat, confitrek_types::SpreadsheetFormat, confitrek_types::RosterSort, confitrek_types::SortOrder, confitrek_types::MatrixSort, confitrek_types::MatrixFormat)),
    security(("bearer" = []), ("session_cookie" = [])),
    tags(
        (name = "operations", description = "For load balancers and supervisors: whether the process is alive and whether it is ready to serve"),
        (name = "auth", description = "Sign-in, tokens, the current user"),
        (name = "agencies", description = "Tenants"),
        (name = "users", description = "Logins of an agency"),
        (name = "people", description = "The roster: officers and civilian staff"),
        (name = "audit", description = "The append-only audit log"),
        (name = "compliance", description = "Rule sets and verdicts"),
        (name = "dashboard", description = "The compliance picture of the people in view, from their stored verdicts"),
        (name = "credentials", description = "Custom credentials: types with a validity and what renews them, awards"),
        (name = "policies", description = "Policies with versions, whom they are assigned to, acknowledgements"),
        (name = "training", description = "Topics, courses, sessions with attendance, training records with verification and corrections"),
        (name = "expenses", description = "Training costs: expense lines on a training record, a session (shared equally among its attendees) or a person, requested -> approved (committed) -> paid (spent) or rejected, with receipts; budgets per fiscal year and unit with spent, committed and left; summaries and CSV/XLSX exports"),
        (name = "calendar", description = "iCalendar feeds of deadlines and sessions at secret, rotatable URLs"),
        (name = "exports", description = "Everything an agency owns, as one archive"),
        (name = "reports", description = "Reports generated on the server as CSV or PDF downloads: compliance as of a day, transcripts, topic hours, the audit trail"),
        (name = "roi", description = "What ConfiTrek returned to the agency in a fiscal year, for command staff: reimbursement prepared and received, coordinator time saved (counted from what was done, with the assumptions), training spend per officer"),
        (name = "reimbursement", description = "The state's reimbursement of the agency's training costs: Minnesota's application (Rule 6700.1800) and Ohio's CPT reimbursement (OAC 109:2-18-04) computed from the roster, verified training, expenses and officers' base hourly rates, each fact with its sources and `unconfirmed` marks; the record that another unit claims an officer; officers' pay rates"),
        (name = "notifications", description = "The signed-in user's notifications (in the app and by email) and the agency's notification settings"),
        (name = "integrations", description = "Service accounts and their API keys, for other systems"),
        (name = "state-reports", description = "The reports an agency files with its state's POST board (Ohio's annual CPT roster, Indiana's annual in-service report, Oregon's F-6 roster, Minnesota's Affidavit of Attendance): each kind with its due dates and sources, prepared from the agency's records as CSV or PDF in a layout whose every column names its source or what is unconfirmed, reviewed and marked transmitted by the training office; every version kept with its data and what changed. ConfiTrek never sends a report itself."),
        (name = "webhooks", description = "Signed webhooks (Standard Webhooks): URLs of other systems told of changes (verdicts, training records, credentials about to expire, acknowledgements, incidents, imports), each message signed with the webhook's secret (`webhook-id`, `webhook-timestamp`, `webhook-signature` headers), retried on failure, with a delivery log and replay"),
        (name = "sso", description = "Single sign-on: the agency's OpenID Connect identity providers (admins), and signing in through one (authorization code with PKCE)"),
        (name = "scim", description = "Provisioning from the agency's identity provider over SCIM 2.0 (RFC 7643, RFC 7644). Under `/scim/v2`, with a SCIM token (security scheme `scim_token`): users (people of the roster with a login by e-mail) and groups, with SCIM's own bodies (`application/scim+json`) and errors. Under `/api/v1`, for agency admins: the SCIM tokens, and what each pushed group maps to (a unit, a role)."),
        (name = "uof", description = "Use of Force incidents (agencies with the `uof` module): the FBI collection's elements, a draft-submitted-reviewed-closed workflow with amendments, the involved officers' training on the incident day, aggregates and exports"),
    )
)]
struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "scim_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A SCIM token an agency admin made (`POST /api/v1/scim-tokens`), for `/scim/v2` only.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                auth::signing_in::ACCESS_COOKIE,
            ))),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                auth::api_keys::HEADER,
                "A service account's API key (`ctk_…`), for other systems. Only the operations that list this scheme accept it, each with the scope it needs; keys are limited in requests per minute (429 with `Retry-After`).",
            ))),
        );
    }
}

/// Alive: the process answers, whatever its database does. For a supervisor that restarts a
/// process that hangs; a load balancer asks `/ready`.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "The process answers", body = confitrek_types::Health)),
    security(())
)]
#[get("/health")]
async fn health() -> web::Json<confitrek_types::Health> {
    web::Json(confitrek_types::Health {
        status: "ok".into(),
    })
}

/// Ready to serve: the database answers and has every migration this server knows. A load
/// balancer sends requests only to servers that answer 200 here.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "The server can serve", body = confitrek_types::Readiness),
        (status = 503, description = "Not ready (`not_ready`): the database does not answer, or migrations are pending (the detail names them); `Retry-After` says when to ask again", body = confitrek_types::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/ready")]
async fn ready(
    state: web::Data<AppState>,
) -> crate::http::ApiResult<web::Json<confitrek_types::Readiness>> {
    db::readiness(&state.db).await?;
    Ok(web::Json(confitrek_types::Readiness {
        status: "ready".into(),
        database: state.config.database_kind().into(),
    }))
}

fn api_scope() -> utoipa_actix_web::scope::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    scope::scope("/api/v1")
        .service(auth::handlers::login)
        .service(auth::handlers::login_form)
        .service(auth::handlers::refresh)
        .service(auth::handlers::logout)
        .service(auth::handlers::accept_invite)
        .service(auth::handlers::me)
        .service(auth::security_handlers::mfa_status)
        .service(auth::security_handlers::start_mfa)
        .service(auth::security_handlers::confirm_mfa)
        .service(auth::security_handlers::my_sessions)
        .service(auth::security_handlers::end_my_session)
        .service(auth::security_handlers::end_other_sessions)
        .service(auth::security_handlers::security_settings)
        .service(auth::security_handlers::update_security_settings)
        .service(agencies::handlers::create_agency)
        .service(agencies::handlers::list_agencies)
        .service(agencies::handlers::current_agency)
        .service(agencies::handlers::update_agency)
        .service(agencies::handlers::update_settings)
        .service(users::handlers::invite_user)
        .service(users::handlers::list_users)
        .service(users::handlers::change_role)
        .service(users::handlers::disable_user)
        .service(users::handlers::enable_user)
        .service(users::handlers::new_password_link)
        .service(users::handlers::reset_mfa)
        .service(users::handlers::end_user_sessions)
        .service(users::handlers::unlock_user)
        .service(people::handlers::list_people)
        .service(people::handlers::list_units)
        .service(people::handlers::export_roster)
        .service(people::handlers::create_person)
        .service(people::handlers::get_person)
        .service(people::handlers::replace_person)
        .service(people::handlers::deactivate_person)
        .service(people::handlers::erase_person)
        .service(audit::list_audit_events)
        .service(compliance::handlers::person_compliance)
        .service(compliance::handlers::person_compliance_history)
        .service(compliance::handlers::list_waivers)
        .service(compliance::handlers::create_waiver)
        .service(compliance::handlers::list_jurisdictions)
        .service(compliance::handlers::get_jurisdiction)
        .service(compliance::handlers::get_jurisdiction_version)
        .service(compliance::handlers::publish_version)
        .service(compliance::what_if::evaluate_what_if)
        .service(crate::dashboard::dashboard)
        .service(crate::matrix::compliance_matrix)
        .service(training::topics::list_topics)
        .service(training::topics::create_topic)
        .service(training::topics::replace_topic)
        .service(training::topics::delete_topic)
        .service(training::courses::list_courses)
        .service(training::courses::create_course)
        .service(training::courses::get_course)
        .service(training::courses::replace_course)
        .service(training::courses::delete_course)
        .service(training::sessions::list_sessions)
        .service(training::sessions::create_session)
        .service(training::sessions::get_session)
        .service(training::sessions::replace_session)
        .service(training::sessions::delete_session)
        .service(training::sessions::enroll)
        .service(training::sessions::unenroll)
        .service(training::sessions::record_attendance)
        .service(training::records::list_records)
        .service(training::records::create_record)
        .service(training::records::get_record)
        .service(training::records::correct_record)
        .service(training::records::delete_record)
        .service(training::records::verify_record)
        .service(training::records::reject_record)
        .service(crate::policies::documents::upload_policy_document)
        .service(crate::policies::documents::download_policy_document)
        .service(crate::imports::handlers::upload_import)
        .service(crate::imports::handlers::list_imports)
        .service(crate::imports::handlers::get_import)
        .service(crate::imports::handlers::set_import_mapping)
        .service(crate::imports::handlers::preview_import)
        .service(crate::imports::handlers::commit_import)
        .service(crate::imports::handlers::undo_import)
        .service(crate::spreadsheets::handlers::spreadsheet_template)
        .service(crate::spreadsheets::handlers::spreadsheet_export)
        .service(crate::training::certificates::upload_certificate)
        .service(crate::training::certificates::download_certificate)
        .service(crate::training::certificates::delete_certificate)
        .service(crate::expenses::handlers::list_expenses)
        .service(crate::expenses::handlers::create_expense)
        .service(crate::expenses::handlers::expense_summary)
        .service(crate::expenses::handlers::export_expenses)
        .service(crate::expenses::handlers::get_expense)
        .service(crate::expenses::handlers::replace_expense)
        .service(crate::expenses::handlers::delete_expense)
        .service(crate::expenses::handlers::change_expense_status)
        .service(crate::expenses::receipts::upload_receipt)
        .service(crate::expenses::receipts::download_receipt)
        .service(crate::expenses::receipts::delete_receipt)
        .service(crate::expenses::budgets::list_budgets)
        .service(crate::expenses::budgets::create_budget)
        .service(crate::expenses::budgets::replace_budget)
        .service(crate::expenses::budgets::delete_budget)
        .service(crate::training_requests::handlers::create_request)
        .service(crate::training_requests::handlers::list_requests)
        .service(crate::training_requests::handlers::approve_request)
        .service(crate::training_requests::handlers::deny_request)
        .service(crate::training_requests::handlers::withdraw_request)
        .service(compliance::agency_rules::list_requirements)
        .service(compliance::agency_rules::create_requirement)
        .service(compliance::agency_rules::replace_requirement)
        .service(compliance::agency_rules::delete_requirement)
        .service(compliance::agency_rules::list_profiles)
        .service(compliance::agency_rules::create_profile)
        .service(compliance::agency_rules::replace_profile)
        .service(compliance::agency_rules::delete_profile)
        .service(crate::credentials::handlers::list_credential_types)
        .service(crate::credentials::handlers::create_credential_type)
        .service(crate::credentials::handlers::replace_credential_type)
        .service(crate::credentials::handlers::delete_credential_type)
        .service(crate::credentials::handlers::list_credentials)
        .service(crate::credentials::handlers::award_credential)
        .service(crate::credentials::handlers::delete_credential)
        .service(crate::policies::handlers::list_policies)
        .service(crate::policies::handlers::create_policy)
        .service(crate::policies::handlers::get_policy)
        .service(crate::policies::handlers::replace_policy)
        .service(crate::policies::handlers::delete_policy)
        .service(crate::policies::handlers::publish_policy_version)
        .service(crate::policies::handlers::acknowledge)
        .service(crate::policies::handlers::list_acknowledgements)
        .service(crate::policies::handlers::person_policies)
        .service(crate::calendar::handlers::list_calendar_feeds)
        .service(crate::calendar::handlers::rotate_calendar_feed)
        .service(crate::calendar::handlers::calendar_feed)
        .service(crate::exports::handlers::download_export)
        .service(crate::reports::handlers::compliance_report)
        .service(crate::reports::handlers::topic_report)
        .service(crate::reports::handlers::audit_report)
        .service(crate::reports::handlers::person_transcript)
        .service(crate::reports::handlers::session_sign_in_sheet)
        .service(crate::roi::roi)
        .service(crate::reimbursement::handlers::reimbursement_program)
        .service(crate::reimbursement::handlers::minnesota_application)
        .service(crate::reimbursement::handlers::ohio_reimbursement)
        .service(crate::reimbursement::handlers::decide_claim)
        .service(crate::reimbursement::handlers::list_pay_rates)
        .service(crate::reimbursement::handlers::set_pay_rate)
        .service(crate::reimbursement::handlers::delete_pay_rate)
        .service(crate::notifications::handlers::list_notifications)
        .service(crate::notifications::handlers::unread_count)
        .service(crate::notifications::handlers::get_settings)
        .service(crate::notifications::handlers::put_settings)
        .service(crate::notifications::handlers::mark_all_read)
        .service(crate::notifications::handlers::send_reminders)
        .service(crate::notifications::handlers::mark_read)
        .service(crate::uof::handlers::list_incidents)
        .service(crate::uof::handlers::create_incident)
        .service(crate::uof::handlers::get_incident)
        .service(crate::uof::handlers::update_incident)
        .service(crate::uof::handlers::submit_incident)
        .service(crate::uof::handlers::review_incident)
        .service(crate::uof::handlers::return_incident)
        .service(crate::uof::handlers::close_incident)
        .service(crate::uof::handlers::amend_incident)
        .service(crate::uof::exports::aggregates)
        .service(crate::uof::exports::federal_export)
        .service(crate::uof::exports::agency_export)
        .service(users::handlers::set_uof_access)
        .service(crate::service_accounts::list_service_accounts)
        .service(crate::service_accounts::create_service_account)
        .service(crate::service_accounts::replace_service_account)
        .service(crate::service_accounts::disable_service_account)
        .service(crate::service_accounts::create_api_key)
        .service(crate::service_accounts::revoke_api_key)
        .service(crate::state_reports::handlers::list_state_reports)
        .service(crate::state_reports::handlers::prepare_state_report)
        .service(crate::state_reports::handlers::preview_state_report)
        .service(crate::state_reports::handlers::get_state_report)
        .service(crate::state_reports::handlers::review_state_report)
        .service(crate::state_reports::handlers::mark_state_report_transmitted)
        .service(crate::state_reports::handlers::record_state_report_received)
        .service(crate::state_reports::handlers::download_state_report)
        .service(crate::webhooks::handlers::list_webhooks)
        .service(crate::webhooks::handlers::create_webhook)
        .service(crate::webhooks::handlers::get_webhook)
        .service(crate::webhooks::handlers::replace_webhook)
        .service(crate::webhooks::handlers::delete_webhook)
        .service(crate::webhooks::handlers::rotate_webhook_secret)
        .service(crate::webhooks::handlers::test_webhook)
        .service(crate::webhooks::handlers::list_webhook_deliveries)
        .service(crate::webhooks::handlers::replay_webhook_delivery)
        .service(crate::sso::handlers::list_identity_providers)
        .service(crate::sso::handlers::create_identity_provider)
        .service(crate::sso::handlers::get_identity_provider)
        .service(crate::sso::handlers::replace_identity_provider)
        .service(crate::sso::handlers::delete_identity_provider)
        .service(crate::sso::handlers::discover_sso)
        .service(crate::sso::flow_handlers::start_sso)
        .service(crate::sso::flow_handlers::sso_callback)
        .service(crate::sso::flow_handlers::sso_code)
        .service(crate::scim::tokens::list_scim_tokens)
        .service(crate::scim::tokens::create_scim_token)
        .service(crate::scim::tokens::revoke_scim_token)
        .service(crate::scim::mappings::list_scim_groups)
        .service(crate::scim::mappings::map_scim_group)
}

/// The OpenAPI document, built from the same routes the server serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(health)
        .service(ready)
        .service(api_scope())
        .service(crate::scim::scope())
        .split_for_parts();
    let mut doc = doc;
    utoipa::Modify::modify(&crate::openapi::RuleDocuments, &mut doc);
    utoipa::Modify::modify(&crate::openapi::Conventions, &mut doc);
    doc
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds the configured address (port 0 picks a free one) and prepares the server.
    pub async fn build(config: Config, db: DatabaseConnection) -> anyhow::Result<Self> {
        Self::build_with_clock(config, db, crate::clock::Clock::system()).await
    }

    /// [`Application::build`] with the time read from `clock`.
    pub async fn build_with_clock(
        config: Config,
        db: DatabaseConnection,
        clock: crate::clock::Clock,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.bind)?;
        let port = listener.local_addr()?.port();
        let keys = TokenKeys::new(
            &config.token_secret,
            config.access_token_minutes,
            config.refresh_token_days,
        );
        let static_dir = config.static_dir.clone();
        let state = web::Data::new(AppState::new(config, db, keys, clock)?);
        let doc = openapi();
        let routes = web::Data::new(Arc::new(RouteTable::from_openapi(&doc)));
        let document = web::Data::new(ApiDocument(serde_json::to_vec(&doc)?.into()));
        drop(doc);
        let static_dir = web::Data::new(static_dir);
        let server = HttpServer::new(move || {
            app(
                state.clone(),
                routes.clone(),
                static_dir.clone(),
                document.clone(),
            )
        })
        .listen(listener)?
        // On SIGTERM, requests under way get this long to finish before the process exits.
        .shutdown_timeout(10)
        .disable_signals()
        .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// Serves until SIGTERM or SIGINT, then stops taking connections and gives requests
    /// under way the shutdown timeout to finish.
    pub async fn run_until_signalled(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        // Listen for SIGTERM before saying "listening": a supervisor that stops the server
        // as soon as it is up must not kill it outright.
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        tracing::info!(port = self.port, "listening");
        tokio::spawn(async move {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
            tracing::info!("stopping");
            handle.stop(true).await;
        });
        self.server.await
    }
}

/// The OpenAPI document as `/api/openapi.json` serves it: written out once as the server
/// starts and shared by every worker, where a copy of the document per worker would hold
/// tens of megabytes.
struct ApiDocument(web::Bytes);

async fn api_document(document: web::Data<ApiDocument>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(document.0.clone())
}

fn app(
    state: web::Data<AppState>,
    routes: web::Data<Arc<RouteTable>>,
    static_dir: web::Data<PathBuf>,
    document: web::Data<ApiDocument>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // The app page's inline scripts are hashed once, as the server starts.
    let policy = web::Data::new(ContentPolicy::for_app(static_dir.get_ref()));
    let (app, _) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(state)
        .app_data(routes)
        .app_data(static_dir)
        .app_data(policy)
        .app_data(
            web::PathConfig::default()
                .error_handler(|_, req| crate::http::fallback::bad_path_parameter(req).into()),
        )
        .service(health)
        .service(ready)
        .service(api_scope().default_service(web::to(api_fallback)))
        .service(crate::scim::scope().default_service(web::to(crate::scim::unrouted)))
        .split_for_parts();
    let app = app
        .wrap(from_fn(with_timeout))
        .wrap(from_fn(crate::http::idempotency::with_idempotency))
        .wrap(from_fn(with_defences))
        .wrap(from_fn(with_request_id))
        .wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Referrer-Policy", "same-origin"))
                .add(("X-Frame-Options", "DENY")),
        )
        .wrap(Compress::default())
        .wrap(TracingLogger::<crate::calendar::RedactedSpans>::new())
        .service(
            web::resource("/api/openapi.json")
                .app_data(document)
                .get(api_document),
        )
        .service(
            SwaggerUi::new("/api/docs/{_:.*}")
                .config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
        );
    app.default_service(web::to(spa_fallback))
}
