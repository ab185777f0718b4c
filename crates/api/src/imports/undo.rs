//! Taking a committed import back: what blocks it (a later change that depends on a row it
//! wrote), and putting every row back as it was.

use std::collections::{BTreeSet, HashMap};

use confitrek_types::UndoBlocker;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::entity::{import_batch_item, person, training_record, user};
use crate::db::{AgencyScope, certificates, compliance, imports};
use crate::http::{ApiError, ApiResult};

/// Ids per `IN (...)`: well under SQLite's limit of bound values in one statement.
const CHUNK: usize = 1_000;

async fn records_in(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<Vec<training_record::Model>, sea_orm::DbErr> {
    let mut found = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        found.extend(
            training_record::Entity::find()
                .filter(training_record::Column::AgencyId.eq(scope.id()))
                .filter(training_record::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
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
        for c in certificates::of_records(db, scope, chunk.to_vec()).await? {
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
    found.sort_by_key(|b| (b.entity.clone(), b.id));
    found.dedup();
    Ok(found)
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
    let mut added = Vec::new();
    for item in items.iter().filter(|i| i.entity == "training_record") {
        match &item.before {
            Some(before) => {
                imports::restore::<training_record::Entity>(db, "training_records", before).await?;
            }
            None => added.push(item.entity_id),
        }
    }
    for chunk in added.chunks(CHUNK) {
        training_record::Entity::delete_many()
            .filter(training_record::Column::AgencyId.eq(scope.id()))
            .filter(training_record::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
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
