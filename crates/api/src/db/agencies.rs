use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::agency::{self, Entity as Agencies};

pub struct NewAgency {
    pub name: String,
    pub state_code: String,
    pub subscription_status: confitrek_types::SubscriptionStatus,
    pub modules: Vec<String>,
    pub time_zone: String,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewAgency,
    now: OffsetDateTime,
) -> Result<agency::Model, DbErr> {
    agency::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(new.name),
        state_code: Set(new.state_code),
        subscription_status: Set(new.subscription_status),
        modules: Set(serde_json::json!(new.modules)),
        at_risk_days: Set(90),
        time_zone: Set(new.time_zone),
        count_unverified: Set(false),
        ori: Set(None),
        demo: Set(false),
        mfa_for_everyone: Set(false),
        lockout_minutes: Set(Some(15)),
        idle_timeout_minutes: Set(30),
        session_hours: Set(12),
        cancelled_at: Set(None),
        fiscal_year_start_month: Set(7),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

/// The caller's own agency.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Option<agency::Model>, DbErr> {
    Agencies::find_by_id(scope.id()).one(db).await
}

/// Every agency, for the platform operator.
pub async fn list_all(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<agency::Model>, DbErr> {
    let query = Agencies::find();
    super::pages::oldest_first(query, agency::Column::Id, after, limit)
        .all(db)
        .await
}

pub async fn find_by_name(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<agency::Model>, DbErr> {
    Agencies::find()
        .filter(agency::Column::Name.eq(name))
        .one(db)
        .await
}

pub fn modules(model: &agency::Model) -> Vec<String> {
    serde_json::from_value(model.modules.clone()).unwrap_or_default()
}

pub async fn get_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<agency::Model>, DbErr> {
    Agencies::find_by_id(id).one(db).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    existing: agency::Model,
    new: NewAgency,
    now: OffsetDateTime,
) -> Result<agency::Model, DbErr> {
    let cancelled_at = confitrek_domain::retention::cancelled_at(
        existing.cancelled_at,
        new.subscription_status == confitrek_types::SubscriptionStatus::Cancelled,
        now,
    );
    let mut model: agency::ActiveModel = existing.into();
    model.cancelled_at = Set(cancelled_at);
    model.name = Set(new.name);
    model.state_code = Set(new.state_code);
    model.subscription_status = Set(new.subscription_status);
    model.modules = Set(serde_json::json!(new.modules));
    model.time_zone = Set(new.time_zone);
    model.updated_at = Set(now);
    model.update(db).await
}

#[allow(clippy::too_many_arguments)]
pub async fn set_settings(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    at_risk_days: i32,
    time_zone: String,
    count_unverified: bool,
    ori: Option<String>,
    fiscal_year_start_month: i32,
    now: OffsetDateTime,
) -> Result<Option<agency::Model>, DbErr> {
    let Some(existing) = get(db, scope).await? else {
        return Ok(None);
    };
    let mut model: agency::ActiveModel = existing.into();
    model.at_risk_days = Set(at_risk_days);
    model.time_zone = Set(time_zone);
    model.count_unverified = Set(count_unverified);
    model.ori = Set(ori);
    model.fiscal_year_start_month = Set(fiscal_year_start_month);
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

pub async fn set_security(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    settings: &confitrek_types::SecuritySettings,
    now: OffsetDateTime,
) -> Result<Option<agency::Model>, DbErr> {
    let Some(existing) = get(db, scope).await? else {
        return Ok(None);
    };
    let mut model: agency::ActiveModel = existing.into();
    model.mfa_for_everyone = Set(settings.mfa_for_everyone);
    model.lockout_minutes = Set(settings.lockout_minutes);
    model.idle_timeout_minutes = Set(settings.idle_timeout_minutes);
    model.session_hours = Set(settings.session_hours);
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

/// Marks the demo agency, whose admins may look around without an authenticator app.
pub async fn mark_demo(db: &impl ConnectionTrait, id: uuid::Uuid) -> Result<(), DbErr> {
    Agencies::update_many()
        .col_expr(agency::Column::Demo, sea_orm::sea_query::Expr::value(true))
        .filter(agency::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// The agencies whose subscription was cancelled (few: each is deleted 90 days later).
pub async fn cancelled(db: &impl ConnectionTrait) -> Result<Vec<agency::Model>, DbErr> {
    Agencies::find()
        .filter(agency::Column::CancelledAt.is_not_null())
        .all(db)
        .await
}
