//! What reimbursement reads and keeps, always within one agency: people's base hourly rates,
//! the record that another unit claims an officer, and the verified training of a range.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::person_pay_rate::{self, Entity as PayRates};
use super::entity::reimbursement_claim::{self, Entity as Claims};
use super::entity::training_record::{self, Entity as Records};
use confitrek_types::Verification;

/// A person's rates, oldest first.
pub async fn pay_rates(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person: Uuid,
) -> Result<Vec<person_pay_rate::Model>, DbErr> {
    use person_pay_rate::Column as C;
    PayRates::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::PersonId.eq(person))
        .order_by_asc(C::EffectiveFrom)
        .all(db)
        .await
}

/// Every rate of the agency, for computing the whole roster at once.
pub async fn all_pay_rates(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<person_pay_rate::Model>, DbErr> {
    use person_pay_rate::Column as C;
    PayRates::find()
        .filter(C::AgencyId.eq(scope.id()))
        .order_by_asc(C::EffectiveFrom)
        .all(db)
        .await
}

/// Sets the person's rate from `day` on (one rate per day: a second write replaces it).
pub async fn set_pay_rate(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person: Uuid,
    day: Date,
    cents: i64,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<person_pay_rate::Model, DbErr> {
    use person_pay_rate::Column as C;
    // One statement, so that two writes of the same day at once both succeed (the later
    // one's rate stays) instead of the second failing on the unique day.
    PayRates::insert(person_pay_rate::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        person_id: Set(person),
        effective_from: Set(day),
        hourly_rate_cents: Set(cents),
        created_by: Set(Some(by)),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([C::AgencyId, C::PersonId, C::EffectiveFrom])
            .update_columns([C::HourlyRateCents, C::CreatedBy, C::CreatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    PayRates::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::PersonId.eq(person))
        .filter(C::EffectiveFrom.eq(day))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the pay rate just written".into()))
}

/// Removes the person's rate of `day`; false if there was none.
pub async fn delete_pay_rate(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person: Uuid,
    day: Date,
) -> Result<bool, DbErr> {
    use person_pay_rate::Column as C;
    let done = PayRates::delete_many()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::PersonId.eq(person))
        .filter(C::EffectiveFrom.eq(day))
        .exec(db)
        .await?;
    Ok(done.rows_affected > 0)
}

/// The claim decisions of a fiscal year.
pub async fn claims(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    fiscal_year: i32,
) -> Result<Vec<reimbursement_claim::Model>, DbErr> {
    use reimbursement_claim::Column as C;
    Claims::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::FiscalYear.eq(fiscal_year))
        .all(db)
        .await
}

/// Records (or replaces) whether another unit claims the person for the fiscal year.
#[allow(clippy::too_many_arguments)]
pub async fn set_claim(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person: Uuid,
    fiscal_year: i32,
    claimed_elsewhere: bool,
    note: Option<String>,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<reimbursement_claim::Model, DbErr> {
    use reimbursement_claim::Column as C;
    let existing = Claims::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::PersonId.eq(person))
        .filter(C::FiscalYear.eq(fiscal_year))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let mut row: reimbursement_claim::ActiveModel = row.into();
            row.claimed_elsewhere = Set(claimed_elsewhere);
            row.note = Set(note);
            row.decided_by = Set(Some(by));
            row.decided_at = Set(now);
            row.update(db).await
        }
        None => {
            reimbursement_claim::ActiveModel {
                id: Set(Uuid::now_v7()),
                agency_id: Set(scope.id()),
                person_id: Set(person),
                fiscal_year: Set(fiscal_year),
                claimed_elsewhere: Set(claimed_elsewhere),
                note: Set(note),
                decided_by: Set(Some(by)),
                decided_at: Set(now),
            }
            .insert(db)
            .await
        }
    }
}

/// A verified training record, as reimbursement reads it.
pub struct Training {
    pub id: Uuid,
    pub person_id: Uuid,
    pub completed_on: Date,
    pub minutes_by_topic: serde_json::Value,
}

/// The agency's verified records completed from `from` to `to`.
pub async fn verified_training(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: Date,
    to: Date,
) -> Result<Vec<Training>, DbErr> {
    use training_record::Column as C;
    let rows: Vec<(Uuid, Uuid, Date, serde_json::Value)> = Records::find()
        .select_only()
        .column(C::Id)
        .column(C::PersonId)
        .column(C::CompletedOn)
        .column(C::MinutesByTopic)
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::Verification.eq(Verification::Verified.as_str()))
        .filter(C::CompletedOn.between(from, to))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, person_id, completed_on, minutes_by_topic)| Training {
            id,
            person_id,
            completed_on,
            minutes_by_topic,
        })
        .collect())
}
