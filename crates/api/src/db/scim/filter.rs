//! SCIM filters as SQL: a condition checked by `confitrek_domain::scim` becomes a condition
//! on `scim_users` joined with `people`, or on `scim_groups`. Text compared without regard to
//! case is compared lower-cased on both sides (PostgreSQL's `LIKE` heeds case); `co`, `sw`
//! and `ew` on case-exact text use each database's own string functions, since SQLite's
//! `LIKE` ignores case.

use confitrek_domain::people::PersonStatus;
use confitrek_domain::scim::filter::{CompareOp, Condition, Value};
use confitrek_domain::scim::group::GroupAttribute;
use confitrek_domain::scim::user::UserAttribute;
use sea_orm::DbBackend;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query};

use crate::db::entity::{person, scim_group, scim_group_member, scim_user};

/// How a column of a filter compares.
enum Column {
    /// Text, already lower case when `exact` is false.
    Text {
        expr: Expr,
        exact: bool,
    },
    /// A person's status, read as `active`.
    Active,
    Time(Expr),
    Id(Expr),
    /// A group's members (by the person's id).
    Member,
}

fn col<C: sea_orm::ColumnTrait>(entity: impl sea_orm::EntityTrait, column: C) -> Expr {
    Expr::col((entity, column))
}

fn lower(expr: Expr) -> Expr {
    Expr::expr(Func::lower(expr))
}

fn user_column(attribute: UserAttribute) -> Column {
    use UserAttribute::*;
    let scim = |c| col(scim_user::Entity, c);
    let people = |c| col(person::Entity, c);
    let text = |expr| Column::Text { expr, exact: false };
    match attribute {
        Id => Column::Id(scim(scim_user::Column::PersonId)),
        UserName => text(scim(scim_user::Column::UserNameKey)),
        ExternalId => Column::Text {
            expr: scim(scim_user::Column::ExternalId),
            exact: true,
        },
        // Stored lower case (an e-mail identifies one mailbox).
        Email => text(people(person::Column::Email)),
        GivenName => text(lower(people(person::Column::FirstName))),
        FamilyName => text(lower(people(person::Column::LastName))),
        Title => text(lower(people(person::Column::Title))),
        EmployeeNumber => text(lower(people(person::Column::Badge))),
        Active => Column::Active,
        Created => Column::Time(scim(scim_user::Column::CreatedAt)),
        LastModified => Column::Time(Expr::cust(
            "(CASE WHEN people.updated_at > scim_users.updated_at THEN people.updated_at \
             ELSE scim_users.updated_at END)",
        )),
    }
}

fn group_column(attribute: GroupAttribute) -> Column {
    use GroupAttribute::*;
    let groups = |c| col(scim_group::Entity, c);
    match attribute {
        Id => Column::Id(groups(scim_group::Column::Id)),
        DisplayName => Column::Text {
            expr: groups(scim_group::Column::DisplayNameKey),
            exact: false,
        },
        ExternalId => Column::Text {
            expr: groups(scim_group::Column::ExternalId),
            exact: true,
        },
        Member => Column::Member,
        Created => Column::Time(groups(scim_group::Column::CreatedAt)),
        LastModified => Column::Time(groups(scim_group::Column::UpdatedAt)),
    }
}

/// `scim_users` (joined with `people`) that meet `condition`.
pub fn users(condition: &Condition<UserAttribute>, backend: DbBackend) -> Expr {
    sql(condition, &|a| user_column(a), backend)
}

/// `scim_groups` that meet `condition`.
pub fn groups(condition: &Condition<GroupAttribute>, backend: DbBackend) -> Expr {
    sql(condition, &|a| group_column(a), backend)
}

fn sql<A: Copy>(
    condition: &Condition<A>,
    column: &dyn Fn(A) -> Column,
    backend: DbBackend,
) -> Expr {
    match condition {
        Condition::Always(b) => Expr::val(*b),
        Condition::Not(inner) => sql(inner, column, backend).not(),
        Condition::All(all) => all
            .iter()
            .map(|c| sql(c, column, backend))
            .reduce(|a, b| a.and(b))
            .unwrap_or_else(|| Expr::val(true)),
        Condition::Any(any) => any
            .iter()
            .map(|c| sql(c, column, backend))
            .reduce(|a, b| a.or(b))
            .unwrap_or_else(|| Expr::val(false)),
        Condition::Present(a) => match column(*a) {
            Column::Text { expr, .. } | Column::Time(expr) | Column::Id(expr) => expr.is_not_null(),
            Column::Active => Expr::val(true),
            Column::Member => Expr::exists(members(None)),
        },
        Condition::Compare(a, op, value) => compare(column(*a), *op, value, backend),
    }
}

