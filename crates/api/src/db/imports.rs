//! Import batches and the rows each committed batch wrote, always within one agency; and the
//! many-row writes of a commit, in chunks both databases take in one statement.

use confitrek_types::{ImportCounts, ImportStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::import_batch::{self, Column, Entity as Batches};
use super::entity::import_batch_item::{self, Entity as Items};

/// Rows per INSERT: under SQLite's limit of 32,766 bound values for the widest table.
const CHUNK: usize = 500;

pub async fn insert(
    db: &impl ConnectionTrait,
    batch: import_batch::Model,
) -> Result<import_batch::Model, DbErr> {
    import_batch::ActiveModel::from(batch)
        .reset_all()
        .insert(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<import_batch::Model>, DbErr> {
    Batches::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// The agency's batches, newest first, after the cursor's id.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<import_batch::Model>, DbErr> {
    let query = Batches::find().filter(Column::AgencyId.eq(scope.id()));
    super::pages::newest_first(query, Column::Id, before, limit)
        .all(db)
        .await
}

/// A committed batch, not undone, of the same file.
pub async fn same_file(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    sha256: &str,
    except: Uuid,
) -> Result<Option<Uuid>, DbErr> {
    Batches::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Sha256.eq(sha256))
        .filter(Column::Status.eq(ImportStatus::Committed))
        .filter(Column::Id.ne(except))
        .order_by_desc(Column::Id)
        .into_tuple()
        .one(db)
        .await
}

pub async fn set_mapping(
    db: &impl ConnectionTrait,
    batch: import_batch::Model,
    mapping: serde_json::Value,
) -> Result<import_batch::Model, DbErr> {
    let mut model: import_batch::ActiveModel = batch.into();
    model.mapping = Set(mapping);
    model.update(db).await
}

/// Claims the batch for a commit: `uploaded`, or `committing` since before `stale_before`
/// (a commit whose server stopped: its transaction never committed). False when another
/// request claimed it first or it is no longer to be committed.
pub async fn claim(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
    now: OffsetDateTime,
    stale_before: OffsetDateTime,
) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let claimable = Condition::any()
        .add(Column::Status.eq(ImportStatus::Uploaded))
        .add(
            Condition::all()
                .add(Column::Status.eq(ImportStatus::Committing))
                .add(Column::StartedAt.lt(stale_before)),
        );
    let done = Batches::update_many()
        .col_expr(
            Column::Status,
            Expr::value(ImportStatus::Committing.as_str()),
        )
        .col_expr(Column::StartedAt, Expr::value(Some(now)))
        .col_expr(Column::Failure, Expr::value(Option::<String>::None))
        .filter(Column::Id.eq(id))
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(claimable)
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// A commit that imported nothing: the batch can be committed again, and says why.
pub async fn set_failed(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
    reason: &str,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::Expr;
    Batches::update_many()
        .col_expr(Column::Status, Expr::value(ImportStatus::Uploaded.as_str()))
        .col_expr(
            Column::StartedAt,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(Column::Failure, Expr::value(Some(reason.to_owned())))
        .filter(Column::Id.eq(id))
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Status.eq(ImportStatus::Committing))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_committed(
    db: &impl ConnectionTrait,
    batch: import_batch::Model,
    counts: ImportCounts,
    now: OffsetDateTime,
) -> Result<import_batch::Model, DbErr> {
    let mut model: import_batch::ActiveModel = batch.into();
    model.status = Set(ImportStatus::Committed);
    model.failure = Set(None);
    model.counts = Set(Some(serde_json::json!(counts)));
    model.committed_at = Set(Some(now));
    model.update(db).await
}

pub async fn set_undone(
    db: &impl ConnectionTrait,
    batch: import_batch::Model,
    now: OffsetDateTime,
) -> Result<import_batch::Model, DbErr> {
    let mut model: import_batch::ActiveModel = batch.into();
    model.status = Set(ImportStatus::Undone);
    model.undone_at = Set(Some(now));
    model.update(db).await
}

/// A row a commit wrote: `created`, or `updated` from `before`.
pub struct Item {
    pub entity: &'static str,
    pub entity_id: Uuid,
    pub before: Option<serde_json::Value>,
}

pub async fn insert_items(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    batch_id: Uuid,
    items: Vec<Item>,
) -> Result<(), DbErr> {
    let models = items.into_iter().map(|i| import_batch_item::ActiveModel {
        batch_id: Set(batch_id),
        agency_id: Set(scope.id()),
        entity: Set(i.entity.to_owned()),
        entity_id: Set(i.entity_id),
        action: Set(if i.before.is_some() {
            "updated"
        } else {
            "created"
        }
        .to_owned()),
        before: Set(i.before),
    });
    insert_chunks::<Items, _>(db, models).await
}

pub async fn items(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    batch_id: Uuid,
) -> Result<Vec<import_batch_item::Model>, DbErr> {
    Items::find()
        .filter(import_batch_item::Column::AgencyId.eq(scope.id()))
        .filter(import_batch_item::Column::BatchId.eq(batch_id))
        .all(db)
        .await
}

/// Inserts every model, [`CHUNK`] to a statement.
pub async fn insert_chunks<E, A>(
    db: &impl ConnectionTrait,
    models: impl IntoIterator<Item = A>,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    A: ActiveModelTrait<Entity = E>,
{
    let mut chunk = Vec::with_capacity(CHUNK);
    for model in models {
        chunk.push(model);
        if chunk.len() == CHUNK {
            E::insert_many(std::mem::take(&mut chunk))
                .exec_without_returning(db)
                .await?;
        }
    }
    if !chunk.is_empty() {
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Puts a row back as it was before an import changed it: `before` is what
/// [`crate::exports::tables::row_of`] made of it.
pub async fn restore<E>(
    db: &impl ConnectionTrait,
    table: &str,
    before: &serde_json::Value,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    E::Model: sea_orm::IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + sea_orm::ActiveModelBehavior + Send,
{
    let row = before.as_object().ok_or_else(|| {
        DbErr::Custom(format!(
            "{table}: the row before the import is not an object"
        ))
    })?;
    crate::exports::tables::active_model::<E>(table, row)?
        .update(db)
        .await?;
    Ok(())
}
