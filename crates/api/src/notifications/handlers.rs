//! `/notifications`: the signed-in user's own list, marking one read, and the agency's
//! notification settings (admins).

use actix_web::{get, post, put, web};
use confitrek_domain::ValidationErrors;
use confitrek_domain::notifications::{LeadTimes, NotificationKind};
use confitrek_domain::permissions::Action;
use confitrek_types::{
    NotificationDto, NotificationKindSetting, NotificationSettingsDto, NotificationSettingsInput,
    Page, Problem, ReminderRequest, RemindersSent, UnreadCountDto,
};
use uuid::Uuid;

use super::inbox;
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::ListQuery;
use crate::http::{ApiResult, JsonBody, QueryParams};

/// The caller's own notifications, newest first, with the state of each one's email.
#[utoipa::path(
    tag = "notifications",
    params(ListQuery),
    responses(
        (status = 200, body = Page<NotificationDto>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<NotificationDto>>> {
    let page = query.page::<Uuid>()?;
    let rows = inbox::list(&state.db, &caller, page.after, page.rows()).await?;
    Ok(web::Json(page.page(rows, |n| n.id, |n| n)))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(tag = "notifications", responses((status = 200, body = UnreadCountDto)))]
#[get("/notifications/unread-count")]
pub async fn unread_count(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<UnreadCountDto>> {
    let unread = inbox::unread(&state.db, &caller).await?;
    Ok(web::Json(UnreadCountDto { unread }))
}

/// Mark all the caller's notifications read; answers how many are left unread (none).
#[utoipa::path(tag = "notifications", responses((status = 200, body = UnreadCountDto)))]
#[post("/notifications/read")]
pub async fn mark_all_read(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<UnreadCountDto>> {
    let unread = inbox::mark_all_read(&state.db, &caller).await?;
    Ok(web::Json(UnreadCountDto { unread }))
}

/// Mark one of the caller's notifications read (someone else's answers 404).
#[utoipa::path(
    tag = "notifications",
    params(("id" = Uuid, Path, description = "The notification's id")),
    responses(
        (status = 200, body = NotificationDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<NotificationDto>> {
    Ok(web::Json(
        inbox::mark_read(&state.db, &caller, id.into_inner()).await?,
    ))
}

fn settings_dto(settings: &super::Settings) -> NotificationSettingsDto {
    NotificationSettingsDto {
        lead_days: settings.leads.days().to_vec(),
        kinds: NotificationKind::ALL
            .iter()
            .map(|&kind| NotificationKindSetting {
                kind,
                enabled: settings.enabled(kind),
            })
            .collect(),
    }
}

/// The agency's notification settings (admins).
#[utoipa::path(
    tag = "notifications",
    responses(
        (status = 200, body = NotificationSettingsDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications/settings")]
pub async fn get_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<NotificationSettingsDto>> {
    require(&caller, Action::ConfigureNotifications)?;
    let settings = super::settings(&state.db, caller.scope()?).await?;
    Ok(web::Json(settings_dto(&settings)))
}

/// Replace the agency's lead times (1 to 365 days, distinct, at most six) and switch kinds
/// on or off (admins). Kinds not listed keep their setting.
#[utoipa::path(
    tag = "notifications",
    request_body = NotificationSettingsInput,
    responses(
        (status = 200, body = NotificationSettingsDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/notifications/settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<NotificationSettingsInput>,
) -> ApiResult<web::Json<NotificationSettingsDto>> {
    require(&caller, Action::ConfigureNotifications)?;
    let input = body.into_inner();
    let mut errors = ValidationErrors::default();
    let leads = LeadTimes::parse(&input.lead_days).map_err(first_message);
    let leads = errors.collect("lead_days", leads).unwrap_or_default();
    errors.into_result()?;
    let changes: Vec<_> = input.kinds.iter().map(|s| (s.kind, s.enabled)).collect();
    let saved = super::save_settings(&state.db, &caller, leads, &changes).await?;
    Ok(web::Json(settings_dto(&saved)))
}

fn first_message(errors: ValidationErrors) -> String {
    errors
        .0
        .into_iter()
        .map(|e| e.message)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Remind people of what their training still needs (the training office): each is told,
/// in the app and by email, the open requirements from the stored verdict, the worst first.
/// One reminder per person and day however often it is asked for; those with nothing open or
/// without a login are listed apart. Anyone unknown is a 422 naming `person_ids.N`, and
/// nobody is reminded.
#[utoipa::path(
    tag = "notifications",
    request_body = ReminderRequest,
    responses(
        (status = 200, body = RemindersSent),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No one, more than 1,000 people, or someone not of this agency", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/reminders")]
pub async fn send_reminders(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ReminderRequest>,
) -> ApiResult<web::Json<RemindersSent>> {
    let sent = super::reminders::send(&state, &caller, body.into_inner().person_ids).await?;
    Ok(web::Json(sent))
}
