//! What the compliance engine reads for many people of one agency at once (a roster-wide
//! report): a few queries per table, grouped by person, instead of a few per person.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{acknowledgement, credential, training_record, waiver};

/// Ids per query: well under the bound-parameter limits of SQLite and PostgreSQL.
const CHUNK: usize = 500;

/// Rows of one table for the people `ids`, grouped by person, each group in the order the
/// per-person queries return it.
async fn grouped<T, F, Fut>(
    ids: &[Uuid],
    mut load: F,
    person_of: fn(&T) -> Uuid,
) -> Result<HashMap<Uuid, Vec<T>>, DbErr>
where
    F: FnMut(Vec<Uuid>) -> Fut,
    Fut: Future<Output = Result<Vec<T>, DbErr>>,
{
    let mut by_person: HashMap<Uuid, Vec<T>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        for row in load(chunk.to_vec()).await? {
            by_person.entry(person_of(&row)).or_default().push(row);
        }
    }
    Ok(by_person)
}

pub async fn records_of_people(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<training_record::Model>>, DbErr> {
    use training_record::Column as C;
    grouped(
        ids,
        |chunk| {
            training_record::Entity::find()
                .filter(C::AgencyId.eq(scope.id()))
                .filter(C::PersonId.is_in(chunk))
                .order_by_asc(C::CompletedOn)
                .order_by_asc(C::Id)
                .all(db)
        },
        |r| r.person_id,
    )
    .await
}

pub async fn waivers_of_people(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<waiver::Model>>, DbErr> {
    use waiver::Column as C;
    grouped(
        ids,
        |chunk| {
            waiver::Entity::find()
                .filter(C::AgencyId.eq(scope.id()))
                .filter(C::PersonId.is_in(chunk))
                .order_by_asc(C::Id)
                .all(db)
        },
        |w| w.person_id,
    )
    .await
}

pub async fn credentials_of_people(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<credential::Model>>, DbErr> {
    use credential::Column as C;
    grouped(
        ids,
        |chunk| {
            credential::Entity::find()
                .filter(C::AgencyId.eq(scope.id()))
                .filter(C::PersonId.is_in(chunk))
                .order_by_asc(C::IssuedOn)
                .order_by_asc(C::Id)
                .all(db)
        },
        |c| c.person_id,
    )
    .await
}

pub async fn acknowledgements_of_people(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<acknowledgement::Model>>, DbErr> {
    use acknowledgement::Column as C;
    grouped(
        ids,
        |chunk| {
            acknowledgement::Entity::find()
                .filter(C::AgencyId.eq(scope.id()))
                .filter(C::PersonId.is_in(chunk))
                .order_by_asc(C::AcknowledgedAt)
                .order_by_asc(C::Id)
                .all(db)
        },
        |a| a.person_id,
    )
    .await
}
