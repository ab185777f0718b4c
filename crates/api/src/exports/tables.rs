//! The tables an agency owns, listed once, in the order they can be restored (a row's
//! parents before the row). A new agency-owned table is one more line in [`tables`].
//!
//! Rows travel as plain JSON objects keyed by column name: uuids and dates as strings
//! (`YYYY-MM-DD`, timestamps RFC 3339), JSON columns as JSON. Restoring a value tries the
//! column's Rust type through `try_set`, so no table needs code of its own.

use futures_util::future::BoxFuture;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, Value};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, IdenStatic,
    IntoActiveModel, Iterable, ModelTrait, PrimaryKeyToColumn, QueryFilter, QueryOrder,
};
use serde_json::Value as Json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::db::entity;

pub type Row = serde_json::Map<String, Json>;

type Dump = for<'a> fn(
    &'a sea_orm::DatabaseTransaction,
    Uuid,
    &'a Table,
) -> BoxFuture<'a, Result<Vec<Row>, DbErr>>;
type Load = for<'a> fn(
    &'a sea_orm::DatabaseTransaction,
    Vec<Row>,
    &'a Table,
) -> BoxFuture<'a, Result<(), DbErr>>;

/// One agency-owned table and how its rows leave and come back.
pub struct Table {
    pub name: &'static str,
    /// Which rows are the agency's.
    pub key: Key,
    /// Secrets that never leave the instance: exported as null.
    pub withheld: &'static [&'static str],
    /// A column pointing into the same table, filled in once every row exists.
    self_reference: Option<&'static str>,
    dump: Dump,
    load: Load,
}

impl Table {
    fn of<E>(key: Key) -> Self
    where
        E: EntityTrait,
        E::Model: IntoActiveModel<E::ActiveModel> + Sync,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send + Sync,
    {
        Table {
            name: E::default().table_name(),
            key,
            withheld: &[],
            self_reference: None,
            dump: dump_rows::<E>,
            load: load_rows::<E>,
        }
    }

    fn owned<E>() -> Self
    where
        E: EntityTrait,
        E::Model: IntoActiveModel<E::ActiveModel> + Sync,
        E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send + Sync,
    {
        Self::of::<E>(Key::Column("agency_id"))
    }

    fn withholding(mut self, columns: &'static [&'static str]) -> Self {
        self.withheld = columns;
        self
    }

    fn referring_to_itself(mut self, column: &'static str) -> Self {
        self.self_reference = Some(column);
        self
    }

    /// The agency's rows, ordered by primary key so that two exports of the same data are
    /// the same bytes.
    pub async fn dump(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        agency: Uuid,
    ) -> Result<Vec<Row>, DbErr> {
        (self.dump)(txn, agency, self).await
    }

    pub async fn load(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        rows: Vec<Row>,
    ) -> Result<(), DbErr> {
        (self.load)(txn, rows, self).await
    }
}

/// Every table an agency owns, parents first. Left out on purpose: `refresh_tokens`,
/// `sign_ins` and `mfa_recovery_codes` (sessions and second factors are secrets; a restored
/// login sets up its second factor again), `login_lockouts` (counts of wrong passwords),
/// `login_devices` (where people signed in from: not the agency's records), `calendar_feeds`
/// (their URLs are secrets; a restored instance makes new ones), the `webhook_*` tables
/// (signing secrets, and a delivery log that is technical data; a restored instance
/// subscribes its receivers again), `sso_attempts` (sign-ins through an identity provider
/// under way, minutes old), `scim_tokens` (secrets: the identity provider is given a new
/// one), `rule_set_versions` (the platform's, not the agency's). Identity providers leave
/// without their client secret.
pub fn tables() -> Vec<Table> {
    use entity::*;
    vec![
        Table::of::<agency::Entity>(Key::Column("id")),
        Table::owned::<person::Entity>().referring_to_itself("supervisor_id"),
        Table::owned::<user::Entity>().withholding(&[
            "password_hash",
            "invitation_token_hash",
            "invitation_expires_at",
            "mfa_secret",
            "mfa_pending_secret",
            "mfa_enabled_at",
            "mfa_last_step",
        ]),
        Table::owned::<service_account::Entity>(),
        Table::owned::<topic::Entity>(),
        Table::owned::<course::Entity>(),
        Table::owned::<training_session::Entity>(),
        Table::owned::<session_enrollment::Entity>(),
        Table::owned::<training_record::Entity>(),
        Table::owned::<training_record_revision::Entity>(),
        Table::owned::<certificate::Entity>(),
        Table::owned::<training_request::Entity>(),
        Table::owned::<expense_line::Entity>(),
        Table::owned::<expense_receipt::Entity>(),
        Table::owned::<budget::Entity>(),
        Table::owned::<person_pay_rate::Entity>(),
        Table::owned::<reimbursement_claim::Entity>(),
        Table::owned::<uof_incident::Entity>(),
        Table::owned::<uof_incident_officer::Entity>(),
        Table::owned::<uof_incident_version::Entity>(),
        Table::owned::<agency_requirement::Entity>(),
        Table::owned::<training_profile::Entity>(),
        Table::owned::<waiver::Entity>(),
        Table::owned::<credential_type::Entity>(),
        Table::owned::<credential::Entity>(),
        Table::owned::<policy::Entity>(),
        Table::owned::<policy_document::Entity>(),
        Table::owned::<policy_version::Entity>(),
        Table::owned::<acknowledgement::Entity>(),
        Table::owned::<compliance_snapshot::Entity>(),
        Table::owned::<audit_event::Entity>(),
        Table::owned::<notification_settings::Entity>(),
        Table::owned::<notification::Entity>(),
        Table::owned::<snapshot_generation::Entity>(),
        Table::owned::<import_batch::Entity>(),
        Table::of::<import_batch_item::Entity>(Key::Column("agency_id")),
        Table::owned::<identity_provider::Entity>().withholding(&["client_secret"]),
        Table::owned::<scim_user::Entity>(),
        Table::owned::<scim_group::Entity>(),
        Table::owned::<scim_group_member::Entity>(),
        Table::owned::<state_report::Entity>(),
    ]
}

