//! A page of rows in the order of their ids. Ids are version-7 UUIDs, so id order is the
//! order the rows were made in, and the last id of a page is the cursor of the next one.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use uuid::Uuid;

/// At most `limit` rows of `query` made after the row `after`, oldest first.
pub fn oldest_first<E: EntityTrait>(
    query: Select<E>,
    id: E::Column,
    after: Option<Uuid>,
    limit: u64,
) -> Select<E> {
    let query = match after {
        Some(after) => query.filter(id.gt(after)),
        None => query,
    };
    query.order_by_asc(id).limit(limit)
}

/// At most `limit` rows of `query` made before the row `before`, newest first.
pub fn newest_first<E: EntityTrait>(
    query: Select<E>,
    id: E::Column,
    before: Option<Uuid>,
    limit: u64,
) -> Select<E> {
    let query = match before {
        Some(before) => query.filter(id.lt(before)),
        None => query,
    };
    query.order_by_desc(id).limit(limit)
}
