//! What the compliance engine reads (records, waivers, published rule sets) and writes
//! (snapshots), always within one agency except the platform-wide rule sets.

use confitrek_types::{ComplianceReportDto, ComplianceStatus, RecordSource, Verification};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{
    compliance_snapshot, rule_set_version, snapshot_generation, training_record, waiver,
};

pub struct NewTrainingRecord {
    pub person_id: Uuid,
    pub completed_on: Date,
    pub title: String,
    pub minutes_by_topic: serde_json::Value,
    pub events: serde_json::Value,
}

/// A verified record entered by the training office (the demo, tests, imports of history).
pub async fn insert_record(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewTrainingRecord,
    now: OffsetDateTime,
) -> Result<training_record::Model, DbErr> {
    verified_record(scope, new, now).insert(db).await
}

/// Many verified records at once, a few hundred rows a statement (generated history).
pub async fn insert_records(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    records: Vec<NewTrainingRecord>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        let chunk: Vec<_> = records
            .by_ref()
            .take(200)
            .map(|r| verified_record(scope, r, now))
            .collect();
        training_record::Entity::insert_many(chunk).exec(db).await?;
    }
    Ok(())
}

fn verified_record(
    scope: AgencyScope,
    new: NewTrainingRecord,
    now: OffsetDateTime,
) -> training_record::ActiveModel {
    training_record::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        person_id: Set(new.person_id),
        completed_on: Set(new.completed_on),
        title: Set(new.title),
        minutes_by_topic: Set(new.minutes_by_topic),
        events: Set(new.events),
        created_at: Set(now),
        course_id: Set(None),
        session_id: Set(None),
        source: Set(RecordSource::Coordinator),
        verification: Set(Verification::Verified),
        rejection_reason: Set(None),
        verified_by: Set(None),
        verified_at: Set(Some(now)),
        updated_at: Set(Some(now)),
    }
}

pub async fn records_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Vec<training_record::Model>, DbErr> {
    training_record::Entity::find()
        .filter(training_record::Column::AgencyId.eq(scope.id()))
        .filter(training_record::Column::PersonId.eq(person_id))
        .order_by_asc(training_record::Column::CompletedOn)
        .all(db)
        .await
}

pub struct NewWaiver {
    pub person_id: Uuid,
    pub requirement_id: String,
    pub period_due: Date,
    pub effect: serde_json::Value,
    pub reason: String,
    pub approved_by: String,
}

pub async fn insert_waiver(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewWaiver,
    now: OffsetDateTime,
) -> Result<waiver::Model, DbErr> {
    waiver::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        person_id: Set(new.person_id),
        requirement_id: Set(new.requirement_id),
        period_due: Set(new.period_due),
        effect: Set(new.effect),
        reason: Set(new.reason),
        approved_by: Set(new.approved_by),
        created_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn waivers_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Vec<waiver::Model>, DbErr> {
    waiver::Entity::find()
        .filter(waiver::Column::AgencyId.eq(scope.id()))
        .filter(waiver::Column::PersonId.eq(person_id))
        .order_by_asc(waiver::Column::Id)
        .all(db)
        .await
}

/// Published versions of a jurisdiction's rules (the built-in files are not stored).
pub async fn rule_set_versions(
    db: &impl ConnectionTrait,
    jurisdiction: &str,
) -> Result<Vec<rule_set_version::Model>, DbErr> {
    rule_set_version::Entity::find()
        .filter(rule_set_version::Column::Jurisdiction.eq(jurisdiction))
        .order_by_asc(rule_set_version::Column::Version)
        .all(db)
        .await
}

pub async fn insert_rule_set_version(
    db: &impl ConnectionTrait,
    jurisdiction: &str,
    version: i32,
    effective_from: Date,
    document: serde_json::Value,
    published_by: Uuid,
    now: OffsetDateTime,
) -> Result<rule_set_version::Model, DbErr> {
    rule_set_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        jurisdiction: Set(jurisdiction.to_owned()),
        version: Set(version),
        effective_from: Set(effective_from),
        document: Set(document),
        published_by: Set(Some(published_by)),
        published_at: Set(now),
    }
    .insert(db)
    .await
}

