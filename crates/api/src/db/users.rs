//! Logins. A user belongs to one agency (or none: the platform operator) and may be linked
//! to a person on that agency's roster.

use confitrek_types::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::user::{self, Column, Entity as Users};

pub struct NewUser {
    pub agency_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub email: String,
    pub role: Role,
    pub password_hash: Option<String>,
    pub invitation: Option<(String, OffsetDateTime)>,
    /// The login of a service account, which acts only through API keys.
    pub service_account: bool,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewUser,
    now: OffsetDateTime,
) -> Result<user::Model, DbErr> {
    let (invitation_token_hash, invitation_expires_at) = new.invitation.unzip();
    user::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(new.agency_id),
        person_id: Set(new.person_id),
        email: Set(new.email),
        role: Set(new.role),
        password_hash: Set(new.password_hash),
        invitation_token_hash: Set(invitation_token_hash),
        invitation_expires_at: Set(invitation_expires_at),
        uof_reviewer: Set(false),
        disabled_at: Set(None),
        last_sign_in_at: Set(None),
        mfa_secret: Set(None),
        mfa_pending_secret: Set(None),
        mfa_enabled_at: Set(None),
        mfa_last_step: Set(None),
        service_account: Set(new.service_account),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

/// Sign-in looks a user up by email before any agency is known.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, DbErr> {
    Users::find().filter(Column::Email.eq(email)).one(db).await
}

/// By id, for a token's subject.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<user::Model>, DbErr> {
    Users::find_by_id(id).one(db).await
}

pub async fn find_by_invitation(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<user::Model>, DbErr> {
    Users::find()
        .filter(Column::InvitationTokenHash.eq(token_hash))
        .one(db)
        .await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<user::Model>, DbErr> {
    let query = Users::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::ServiceAccount.eq(false));
    super::pages::oldest_first(query, Column::Id, after, limit)
        .all(db)
        .await
}

/// The logins linked to a person, whose sessions end when the person is deactivated.
pub async fn ids_of_person(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Vec<Uuid>, DbErr> {
    Users::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::PersonId.eq(person_id))
        .into_tuple()
        .all(db)
        .await
}

/// Sets the password and spends the invitation, if any.
pub async fn set_password(
    db: &impl ConnectionTrait,
    user: user::Model,
    hash: String,
    now: OffsetDateTime,
) -> Result<user::Model, DbErr> {
    let mut model: user::ActiveModel = user.into();
    model.password_hash = Set(Some(hash));
    model.invitation_token_hash = Set(None);
    model.invitation_expires_at = Set(None);
    model.updated_at = Set(now);
    model.update(db).await
}

/// A login of the agency; `None` for one of another agency or none at all.
pub async fn get_in(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<user::Model>, DbErr> {
    Users::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::ServiceAccount.eq(false))
        .one(db)
        .await
}

/// What an admin changed on a login.
pub enum LoginUpdate {
    Role(Role),
    Disabled(Option<OffsetDateTime>),
    /// A new invitation (token hash, expiry): the password stops working until it is used.
    Invitation(String, OffsetDateTime),
}

pub async fn update_login(
    db: &impl ConnectionTrait,
    user: user::Model,
    update: LoginUpdate,
    now: OffsetDateTime,
) -> Result<user::Model, DbErr> {
    let mut model: user::ActiveModel = user.into();
    match update {
        LoginUpdate::Role(role) => model.role = Set(role),
        LoginUpdate::Disabled(at) => model.disabled_at = Set(at),
        LoginUpdate::Invitation(hash, expires_at) => {
            model.password_hash = Set(None);
            model.invitation_token_hash = Set(Some(hash));
            model.invitation_expires_at = Set(Some(expires_at));
        }
    }
    model.updated_at = Set(now);
    model.update(db).await
}

/// Notes a successful sign-in.
pub async fn signed_in(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: OffsetDateTime,
) -> Result<(), DbErr> {
    Users::update_many()
        .col_expr(Column::LastSignInAt, sea_orm::sea_query::Expr::value(at))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Logins of the agency by id (those of another agency are simply not found).
pub async fn many(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: Vec<Uuid>,
) -> Result<Vec<user::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Users::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Id.is_in(ids))
        .all(db)
        .await
}

/// Grants or takes back the use-of-force review permission; `None` if the login is not the
/// agency's.
pub async fn set_uof_reviewer(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
    reviewer: bool,
    now: OffsetDateTime,
) -> Result<Option<user::Model>, DbErr> {
    let Some(existing) = Users::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::ServiceAccount.eq(false))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut model: user::ActiveModel = existing.into();
    model.uof_reviewer = Set(reviewer);
    model.updated_at = Set(now);
    Ok(Some(model.update(db).await?))
}

/// The agency's admin logins that have a password, locked until the transaction ends (on
/// PostgreSQL) so two admins cannot take each other off duty at once.
pub async fn admins_for_update(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<user::Model>, DbErr> {
    Users::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Role.eq(confitrek_domain::permissions::Role::AgencyAdmin.as_str()))
        .filter(Column::PasswordHash.is_not_null())
        .lock_exclusive()
        .all(db)
        .await
}
