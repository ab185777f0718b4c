//! People of the roster that the identity provider provisioned: its user name and id for
//! each, and the login it manages.

use confitrek_domain::scim::filter::Condition;
use confitrek_domain::scim::user::UserAttribute;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::AgencyScope;
use crate::db::entity::scim_user::{self, Column, Entity as ScimUsers};
use crate::db::entity::{person, user};

/// What the identity provider calls a person.
#[derive(Debug, Clone)]
pub struct Link {
    pub person_id: Uuid,
    pub user_id: Option<Uuid>,
    pub user_name: String,
    pub external_id: Option<String>,
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Option<scim_user::Model>, DbErr> {
    ScimUsers::find_by_id(person_id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// The provisioned user with this user name (in any case).
pub async fn by_user_name(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    user_name: &str,
) -> Result<Option<scim_user::Model>, DbErr> {
    ScimUsers::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::UserNameKey.eq(user_name.to_lowercase()))
        .one(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    link: Link,
    now: OffsetDateTime,
) -> Result<scim_user::Model, DbErr> {
    scim_user::ActiveModel {
        person_id: Set(link.person_id),
        agency_id: Set(scope.id()),
        user_id: Set(link.user_id),
        user_name_key: Set(link.user_name.to_lowercase()),
        user_name: Set(link.user_name),
        external_id: Set(link.external_id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn update(
    db: &impl ConnectionTrait,
    existing: scim_user::Model,
    link: Link,
    now: OffsetDateTime,
) -> Result<scim_user::Model, DbErr> {
    let mut model: scim_user::ActiveModel = existing.into();
    model.user_id = Set(link.user_id);
    model.user_name_key = Set(link.user_name.to_lowercase());
    model.user_name = Set(link.user_name);
    model.external_id = Set(link.external_id);
    model.updated_at = Set(now);
    model.update(db).await
}

/// Forgets that the person was provisioned (his or her memberships go with it).
pub async fn delete(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<u64, DbErr> {
    Ok(ScimUsers::delete_many()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::PersonId.eq(person_id))
        .exec(db)
        .await?
        .rows_affected)
}

fn with_people() -> sea_orm::RelationDef {
    ScimUsers::belongs_to(person::Entity)
        .from(Column::PersonId)
        .to(person::Column::Id)
        .into()
}

/// A page of the agency's provisioned users that meet `condition`, oldest first, and how
/// many meet it in all.
pub async fn page(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    condition: &Condition<UserAttribute>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<scim_user::Model>, u64), DbErr> {
    let filter = super::filter::users(condition, db.get_database_backend());
    let query = ScimUsers::find()
        .join(JoinType::InnerJoin, with_people())
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(person::Column::AgencyId.eq(scope.id()))
        .filter(filter);
    let total = query.clone().count(db).await?;
    if limit == 0 {
        return Ok((Vec::new(), total));
    }
    let rows = query
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::PersonId)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Which of these people are provisioned already.
pub async fn provisioned(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    people: Vec<Uuid>,
) -> Result<Vec<Uuid>, DbErr> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    ScimUsers::find()
        .select_only()
        .column(Column::PersonId)
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::PersonId.is_in(people))
        .into_tuple()
        .all(db)
        .await
}

/// Provisioned users by person id (others are simply not found).
pub async fn many(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    people: Vec<Uuid>,
) -> Result<Vec<scim_user::Model>, DbErr> {
    let mut found = Vec::new();
    for chunk in people.chunks(1_000) {
        found.extend(
            ScimUsers::find()
                .filter(Column::AgencyId.eq(scope.id()))
                .filter(Column::PersonId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

/// The people of the agency with this e-mail (stored lower case).
pub async fn people_with_email(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    email: &str,
) -> Result<Vec<Uuid>, DbErr> {
    person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::AgencyId.eq(scope.id()))
        .filter(person::Column::Email.eq(email))
        .limit(10)
        .into_tuple()
        .all(db)
        .await
}

/// Gives a login of the agency (loaded within its scope) the person's e-mail and links it
/// to the person: the login the identity provider manages.
pub async fn claim_login(
    db: &impl ConnectionTrait,
    login: user::Model,
    email: &str,
    person: Uuid,
    now: OffsetDateTime,
) -> Result<user::Model, DbErr> {
    let mut model: user::ActiveModel = login.into();
    model.email = Set(email.to_owned());
    model.person_id = Set(Some(person));
    model.updated_at = Set(now);
    model.update(db).await
}