/// Tables deliberately not exported (see [`tables`]); every other table of the schema must be
/// in [`tables`], which a test checks against the database itself.
pub const LEFT_OUT: [&str; 17] = [
    "api_keys",
    "idempotency_keys",
    "refresh_tokens",
    "sso_attempts",
    "sign_ins",
    "mfa_recovery_codes",
    "login_lockouts",
    "login_devices",
    "calendar_feeds",
    "webhook_endpoints",
    "webhook_events",
    "webhook_deliveries",
    "webhook_attempts",
    "scim_tokens",
    "rule_set_versions",
    "seaql_migrations",
    // The platform's, not an agency's: fingerprints of the servers' shared secrets.
    "key_fingerprints",
];

/// How a table's rows are known to be the agency's.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// A column holding the agency's id (`id` for the agency itself).
    Column(&'static str),
    /// A column holding the id of a row of `parent`, a table with an `agency_id`.
    Through {
        column: &'static str,
        parent: &'static str,
    },
}

impl Table {
    /// Whether every row names the agency itself (rows reached through a parent do not).
    pub fn carries_agency(&self) -> bool {
        matches!(self.key, Key::Column("agency_id"))
    }
}

/// The tables whose rows stand for an encrypted file of the same id.
pub const FILE_TABLES: [&str; 4] = [
    "certificates",
    "policy_documents",
    "import_batches",
    "expense_receipts",
];

fn column<E: EntityTrait>(name: &str) -> Result<E::Column, DbErr> {
    E::Column::iter()
        .find(|c| c.as_str() == name)
        .ok_or_else(|| {
            DbErr::Custom(format!(
                "{} has no column {name}",
                E::default().table_name()
            ))
        })
}

fn dump_rows<'a, E>(
    txn: &'a sea_orm::DatabaseTransaction,
    agency: Uuid,
    table: &'a Table,
) -> BoxFuture<'a, Result<Vec<Row>, DbErr>>
where
    E: EntityTrait,
    E::Model: Sync,
{
    Box::pin(async move {
        let mut query = match table.key {
            Key::Column(name) => E::find().filter(column::<E>(name)?.eq(agency)),
            Key::Through {
                column: name,
                parent,
            } => E::find().filter(
                column::<E>(name)?.in_subquery(
                    Query::select()
                        .column(Alias::new("id"))
                        .from(Alias::new(parent))
                        .and_where(Expr::col(Alias::new("agency_id")).eq(agency))
                        .to_owned(),
                ),
            ),
        };
        for key in E::PrimaryKey::iter() {
            query = query.order_by_asc(key.into_column());
        }
        let models = query.all(txn).await?;
        models
            .iter()
            .map(|model| row_of::<E>(table.name, model, table.withheld))
            .collect()
    })
}

/// A model as a row of JSON values, by column name, with the `withheld` columns null.
pub fn row_of<E: EntityTrait>(
    table: &str,
    model: &E::Model,
    withheld: &[&str],
) -> Result<Row, DbErr> {
    E::Column::iter()
        .map(|c| {
            let name = c.as_str();
            let value = if withheld.contains(&name) {
                Json::Null
            } else {
                to_json(model.get(c)).map_err(|e| DbErr::Custom(format!("{table}.{name}: {e}")))?
            };
            Ok((name.to_owned(), value))
        })
        .collect()
}

