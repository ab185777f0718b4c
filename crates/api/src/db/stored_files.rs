//! The rows describing stored documents (a record's certificate, an expense line's receipt,
//! a policy's document), always scoped to the caller's agency. Each kind keeps its rows in
//! its own table beside what it belongs to, with the same columns; this is the one
//! repository for all of them. The encrypted files themselves are the [`crate::files`]
//! store's.

use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{certificate, expense_receipt, policy_document};

pub type Certificates = certificate::Entity;
pub type Receipts = expense_receipt::Entity;
pub type PolicyDocuments = policy_document::Entity;

/// A table of stored-document rows.
pub trait StoredFileTable: EntityTrait {
    const ID: Self::Column;
    const AGENCY: Self::Column;
    /// What a document belongs to: a training record, an expense line, a policy.
    const OWNER: Self::Column;

    fn row(agency_id: Uuid, new: NewStoredFile) -> Self::ActiveModel;
    /// A row's id, which is also the name of its encrypted file.
    fn id_of(model: &Self::Model) -> Uuid;
}

/// A document just stored: its id is also the name of the encrypted file.
pub struct NewStoredFile {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Uuid,
    pub created_at: OffsetDateTime,
}

macro_rules! stored_file_table {
    ($module:ident, $owner:ident, $owner_field:ident) => {
        impl StoredFileTable for $module::Entity {
            const ID: $module::Column = $module::Column::Id;
            const AGENCY: $module::Column = $module::Column::AgencyId;
            const OWNER: $module::Column = $module::Column::$owner;

            fn row(agency_id: Uuid, new: NewStoredFile) -> $module::ActiveModel {
                $module::ActiveModel {
                    id: Set(new.id),
                    agency_id: Set(agency_id),
                    $owner_field: Set(new.owner_id),
                    content_type: Set(new.content_type),
                    size_bytes: Set(new.size_bytes),
                    sha256: Set(new.sha256),
                    uploaded_by: Set(new.uploaded_by),
                    created_at: Set(new.created_at),
                }
            }

            fn id_of(model: &$module::Model) -> Uuid {
                model.id
            }
        }
    };
}

stored_file_table!(certificate, RecordId, record_id);
stored_file_table!(expense_receipt, ExpenseId, expense_id);
stored_file_table!(policy_document, PolicyId, policy_id);

/// The document of one owner (a record has at most one certificate, a line one receipt).
pub async fn of_owner<T: StoredFileTable>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    owner_id: Uuid,
) -> Result<Option<T::Model>, DbErr> {
    T::find()
        .filter(T::AGENCY.eq(scope.id()))
        .filter(T::OWNER.eq(owner_id))
        .one(db)
        .await
}

/// The documents of these owners, for listing them in one query.
pub async fn of_owners<T: StoredFileTable>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    owner_ids: Vec<Uuid>,
) -> Result<Vec<T::Model>, DbErr> {
    if owner_ids.is_empty() {
        return Ok(Vec::new());
    }
    T::find()
        .filter(T::AGENCY.eq(scope.id()))
        .filter(T::OWNER.is_in(owner_ids))
        .all(db)
        .await
}

pub async fn get<T: StoredFileTable>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<T::Model>, DbErr> {
    T::find()
        .filter(T::AGENCY.eq(scope.id()))
        .filter(T::ID.eq(id))
        .one(db)
        .await
}

pub async fn insert<T: StoredFileTable>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewStoredFile,
) -> Result<T::Model, DbErr>
where
    T::Model: IntoActiveModel<T::ActiveModel>,
    T::ActiveModel: ActiveModelBehavior + Send,
{
    T::row(scope.id(), new).insert(db).await
}

pub async fn delete<T: StoredFileTable>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<(), DbErr> {
    T::delete_many()
        .filter(T::AGENCY.eq(scope.id()))
        .filter(T::ID.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
