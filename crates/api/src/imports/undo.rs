//! Taking a committed import back: what blocks it (a later change that depends on a row it
//! wrote), and putting every row back as it was.

use std::collections::{BTreeSet, HashMap};

use confitrek_types::UndoBlocker;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::entity::{
    acknowledgement, course, credential, import_batch_item, person, training_record,
    training_session, user,
};
use crate::db::stored_files::{self, Certificates};
use crate::db::{AgencyScope, compliance, imports};
use crate::http::{ApiError, ApiResult};

/// Ids per `IN (...)`: well under SQLite's limit of bound values in one statement.
const CHUNK: usize = 1_000;

/// The agency's rows of `E` with these ids, [`CHUNK`] to a query.
async fn rows_in<E: EntityTrait>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
    (id, agency): (E::Column, E::Column),
) -> Result<Vec<E::Model>, sea_orm::DbErr> {
    let mut found = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        found.extend(
            E::find()
                .filter(agency.eq(scope.id()))
                .filter(id.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

async fn records_in(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<Vec<training_record::Model>, sea_orm::DbErr> {
    use training_record::Column as C;
    rows_in::<training_record::Entity>(db, scope, ids, (C::Id, C::AgencyId)).await
}

fn blocker(entity: &str, id: Uuid, reason: &str) -> UndoBlocker {
    UndoBlocker {
        entity: entity.to_owned(),
        id,
        reason: reason.to_owned(),
    }
}

fn ids_of<'a>(
    items: &'a [import_batch_item::Model],
    entity: &'a str,
) -> impl Iterator<Item = Uuid> + 'a {
    items
        .iter()
        .filter(move |i| i.entity == entity)
        .map(|i| i.entity_id)
}

/// The rows changed since `committed_at` that depend on what the batch wrote.
pub async fn blockers(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    items: &[import_batch_item::Model],
    committed_at: OffsetDateTime,
) -> ApiResult<Vec<UndoBlocker>> {
    let mut found = Vec::new();
    let record_ids: Vec<Uuid> = ids_of(items, "training_record").collect();
    let ours: BTreeSet<Uuid> = record_ids.iter().copied().collect();
    let records: HashMap<Uuid, training_record::Model> = records_in(db, scope, &record_ids)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    for r in records.values() {
        if r.updated_at.is_some_and(|at| at > committed_at) {
            found.push(blocker(
                "training_record",
                r.id,
                "corrected, verified or rejected since the import",
            ));
        }
    }
    for chunk in record_ids.chunks(CHUNK) {
        for c in stored_files::of_owners::<Certificates>(db, scope, chunk.to_vec()).await? {
            found.push(blocker(
                "training_record",
                c.record_id,
                "has a certificate attached since the import",
            ));
        }
    }
    let person_ids: Vec<Uuid> = ids_of(items, "person").collect();
    let created: BTreeSet<Uuid> = items
        .iter()
        .filter(|i| i.entity == "person" && i.before.is_none())
        .map(|i| i.entity_id)
        .collect();
    for p in crate::db::people::many(db, scope, person_ids.clone()).await? {
        if p.updated_at > committed_at {
            found.push(blocker("person", p.id, "changed since the import"));
        }
    }
    let created_ids: Vec<Uuid> = created.iter().copied().collect();
    if !created_ids.is_empty() {
        let others = crate::db::batch::records_of_people(db, scope, &created_ids).await?;
        for r in others.values().flatten().filter(|r| !ours.contains(&r.id)) {
            found.push(blocker(
                "person",
                r.person_id,
                "has training recorded since the import",
            ));
        }
        for chunk in created_ids.chunks(CHUNK) {
            let logins = user::Entity::find()
                .filter(user::Column::AgencyId.eq(scope.id()))
                .filter(user::Column::PersonId.is_in(chunk.to_vec()))
                .all(db)
                .await?;
            for u in logins {
                if let Some(p) = u.person_id {
                    found.push(blocker("person", p, "has a login since the import"));
                }
            }
        }
    }
    course_blockers(db, scope, items, committed_at, &ours, &mut found).await?;
    found.sort_by_key(|b| (b.entity.clone(), b.id));
    found.dedup();
    Ok(found)
}

/// A course the batch wrote that was changed since, or that a record or session entered
/// since uses.
async fn course_blockers(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    items: &[import_batch_item::Model],
    committed_at: OffsetDateTime,
    ours: &BTreeSet<Uuid>,
    found: &mut Vec<UndoBlocker>,
) -> ApiResult<()> {
    use course::Column as C;
    let ids: Vec<Uuid> = ids_of(items, "course").collect();
    for c in rows_in::<course::Entity>(db, scope, &ids, (C::Id, C::AgencyId)).await? {
        if c.updated_at > committed_at {
            found.push(blocker("course", c.id, "changed since the import"));
        }
    }
    let created: Vec<Uuid> = items
        .iter()
        .filter(|i| i.entity == "course" && i.before.is_none())
        .map(|i| i.entity_id)
        .collect();
    for chunk in created.chunks(CHUNK) {
        let records = training_record::Entity::find()
            .filter(training_record::Column::AgencyId.eq(scope.id()))
            .filter(training_record::Column::CourseId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for r in records.iter().filter(|r| !ours.contains(&r.id)) {
            if let Some(course) = r.course_id {
                found.push(blocker(
                    "course",
                    course,
                    "has training recorded since the import",
                ));
            }
        }
        let sessions = training_session::Entity::find()
            .filter(training_session::Column::AgencyId.eq(scope.id()))
            .filter(training_session::Column::CourseId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for t in sessions {
            found.push(blocker(
                "course",
                t.course_id,
                "has a session scheduled since the import",
            ));
        }
    }
    Ok(())
}

/// Deletes the rows of `E` the batch created and puts back those it changed.
async fn take_back_rows<E>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    items: &[import_batch_item::Model],
    (entity, table): (&str, &str),
    (id, agency): (E::Column, E::Column),
) -> ApiResult<()>
where
    E: EntityTrait,
    E::Model: sea_orm::IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + sea_orm::ActiveModelBehavior + Send,
{
    let mut added = Vec::new();
    for item in items.iter().filter(|i| i.entity == entity) {
        match &item.before {
            Some(before) => imports::restore::<E>(db, table, before).await?,
            None => added.push(item.entity_id),
        }
    }
    for chunk in added.chunks(CHUNK) {
        E::delete_many()
            .filter(agency.eq(scope.id()))
            .filter(id.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Deletes what the batch created and puts back what it changed; returns the people whose
/// verdicts may have changed.
pub async fn take_back(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    items: &[import_batch_item::Model],
) -> ApiResult<Vec<Uuid>> {
    let mut affected = BTreeSet::new();
    let record_ids: Vec<Uuid> = ids_of(items, "training_record").collect();
    for r in records_in(db, scope, &record_ids).await? {
        affected.insert(r.person_id);
    }
    {
        use credential::Column as C;
        let ids: Vec<Uuid> = ids_of(items, "credential").collect();
        for c in rows_in::<credential::Entity>(db, scope, &ids, (C::Id, C::AgencyId)).await? {
            affected.insert(c.person_id);
        }
    }
    {
        use acknowledgement::Column as A;
        let ids: Vec<Uuid> = ids_of(items, "acknowledgement").collect();
        for a in rows_in::<acknowledgement::Entity>(db, scope, &ids, (A::Id, A::AgencyId)).await? {
            affected.insert(a.person_id);
        }
    }
    use acknowledgement::Column as A;
    let at = ("acknowledgement", "acknowledgements");
    take_back_rows::<acknowledgement::Entity>(db, scope, items, at, (A::Id, A::AgencyId)).await?;
    use credential::Column as K;
    let at = ("credential", "credentials");
    take_back_rows::<credential::Entity>(db, scope, items, at, (K::Id, K::AgencyId)).await?;
    use training_record::Column as R;
    let at = ("training_record", "training_records");
    take_back_rows::<training_record::Entity>(db, scope, items, at, (R::Id, R::AgencyId)).await?;
    use course::Column as C;
    take_back_rows::<course::Entity>(
        db,
        scope,
        items,
        ("course", "courses"),
        (C::Id, C::AgencyId),
    )
    .await?;
    let mut created = Vec::new();
    for item in items.iter().filter(|i| i.entity == "person") {
        affected.insert(item.entity_id);
        match &item.before {
            Some(before) => imports::restore::<person::Entity>(db, "people", before).await?,
            None => created.push(item.entity_id),
        }
    }
    for chunk in created.chunks(CHUNK) {
        compliance::delete_snapshots(db, scope, chunk.to_vec()).await?;
        person::Entity::delete_many()
            .filter(person::Column::AgencyId.eq(scope.id()))
            .filter(person::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await
            .map_err(|_| {
                ApiError::Conflict(
                    "a person the import added is referred to by rows entered since (a credential, an acknowledgement, a waiver, an enrollment or an incident); remove those first".into(),
                )
            })?;
    }
    Ok(affected.into_iter().collect())
}
