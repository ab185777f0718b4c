//! The roster, always within one agency.

use confitrek_domain::people::{PersonStatus, ValidPerson};
use confitrek_types::{RosterSort, SortOrder};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ExprTrait,
    Order, QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::person::{self, Column, Entity as People};

/// Which part of the roster a query may return, on top of the agency scope.
#[derive(Debug, Clone)]
pub enum Visible {
    All,
    /// A unit's people, plus the caller's own person.
    Unit {
        unit: Option<String>,
        own: Option<Uuid>,
    },
    Only(Option<Uuid>),
}

#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Words that must all appear in the name, badge or email.
    pub words: Vec<String>,
    pub unit: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
}

/// The sort key of the roster, also its cursor.
pub type NameKey = (String, String, Uuid);

fn search_text(p: &ValidPerson) -> String {
    let mut text = format!(
        "{} {} {}",
        p.first_name.as_str(),
        p.last_name.as_str(),
        p.badge.as_str()
    );
    if let Some(email) = &p.email {
        text.push(' ');
        text.push_str(email.as_str());
    }
    text.to_lowercase()
}

fn apply(model: &mut person::ActiveModel, p: &ValidPerson, now: OffsetDateTime) {
    model.kind = Set(p.kind);
    model.first_name = Set(p.first_name.as_str().to_owned());
    model.last_name = Set(p.last_name.as_str().to_owned());
    model.title = Set(p.title.clone());
    model.badge = Set(p.badge.as_str().to_owned());
    model.email = Set(p.email.as_ref().map(|e| e.as_str().to_owned()));
    model.unit = Set(p.unit.clone());
    model.supervisor_id = Set(p.supervisor_id);
    model.status = Set(p.status);
    model.hire_date = Set(p.hire_date);
    model.separated_on = Set(p.separated_on);
    model.license_number = Set(p.license_number.clone());
    model.license_cycle_start = Set(p.license_cycle.map(|c| c.start()));
    model.license_cycle_end = Set(p.license_cycle.map(|c| c.end()));
    model.notes = Set(p.notes.clone());
    model.role_flags = Set(p.role_flags.join(","));
    model.certified_on = Set(p.certified_on);
    model.history_from = Set(p.history_from);
    model.search_text = Set(search_text(p));
    model.updated_at = Set(now);
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    p: &ValidPerson,
    now: OffsetDateTime,
) -> Result<person::Model, DbErr> {
    new_person(scope, Uuid::now_v7(), p, now).insert(db).await
}

