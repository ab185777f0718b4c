use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub state_code: String,
    pub subscription_status: confitrek_types::SubscriptionStatus,
    pub modules: Json,
    /// Days before a due date when a shortfall is "at risk".
    pub at_risk_days: i32,
    /// IANA name, e.g. `America/Chicago`: deadlines are the agency's calendar dates.
    pub time_zone: String,
    /// Count the hours of records not yet verified (only verified hours count otherwise).
    pub count_unverified: bool,
    /// The agency's ORI (Originating Agency Identifier), for the federal use-of-force export.
    pub ori: Option<String>,
    /// The demo agency: its admins and coordinators may sign in without a second factor.
    pub demo: bool,
    /// Every login needs a second factor, not only admins' and coordinators'.
    pub mfa_for_everyone: bool,
    /// How long a locked account stays locked; none: until an admin releases it.
    pub lockout_minutes: Option<i32>,
    /// A sign-in unused this long ends.
    pub idle_timeout_minutes: i32,
    /// A sign-in ends this long after it began, however busy.
    pub session_hours: i32,
    /// When the subscription was cancelled: the data stays, read-only, for the retention
    /// period, then it is deleted.
    pub cancelled_at: Option<TimeDateTimeWithTimeZone>,
    /// The month (1-12) the agency's fiscal year starts; budgets are per fiscal year.
    pub fiscal_year_start_month: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
