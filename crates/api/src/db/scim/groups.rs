//! Groups the identity provider pushed, what each maps to, and their members.

use std::collections::HashMap;

use confitrek_domain::scim::filter::Condition;
use confitrek_domain::scim::group::GroupAttribute;
use confitrek_types::Role;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition as Where, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::AgencyScope;
use crate::db::entity::scim_group::{self, Column, Entity as Groups};
use crate::db::entity::scim_group_member::{self, Entity as Members};

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    display_name: &str,
    external_id: Option<String>,
    now: OffsetDateTime,
) -> Result<scim_group::Model, DbErr> {
    scim_group::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        display_name: Set(display_name.to_owned()),
        display_name_key: Set(display_name.to_lowercase()),
        external_id: Set(external_id),
        unit: Set(None),
        role: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<scim_group::Model>, DbErr> {
    Groups::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// The group's name and the identity provider's id for it.
pub async fn rename(
    db: &impl ConnectionTrait,
    group: scim_group::Model,
    display_name: &str,
    external_id: Option<String>,
    now: OffsetDateTime,
) -> Result<scim_group::Model, DbErr> {
    let mut model: scim_group::ActiveModel = group.into();
    model.display_name = Set(display_name.to_owned());
    model.display_name_key = Set(display_name.to_lowercase());
    model.external_id = Set(external_id);
    model.updated_at = Set(now);
    model.update(db).await
}

/// What membership of the group gives.
pub async fn map(
    db: &impl ConnectionTrait,
    group: scim_group::Model,
    unit: Option<String>,
    role: Option<Role>,
    now: OffsetDateTime,
) -> Result<scim_group::Model, DbErr> {
    let mut model: scim_group::ActiveModel = group.into();
    model.unit = Set(unit);
    model.role = Set(role);
    model.updated_at = Set(now);
    model.update(db).await
}

/// Notes that the group changed (its members did).
pub async fn touch(db: &impl ConnectionTrait, id: Uuid, now: OffsetDateTime) -> Result<(), DbErr> {
    Groups::update_many()
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn delete(db: &impl ConnectionTrait, scope: AgencyScope, id: Uuid) -> Result<u64, DbErr> {
    Ok(Groups::delete_many()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected)
}

/// A page of the agency's groups that meet `condition`, oldest first, and how many meet it.
pub async fn page(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    condition: &Condition<GroupAttribute>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<scim_group::Model>, u64), DbErr> {
    let filter = super::filter::groups(condition, db.get_database_backend());
    let query = Groups::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(filter);
    let total = query.clone().count(db).await?;
    if limit == 0 {
        return Ok((Vec::new(), total));
    }
    let rows = query
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// The agency's groups by name, a page after `after` (name in lower case, id).
pub async fn by_name(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    after: Option<(String, Uuid)>,
    limit: u64,
) -> Result<Vec<scim_group::Model>, DbErr> {
    let mut query = Groups::find().filter(Column::AgencyId.eq(scope.id()));
    if let Some((name, id)) = after {
        query = query.filter(
            Where::any()
                .add(Column::DisplayNameKey.gt(name.as_str()))
                .add(
                    Where::all()
                        .add(Column::DisplayNameKey.eq(name.as_str()))
                        .add(Column::Id.gt(id)),
                ),
        );
    }
    query
        .order_by_asc(Column::DisplayNameKey)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The members of each of these groups, by group.
pub async fn members(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    groups: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<Uuid>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for chunk in groups.chunks(500) {
        let rows = Members::find()
            .filter(scim_group_member::Column::AgencyId.eq(scope.id()))
            .filter(scim_group_member::Column::GroupId.is_in(chunk.to_vec()))
            .order_by_asc(scim_group_member::Column::CreatedAt)
            .order_by_asc(scim_group_member::Column::PersonId)
            .all(db)
            .await?;
        for row in rows {
            found.entry(row.group_id).or_default().push(row.person_id);
        }
    }
    Ok(found)
}

/// How many members each of these groups has.
pub async fn member_counts(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    groups: Vec<Uuid>,
) -> Result<HashMap<Uuid, u64>, DbErr> {
    if groups.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = Members::find()
        .select_only()
        .column(scim_group_member::Column::GroupId)
        .column_as(scim_group_member::Column::PersonId.count(), "n")
        .filter(scim_group_member::Column::AgencyId.eq(scope.id()))
        .filter(scim_group_member::Column::GroupId.is_in(groups))
        .group_by(scim_group_member::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(group, n)| (group, n.unsigned_abs()))
        .collect())
}

pub async fn add_members(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    group: Uuid,
    people: &[Uuid],
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    for chunk in people.chunks(200) {
        let rows = chunk.iter().map(|person| scim_group_member::ActiveModel {
            group_id: Set(group),
            person_id: Set(*person),
            agency_id: Set(scope.id()),
            created_at: Set(now),
        });
        Members::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub async fn remove_members(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    group: Uuid,
    people: &[Uuid],
) -> Result<(), DbErr> {
    for chunk in people.chunks(500) {
        Members::delete_many()
            .filter(scim_group_member::Column::AgencyId.eq(scope.id()))
            .filter(scim_group_member::Column::GroupId.eq(group))
            .filter(scim_group_member::Column::PersonId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The groups each of these people is in, by person.
pub async fn of_people(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    people: &[Uuid],
) -> Result<HashMap<Uuid, Vec<scim_group::Model>>, DbErr> {
    let mut rows = Vec::new();
    for chunk in people.chunks(500) {
        rows.extend(
            Members::find()
                .filter(scim_group_member::Column::AgencyId.eq(scope.id()))
                .filter(scim_group_member::Column::PersonId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.group_id).collect();
    ids.sort();
    ids.dedup();
    let mut groups = HashMap::new();
    for chunk in ids.chunks(500) {
        let found = Groups::find()
            .filter(Column::AgencyId.eq(scope.id()))
            .filter(Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        groups.extend(found.into_iter().map(|g| (g.id, g)));
    }
    let mut of: HashMap<Uuid, Vec<scim_group::Model>> = HashMap::new();
    for row in rows {
        if let Some(group) = groups.get(&row.group_id) {
            of.entry(row.person_id).or_default().push(group.clone());
        }
    }
    Ok(of)
}