/// The row of a new person with this id.
pub fn new_person(
    scope: AgencyScope,
    id: Uuid,
    p: &ValidPerson,
    now: OffsetDateTime,
) -> person::ActiveModel {
    let mut model = person::ActiveModel {
        id: Set(id),
        agency_id: Set(scope.id()),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, p, now);
    model
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<person::Model>, DbErr> {
    People::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn replace(
    db: &impl ConnectionTrait,
    existing: person::Model,
    p: &ValidPerson,
    now: OffsetDateTime,
) -> Result<person::Model, DbErr> {
    replaced(existing, p, now).update(db).await
}

/// The row of `existing` with what `p` says.
pub fn replaced(
    existing: person::Model,
    p: &ValidPerson,
    now: OffsetDateTime,
) -> person::ActiveModel {
    let mut model: person::ActiveModel = existing.into();
    apply(&mut model, p, now);
    model
}

/// Every person of the agency.
pub async fn all(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<person::Model>, DbErr> {
    People::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .all(db)
        .await
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    existing: person::Model,
    status: PersonStatus,
    now: OffsetDateTime,
) -> Result<person::Model, DbErr> {
    let mut model: person::ActiveModel = existing.into();
    model.status = Set(status);
    model.updated_at = Set(now);
    model.update(db).await
}

/// The person in the agency who already has this badge, other than `except`.
pub async fn badge_holder(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    badge: &str,
    except: Option<Uuid>,
) -> Result<Option<person::Model>, DbErr> {
    let mut query = People::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Badge.eq(badge));
    if let Some(id) = except {
        query = query.filter(Column::Id.ne(id));
    }
    query.one(db).await
}

fn like_pattern(word: &str) -> LikeExpr {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The people of the agency the caller may see, as a condition on `people`.
pub fn visible_in(scope: AgencyScope, visible: &Visible) -> Condition {
    let cond = Condition::all().add(Column::AgencyId.eq(scope.id()));
    match visible {
        Visible::All => cond,
        Visible::Unit { unit, own } => {
            let mut any = Condition::any();
            if let Some(unit) = unit {
                any = any.add(Column::Unit.eq(unit.as_str()));
            }
            if let Some(own) = own {
                any = any.add(Column::Id.eq(*own));
            }
            cond.add(any.add(Expr::val(false)))
        }
        Visible::Only(Some(id)) => cond.add(Column::Id.eq(*id)),
        Visible::Only(None) => cond.add(Expr::val(false)),
    }
}

/// The ids of the people the caller may see, as a subquery for other tables' `person_id`.
pub fn visible_ids(scope: AgencyScope, visible: &Visible) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(Column::Id)
        .from(person::Entity)
        .cond_where(visible_in(scope, visible))
        .to_owned()
}

/// The caller's part of the roster narrowed by the filter.
fn filtered(scope: AgencyScope, visible: &Visible, filter: &PeopleFilter) -> Condition {
    let mut cond = visible_in(scope, visible);
    for word in &filter.words {
        cond = cond.add(Column::SearchText.like(like_pattern(word)));
    }
    if let Some(unit) = &filter.unit {
        cond = cond.add(Column::Unit.eq(unit.as_str()));
    }
    if let Some(status) = &filter.status {
        cond = cond.add(Column::Status.eq(status.as_str()));
    }
    if let Some(kind) = &filter.kind {
        cond = cond.add(Column::Kind.eq(kind.as_str()));
    }
    cond
}

/// The roster by name, a page after `after`.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    filter: &PeopleFilter,
    after: Option<NameKey>,
    limit: u64,
) -> Result<Vec<person::Model>, DbErr> {
    let mut cond = filtered(scope, visible, filter);
    if let Some((last, first, id)) = after {
        cond = cond.add(
            Condition::any()
                .add(Column::LastName.gt(last.as_str()))
                .add(
                    Column::LastName
                        .eq(last.as_str())
                        .and(Column::FirstName.gt(first.as_str())),
                )
                .add(
                    Column::LastName
                        .eq(last.as_str())
                        .and(Column::FirstName.eq(first.as_str()))
                        .and(Column::Id.gt(id)),
                ),
        );
    }
    People::find()
        .filter(cond)
        .order_by_asc(Column::LastName)
        .order_by_asc(Column::FirstName)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The rank of a person's stored verdict, worst first; someone not judged yet last.
const VERDICT_RANK: &str = "(CASE (SELECT s.status FROM compliance_snapshots s \
    WHERE s.person_id = people.id) WHEN 'non_compliant' THEN 0 WHEN 'at_risk' THEN 1 \
    WHEN 'compliant' THEN 2 WHEN 'not_applicable' THEN 3 ELSE 4 END)";

/// The roster ordered by `sort` (ties by name), `limit` rows from `offset`.
pub async fn sorted(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    filter: &PeopleFilter,
    (sort, order): (RosterSort, SortOrder),
    offset: u64,
    limit: u64,
) -> Result<Vec<person::Model>, DbErr> {
    let order = match order {
        SortOrder::Asc => Order::Asc,
        SortOrder::Desc => Order::Desc,
    };
    let mut query = People::find().filter(filtered(scope, visible, filter));
    query = match sort {
        RosterSort::Name => query
            .order_by(Column::LastName, order.clone())
            .order_by(Column::FirstName, order.clone()),
        RosterSort::Badge => query.order_by(Column::Badge, order),
        // People without a unit stay last whichever way the units go.
        RosterSort::Unit => query
            .order_by(
                Expr::cust("(CASE WHEN people.unit IS NULL THEN 1 ELSE 0 END)"),
                Order::Asc,
            )
            .order_by(Column::Unit, order),
        RosterSort::Compliance => query.order_by(Expr::cust(VERDICT_RANK), order),
    };
    query
        .order_by_asc(Column::LastName)
        .order_by_asc(Column::FirstName)
        .order_by_asc(Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await
}

/// The distinct units of the agency, for filters and forms.
pub async fn units(db: &impl ConnectionTrait, scope: AgencyScope) -> Result<Vec<String>, DbErr> {
    let units: Vec<Option<String>> = People::find()
        .select_only()
        .column(Column::Unit)
        .distinct()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Unit.is_not_null())
        .order_by_asc(Column::Unit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(units.into_iter().flatten().collect())
}

/// Every person of the agency, for agency-wide re-evaluation.
pub async fn ids(db: &impl ConnectionTrait, scope: AgencyScope) -> Result<Vec<Uuid>, DbErr> {
    People::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::AgencyId.eq(scope.id()))
        .into_tuple()
        .all(db)
        .await
}

/// People of the agency by id (those of another agency are simply not found).
pub async fn many(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: Vec<Uuid>,
) -> Result<Vec<person::Model>, DbErr> {
    // In chunks: SQLite binds at most 32,766 values in one statement.
    let mut found = Vec::new();
    for chunk in ids.chunks(1_000) {
        found.extend(
            People::find()
                .filter(Column::AgencyId.eq(scope.id()))
                .filter(Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}