fn load_rows<'a, E>(
    txn: &'a sea_orm::DatabaseTransaction,
    rows: Vec<Row>,
    table: &'a Table,
) -> BoxFuture<'a, Result<(), DbErr>>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send + Sync,
{
    Box::pin(async move {
        let mut fresh = Vec::with_capacity(rows.len());
        let mut later = Vec::new();
        for row in &rows {
            let mut model = active_model::<E>(table.name, row)?;
            if let Some(name) = table.self_reference
                && row.get(name).is_some_and(|v| !v.is_null())
            {
                later.push(model.clone());
                set(&mut model, column::<E>(name)?, table.name, &Json::Null)?;
            }
            fresh.push(model);
        }
        // Small batches keep every statement under SQLite's and PostgreSQL's parameter limits.
        for batch in fresh.chunks(50) {
            E::insert_many(batch.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        for model in later {
            E::update(model).exec(txn).await?;
        }
        Ok(())
    })
}

/// A row of [`row_of`] as a model to write, every column it holds set.
pub fn active_model<E>(table: &str, row: &Row) -> Result<E::ActiveModel, DbErr>
where
    E: EntityTrait,
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let mut model = <E::ActiveModel as ActiveModelTrait>::default();
    for c in E::Column::iter() {
        // A column the archive's version did not have yet takes the database's default.
        if let Some(value) = row.get(c.as_str()) {
            set(&mut model, c, table, value)?;
        }
    }
    Ok(model)
}

/// Sets a column from its JSON form, trying the Rust types the value could stand for.
fn set<A: ActiveModelTrait>(
    model: &mut A,
    c: <A::Entity as EntityTrait>::Column,
    table: &str,
    json: &Json,
) -> Result<(), DbErr> {
    for candidate in candidates(json) {
        if model.try_set(c, candidate).is_ok() {
            return Ok(());
        }
    }
    Err(DbErr::Custom(format!(
        "{table}.{}: the value {json} does not fit the column",
        c.as_str()
    )))
}

fn candidates(json: &Json) -> Vec<Value> {
    match json {
        Json::Null => vec![
            Value::String(None),
            Value::Uuid(None),
            Value::TimeDate(None),
            Value::TimeDateTimeWithTimeZone(None),
            Value::Int(None),
            Value::BigInt(None),
            Value::Bool(None),
            Value::Double(None),
            Value::Json(None),
            Value::Json(Some(Box::new(Json::Null))),
        ],
        Json::String(s) => {
            let mut v = Vec::new();
            if let Ok(u) = Uuid::parse_str(s) {
                v.push(Value::Uuid(Some(u)));
            }
            if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
                v.push(Value::TimeDateTimeWithTimeZone(Some(t)));
            }
            if let Ok(d) = time::Date::parse(s, DATE) {
                v.push(Value::TimeDate(Some(d)));
            }
            v.push(Value::String(Some(s.clone())));
            v.push(Value::Json(Some(Box::new(json.clone()))));
            v
        }
        Json::Number(n) => {
            let mut v = Vec::new();
            if let Some(i) = n.as_i64() {
                if let Ok(small) = i32::try_from(i) {
                    v.push(Value::Int(Some(small)));
                }
                v.push(Value::BigInt(Some(i)));
            }
            if let Some(f) = n.as_f64() {
                v.push(Value::Double(Some(f)));
            }
            v.push(Value::Json(Some(Box::new(json.clone()))));
            v
        }
        Json::Bool(b) => vec![
            Value::Bool(Some(*b)),
            Value::Json(Some(Box::new(json.clone()))),
        ],
        Json::Array(_) | Json::Object(_) => vec![Value::Json(Some(Box::new(json.clone())))],
    }
}

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn to_json(value: Value) -> Result<Json, String> {
    Ok(match value {
        Value::Uuid(Some(u)) => Json::String(u.to_string()),
        Value::TimeDate(Some(d)) => Json::String(d.format(DATE).map_err(|e| e.to_string())?),
        Value::TimeDateTimeWithTimeZone(Some(t)) => {
            Json::String(t.format(&Rfc3339).map_err(|e| e.to_string())?)
        }
        Value::String(Some(s)) => Json::String(s),
        Value::Bool(Some(b)) => Json::Bool(b),
        Value::Int(Some(i)) => i.into(),
        Value::BigInt(Some(i)) => i.into(),
        Value::Double(Some(f)) => f.into(),
        Value::Json(Some(j)) => *j,
        Value::Uuid(None)
        | Value::TimeDate(None)
        | Value::TimeDateTimeWithTimeZone(None)
        | Value::String(None)
        | Value::Bool(None)
        | Value::Int(None)
        | Value::BigInt(None)
        | Value::Double(None)
        | Value::Json(None) => Json::Null,
        other => return Err(format!("a value of an unexpected type: {other:?}")),
    })
}