pub struct Snapshot {
    pub person_id: Uuid,
    pub as_of: Date,
    pub status: ComplianceStatus,
    pub next_change_at: Option<Date>,
    pub report: serde_json::Value,
}

/// Stores the person's latest verdict, replacing the previous one.
pub async fn save_snapshot(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    s: Snapshot,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    save_snapshots(db, scope, vec![s], now).await
}

/// Stores the latest verdicts of many people at once, replacing their previous ones.
pub async fn save_snapshots(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    snapshots: Vec<Snapshot>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    if snapshots.is_empty() {
        return Ok(());
    }
    // The agency's generation row first: every transaction that stores verdicts then locks
    // it before any person's snapshot, so two of them can never hold those in opposite orders
    // (a deadlock on PostgreSQL). Holding it until commit also means generations commit in
    // their order, so whoever reads generation N can read every verdict written up to N.
    let generation = bump_generation(db, scope, Change::People).await?;
    let models = snapshots
        .into_iter()
        .map(|s| compliance_snapshot::ActiveModel {
            person_id: Set(s.person_id),
            agency_id: Set(scope.id()),
            as_of: Set(s.as_of),
            status: Set(s.status),
            next_change_at: Set(s.next_change_at),
            report: Set(s.report),
            computed_at: Set(now),
            generation: Set(generation),
        });
    use compliance_snapshot::Column as C;
    compliance_snapshot::Entity::insert_many(models)
        .on_conflict(
            OnConflict::column(C::PersonId)
                .update_columns([
                    C::AsOf,
                    C::Status,
                    C::NextChangeAt,
                    C::Report,
                    C::ComputedAt,
                    C::Generation,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// What a write did to the agency's stored verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Some people's verdicts were stored; each row carries the new generation.
    People,
    /// Verdicts went, or may all have changed: only a whole rebuild is right.
    Wholesale,
}

/// Moves the agency's snapshot generation on, in the transaction that wrote the verdict, so
/// that a dashboard kept in memory is known to be stale as soon as the change commits.
/// Returns the new generation.
async fn bump_generation(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    change: Change,
) -> Result<i64, DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    use snapshot_generation::Column as G;
    let wholesale = change == Change::Wholesale;
    let row = snapshot_generation::ActiveModel {
        agency_id: Set(scope.id()),
        generation: Set(1),
        reset_generation: Set(if wholesale { 1 } else { 0 }),
    };
    let next = Expr::col((snapshot_generation::Entity, G::Generation)).add(1);
    let mut on_conflict = OnConflict::column(G::AgencyId);
    on_conflict.value(G::Generation, next.clone());
    if wholesale {
        on_conflict.value(G::ResetGeneration, next);
    }
    snapshot_generation::Entity::insert(row)
        .on_conflict(on_conflict)
        .exec(db)
        .await?;
    // Locked by the write above until this transaction ends: nobody moves it in between.
    Ok(generations(db, scope).await?.changed)
}

/// Marks every stored verdict of the agency as changed: what is kept from them is rebuilt
/// whole. For writes that remove verdicts or re-evaluate everyone at once.
pub async fn reset_verdicts(db: &impl ConnectionTrait, scope: AgencyScope) -> Result<(), DbErr> {
    bump_generation(db, scope, Change::Wholesale).await?;
    Ok(())
}

/// Where an agency's stored verdicts stand: what is kept from generation `g` is current
/// when `g >= changed`, can be brought up to date from the verdicts written after `g` when
/// `g >= reset`, and must be rebuilt whole otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generations {
    /// The generation of the last write of any verdict (0 before any).
    pub changed: i64,
    /// The generation of the last wholesale change (0 before any).
    pub reset: i64,
}

/// The agency's generations, in one read of one row.
pub async fn generations(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Generations, DbErr> {
    Ok(snapshot_generation::Entity::find_by_id(scope.id())
        .one(db)
        .await?
        .map_or(Generations::default(), |g| Generations {
            changed: g.generation,
            reset: g.reset_generation,
        }))
}

/// A stored verdict as a pass over the agency reads it: whose it is, and its document as
/// stored, as text.
pub struct StoredReport {
    pub person_id: Uuid,
    document: String,
}

impl StoredReport {
    /// The document read straight into its type: read as a tree of JSON values first, each
    /// would take several times its size in small allocations.
    pub fn report(&self) -> serde_json::Result<ComplianceReportDto> {
        serde_json::from_str(&self.document)
    }
}

/// A page of the agency's stored verdicts in person order, the page after the person
/// `after`: a pass over a large agency holds one page of documents at a time. With
/// `written_after`, only the verdicts stored after that generation (and possibly some of a
/// write committed since the generation was read, which a later read takes again).
pub async fn snapshots_after(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    written_after: Option<i64>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<StoredReport>, DbErr> {
    use compliance_snapshot::Column;
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    let mut query = compliance_snapshot::Entity::find().filter(Column::AgencyId.eq(scope.id()));
    if let Some(generation) = written_after {
        // The people from the index of generations, then their rows: SQLite would otherwise
        // walk the rows in person order and, the generation being stored after the
        // document, read every document to find the few written since.
        let written = Query::select()
            .column(Column::PersonId)
            .from(compliance_snapshot::Entity)
            .and_where(Column::AgencyId.eq(scope.id()))
            .and_where(Column::Generation.gt(generation))
            .to_owned();
        query = query.filter(Column::PersonId.in_subquery(written));
    }
    let rows: Vec<(Uuid, String)> =
        super::pages::oldest_first(query, Column::PersonId, after, limit)
            .select_only()
            .column(Column::PersonId)
            .column_as(
                Expr::col(Column::Report).cast_as(Alias::new("text")),
                "report",
            )
            .into_tuple()
            .all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(person_id, document)| StoredReport {
            person_id,
            document,
        })
        .collect())
}

/// The people of the agency whose stored verdict changes by `today` with the passing of
/// time alone (a deadline, an at-risk window, an expiry).
pub async fn snapshots_due(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    today: Date,
) -> Result<Vec<Uuid>, DbErr> {
    use sea_orm::QuerySelect;
    compliance_snapshot::Entity::find()
        .select_only()
        .column(compliance_snapshot::Column::PersonId)
        .filter(compliance_snapshot::Column::AgencyId.eq(scope.id()))
        .filter(compliance_snapshot::Column::NextChangeAt.lte(today))
        .into_tuple()
        .all(db)
        .await
}

/// The stored verdicts of some of the agency's people (a page of the roster).
pub async fn snapshots_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    people: &[Uuid],
) -> Result<Vec<compliance_snapshot::Model>, DbErr> {
    compliance_snapshot::Entity::find()
        .filter(compliance_snapshot::Column::AgencyId.eq(scope.id()))
        .filter(compliance_snapshot::Column::PersonId.is_in(people.iter().copied()))
        .all(db)
        .await
}