/// The members of the group of the row, perhaps only `person`.
fn members(person: Option<(CompareOp, uuid::Uuid)>) -> sea_orm::sea_query::SelectStatement {
    let mut query = Query::select();
    query
        .expr(Expr::val(1))
        .from(scim_group_member::Entity)
        .and_where(
            col(
                scim_group_member::Entity,
                scim_group_member::Column::GroupId,
            )
            .equals((scim_group::Entity, scim_group::Column::Id)),
        );
    if let Some((op, id)) = person {
        let member = col(
            scim_group_member::Entity,
            scim_group_member::Column::PersonId,
        );
        query.and_where(if op == CompareOp::Ne {
            member.ne(id)
        } else {
            member.eq(id)
        });
    }
    query.to_owned()
}

fn like(text: &str, before: bool, after: bool) -> LikeExpr {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let (b, a) = (if before { "%" } else { "" }, if after { "%" } else { "" });
    LikeExpr::new(format!("{b}{escaped}{a}")).escape('\\')
}

fn ordered<V: Into<sea_orm::sea_query::Value>>(expr: Expr, op: CompareOp, value: V) -> Expr {
    match op {
        CompareOp::Eq => expr.eq(value),
        CompareOp::Ne => expr.clone().ne(value).or(expr.is_null()),
        CompareOp::Gt => expr.gt(value),
        CompareOp::Ge => expr.gte(value),
        CompareOp::Lt => expr.lt(value),
        CompareOp::Le => expr.lte(value),
        // Checked by the domain: only text takes these.
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => Expr::val(false),
    }
}

fn compare(column: Column, op: CompareOp, value: &Value, backend: DbBackend) -> Expr {
    match (column, value) {
        (Column::Text { expr, exact }, Value::Text(text)) => match op {
            CompareOp::Co | CompareOp::Sw | CompareOp::Ew if exact => {
                exactly(expr, op, text, backend)
            }
            CompareOp::Co => expr.like(like(text, true, true)),
            CompareOp::Sw => expr.like(like(text, false, true)),
            CompareOp::Ew => expr.like(like(text, true, false)),
            _ => ordered(expr, op, text.clone()),
        },
        (Column::Active, Value::Bool(active)) => {
            let is_active =
                col(person::Entity, person::Column::Status).eq(PersonStatus::Active.as_str());
            if *active == (op == CompareOp::Eq) {
                is_active
            } else {
                is_active.not()
            }
        }
        (Column::Time(expr), Value::Time(at)) => ordered(expr, op, *at),
        (Column::Id(expr), Value::Id(id)) => ordered(expr, op, *id),
        (Column::Member, Value::Id(id)) => Expr::exists(members(Some((op, *id)))),
        // The domain pairs each attribute with its kind of value.
        _ => Expr::val(false),
    }
}

/// `co`, `sw`, `ew` heeding case, in the database's own functions.
fn exactly(expr: Expr, op: CompareOp, text: &str, backend: DbBackend) -> Expr {
    let value = Expr::val(text.to_owned());
    let sql = match (backend, op) {
        (DbBackend::Postgres, CompareOp::Co) => "strpos($1, $2) > 0",
        (DbBackend::Postgres, CompareOp::Sw) => "strpos($1, $2) = 1",
        (DbBackend::Postgres, _) => "right($1, length($2)) = $2",
        (_, CompareOp::Co) => "instr(?, ?) > 0",
        (_, CompareOp::Sw) => "instr(?, ?) = 1",
        (_, _) => "substr(?, -length(?)) = ?",
    };
    let values = match (backend, op) {
        (DbBackend::Postgres, _) | (_, CompareOp::Co | CompareOp::Sw) => vec![expr, value],
        _ => vec![expr, value.clone(), value],
    };
    Expr::cust_with_exprs(sql, values)
}
