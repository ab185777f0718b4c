use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::UserDto;

pub use confitrek_vocabulary::agencies::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencySummary {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "Lakeview Police Department"))]
    pub name: String,
    /// The two-letter code of the state whose POST rules apply.
    #[cfg_attr(feature = "openapi", schema(example = "MN"))]
    pub state_code: String,
    /// The IANA time zone the agency's days and times are read in.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "America/Chicago"))]
    pub time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyDto {
    pub id: Uuid,
    pub name: String,
    pub state_code: String,
    pub subscription_status: SubscriptionStatus,
    /// Enabled optional modules, e.g. `uof`.
    pub modules: Vec<String>,
    /// Days before a due date when a shortfall shows as "at risk".
    pub at_risk_days: u16,
    /// IANA time zone: deadlines and training dates are calendar dates in it.
    #[cfg_attr(feature = "openapi", schema(example = "America/Chicago"))]
    pub time_zone: String,
    /// The agency's date today, in its time zone: the day verdicts are given for.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub today: time::Date,
    /// Whether hours of records not yet verified count toward verdicts.
    #[serde(default)]
    pub count_unverified: bool,
    /// The ORI (Originating Agency Identifier) the federal use-of-force export names.
    #[serde(default)]
    pub ori: Option<String>,
    /// The month (1-12) the agency's fiscal year starts; budgets are per fiscal year, named by
    /// the year it ends in. 7 (July) by default.
    #[serde(default = "default_fiscal_year_start_month")]
    #[cfg_attr(feature = "openapi", schema(example = 7, minimum = 1, maximum = 12))]
    pub fiscal_year_start_month: u8,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAgencyRequest {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(example = "MN"))]
    pub state_code: String,
    #[serde(default)]
    pub subscription_status: Option<SubscriptionStatus>,
    #[serde(default)]
    pub modules: Vec<String>,
    /// IANA time zone; the state's (its capital's) if omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "America/Chicago"))]
    pub time_zone: Option<String>,
    /// The agency's first admin, who is invited.
    pub admin_email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyCreated {
    pub agency: AgencyDto,
    pub admin: UserDto,
    /// Shown once: the admin sets a password with it at `/api/v1/auth/accept-invite`.
    pub invitation_token: String,
}

/// The body of `PUT /agencies/{id}`: the whole agency as the platform operator sets it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgencyUpdate {
    pub name: String,
    pub state_code: String,
    pub subscription_status: SubscriptionStatus,
    pub modules: Vec<String>,
}

/// The agency's own settings (agency admins).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgencySettings {
    /// 1 to 365 days; 90 by default.
    #[cfg_attr(feature = "openapi", schema(example = 90, minimum = 1, maximum = 365))]
    pub at_risk_days: u16,
    /// IANA time zone, e.g. `America/Chicago`; unchanged if omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "America/Chicago"))]
    pub time_zone: Option<String>,
    /// Count the hours of records not yet verified toward verdicts (by default only verified
    /// hours count); unchanged if omitted.
    #[serde(default)]
    pub count_unverified: Option<bool>,
    /// The agency's 9-character ORI for the federal use-of-force export; unchanged if
    /// omitted, removed if empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "MN0270100"))]
    pub ori: Option<String>,
    /// The month (1-12) the fiscal year starts; unchanged if omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 7, minimum = 1, maximum = 12))]
    pub fiscal_year_start_month: Option<u8>,
}

fn default_fiscal_year_start_month() -> u8 {
    7
}
