//! Policies, their versions and the acknowledgements of them, always within one agency.

use confitrek_domain::policies::ValidPolicy;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ModelTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{acknowledgement, person, policy, policy_version};

pub async fn policies(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<policy::Model>, DbErr> {
    policy::Entity::find()
        .filter(policy::Column::AgencyId.eq(scope.id()))
        .order_by_asc(policy::Column::Title)
        .order_by_asc(policy::Column::Id)
        .all(db)
        .await
}

pub async fn policy(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<policy::Model>, DbErr> {
    policy::Entity::find_by_id(id)
        .filter(policy::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Creates (`existing` None) or replaces a policy.
pub async fn save_policy(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    existing: Option<policy::Model>,
    valid: ValidPolicy,
    assignment: serde_json::Value,
    now: OffsetDateTime,
) -> Result<policy::Model, DbErr> {
    match existing {
        Some(model) => {
            let mut model: policy::ActiveModel = model.into();
            model.code = Set(valid.code);
            model.title = Set(valid.title);
            model.due_days = Set(i32::from(valid.due_days));
            model.assignment = Set(assignment);
            model.updated_at = Set(now);
            model.update(db).await
        }
        None => {
            policy::ActiveModel {
                id: Set(Uuid::now_v7()),
                agency_id: Set(scope.id()),
                code: Set(valid.code),
                title: Set(valid.title),
                due_days: Set(i32::from(valid.due_days)),
                assignment: Set(assignment),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await
        }
    }
}

/// Removes a policy and its versions (the caller checks that nobody acknowledged one).
pub async fn delete_policy(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    model: policy::Model,
) -> Result<(), DbErr> {
    policy_version::Entity::delete_many()
        .filter(policy_version::Column::AgencyId.eq(scope.id()))
        .filter(policy_version::Column::PolicyId.eq(model.id))
        .exec(db)
        .await?;
    model.delete(db).await?;
    Ok(())
}

/// Every version of every policy of the agency, by policy then number, without its text,
/// which judging a person does not need (every write re-evaluates someone): `content` is
/// empty. Read a version's text with [`version`] or [`versions_of`].
pub async fn all_versions_without_text(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<policy_version::Model>, DbErr> {
    use policy_version::Column as C;
    type Row = (
        Uuid,
        Uuid,
        Uuid,
        i32,
        String,
        Option<Uuid>,
        Date,
        Option<Uuid>,
        OffsetDateTime,
    );
    let rows: Vec<Row> = policy_version::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::PolicyId,
            C::AgencyId,
            C::Version,
            C::ContentSha256,
            C::FileId,
            C::PublishedOn,
            C::CreatedBy,
            C::CreatedAt,
        ])
        .filter(C::AgencyId.eq(scope.id()))
        .order_by_asc(C::PolicyId)
        .order_by_asc(C::Version)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                policy_id,
                agency_id,
                version,
                content_sha256,
                file_id,
                published_on,
                created_by,
                created_at,
            )| {
                policy_version::Model {
                    id,
                    policy_id,
                    agency_id,
                    version,
                    content: String::new(),
                    content_sha256,
                    file_id,
                    published_on,
                    created_by,
                    created_at,
                }
            },
        )
        .collect())
}

pub async fn versions_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    policy_id: Uuid,
) -> Result<Vec<policy_version::Model>, DbErr> {
    policy_version::Entity::find()
        .filter(policy_version::Column::AgencyId.eq(scope.id()))
        .filter(policy_version::Column::PolicyId.eq(policy_id))
        .order_by_asc(policy_version::Column::Version)
        .all(db)
        .await
}

pub async fn version(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<policy_version::Model>, DbErr> {
    policy_version::Entity::find_by_id(id)
        .filter(policy_version::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub struct NewVersion {
    pub policy_id: Uuid,
    pub version: i32,
    pub content: String,
    pub content_sha256: String,
    pub file_id: Option<Uuid>,
    pub published_on: Date,
    /// The user who published it (none for the demo's history).
    pub created_by: Option<Uuid>,
}

pub async fn insert_version(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewVersion,
    now: OffsetDateTime,
) -> Result<policy_version::Model, DbErr> {
    policy_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        policy_id: Set(new.policy_id),
        agency_id: Set(scope.id()),
        version: Set(new.version),
        content: Set(new.content),
        content_sha256: Set(new.content_sha256),
        file_id: Set(new.file_id),
        published_on: Set(new.published_on),
        created_by: Set(new.created_by),
        created_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn acknowledgements_of_person(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Vec<acknowledgement::Model>, DbErr> {
    acknowledgement::Entity::find()
        .filter(acknowledgement::Column::AgencyId.eq(scope.id()))
        .filter(acknowledgement::Column::PersonId.eq(person_id))
        .order_by_asc(acknowledgement::Column::AcknowledgedAt)
        .order_by_asc(acknowledgement::Column::Id)
        .all(db)
        .await
}

/// The acknowledgements of any of `version_ids`.
pub async fn acknowledgements_of_versions(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    version_ids: &[Uuid],
) -> Result<Vec<acknowledgement::Model>, DbErr> {
    if version_ids.is_empty() {
        return Ok(Vec::new());
    }
    acknowledgement::Entity::find()
        .filter(acknowledgement::Column::AgencyId.eq(scope.id()))
        .filter(acknowledgement::Column::PolicyVersionId.is_in(version_ids.iter().copied()))
        .order_by_asc(acknowledgement::Column::AcknowledgedAt)
        .order_by_asc(acknowledgement::Column::Id)
        .all(db)
        .await
}

pub async fn count_acknowledgements_of_versions(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    version_ids: &[Uuid],
) -> Result<u64, DbErr> {
    if version_ids.is_empty() {
        return Ok(0);
    }
    acknowledgement::Entity::find()
        .filter(acknowledgement::Column::AgencyId.eq(scope.id()))
        .filter(acknowledgement::Column::PolicyVersionId.is_in(version_ids.iter().copied()))
        .count(db)
        .await
}

pub struct NewAcknowledgement {
    pub person_id: Uuid,
    pub policy_version_id: Uuid,
    pub acknowledged_at: OffsetDateTime,
    pub ip: Option<String>,
    pub content_sha256: String,
    pub attestation: String,
}

pub async fn insert_acknowledgement(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewAcknowledgement,
) -> Result<acknowledgement::Model, DbErr> {
    acknowledgement::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        person_id: Set(new.person_id),
        policy_version_id: Set(new.policy_version_id),
        acknowledged_at: Set(new.acknowledged_at),
        ip: Set(new.ip),
        content_sha256: Set(new.content_sha256),
        attestation: Set(new.attestation),
    }
    .insert(db)
    .await
}

/// Everyone on the agency's roster, for working out whom a policy reaches.
pub async fn roster(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<person::Model>, DbErr> {
    person::Entity::find()
        .filter(person::Column::AgencyId.eq(scope.id()))
        .order_by_asc(person::Column::LastName)
        .order_by_asc(person::Column::FirstName)
        .order_by_asc(person::Column::Id)
        .all(db)
        .await
}
