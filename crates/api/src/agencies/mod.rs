//! Agencies, the tenants: the platform operator creates them and their first admin; an
//! agency's admins change its settings; its users read it.

pub mod handlers;
mod service;

use confitrek_types::{AgencyDto, AgencySummary};

use crate::db::agencies;
use crate::db::entity::agency;

pub fn summary(a: &agency::Model) -> AgencySummary {
    AgencySummary {
        id: a.id,
        name: a.name.clone(),
        state_code: a.state_code.clone(),
        time_zone: a.time_zone.clone(),
    }
}

pub fn agency_dto(a: agency::Model, clock: &crate::clock::Clock) -> AgencyDto {
    AgencyDto {
        id: a.id,
        modules: agencies::modules(&a),
        at_risk_days: u16::try_from(a.at_risk_days).unwrap_or(90),
        today: clock.today_in(&a.time_zone),
        count_unverified: a.count_unverified,
        ori: a.ori,
        fiscal_year_start_month: u8::try_from(a.fiscal_year_start_month).unwrap_or(7),
        time_zone: a.time_zone,
        subscription_status: a.subscription_status,
        name: a.name,
        state_code: a.state_code,
        created_at: a.created_at,
    }
}
