use confitrek_types::{ExpenseCategory, ExpensePaidBy, ExpenseStatus};
use sea_orm::entity::prelude::*;

/// One cost of training, on exactly one of a training record, a session (shared equally
/// among its attendees) or a person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expense_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub record_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub category: ExpenseCategory,
    pub amount_cents: i64,
    pub incurred_on: TimeDate,
    pub paid_by: ExpensePaidBy,
    pub description: String,
    pub status: ExpenseStatus,
    pub rejection_reason: Option<String>,
    pub requested_by: Uuid,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<TimeDateTimeWithTimeZone>,
    pub paid_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