/// The stored verdict of each of some people who have one.
pub async fn statuses_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    people: &[Uuid],
) -> Result<Vec<(Uuid, ComplianceStatus)>, DbErr> {
    use sea_orm::QuerySelect;
    compliance_snapshot::Entity::find()
        .select_only()
        .column(compliance_snapshot::Column::PersonId)
        .column(compliance_snapshot::Column::Status)
        .filter(compliance_snapshot::Column::AgencyId.eq(scope.id()))
        .filter(compliance_snapshot::Column::PersonId.is_in(people.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}

pub async fn snapshot_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
) -> Result<Option<compliance_snapshot::Model>, DbErr> {
    compliance_snapshot::Entity::find_by_id(person_id)
        .filter(compliance_snapshot::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Codes of jurisdictions with published versions.
pub async fn published_jurisdictions(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    use sea_orm::QuerySelect;
    rule_set_version::Entity::find()
        .select_only()
        .column(rule_set_version::Column::Jurisdiction)
        .distinct()
        .into_tuple()
        .all(db)
        .await
}

/// Forgets the stored verdicts of people about to be removed (an import taken back).
pub async fn delete_snapshots(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_ids: Vec<Uuid>,
) -> Result<(), DbErr> {
    if person_ids.is_empty() {
        return Ok(());
    }
    reset_verdicts(db, scope).await?;
    compliance_snapshot::Entity::delete_many()
        .filter(compliance_snapshot::Column::AgencyId.eq(scope.id()))
        .filter(compliance_snapshot::Column::PersonId.is_in(person_ids))
        .exec(db)
        .await?;
    Ok(())
}
