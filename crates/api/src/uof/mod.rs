//! `/uof`: use-of-force incidents, for agencies that subscribe to the module. An agency
//! without it sees none of this: every route answers 404, as for a path that does not exist.
//!
//! Anyone of the agency may write an incident and read what he or she wrote; reading the
//! agency's incidents, reviewing, closing, amending and exporting take the use-of-force
//! review permission, granted per user by an admin. Every read and write is audited.

pub mod exports;
pub mod handlers;
pub mod report_service;
pub mod service;
pub mod training;

use confitrek_domain::uof::{Actor, StepError};
use sea_orm::ConnectionTrait;

use crate::auth::Caller;
use crate::db::entity::agency;
use crate::db::{AgencyScope, agencies};
use crate::http::{ApiError, ApiResult};

pub const MODULE: &str = "uof";

pub fn enabled(agency: &agency::Model) -> bool {
    agencies::modules(agency).iter().any(|m| m == MODULE)
}

/// The caller's agency, if it has the module (404 otherwise).
pub async fn gate(
    db: &impl ConnectionTrait,
    caller: &Caller,
) -> ApiResult<(AgencyScope, agency::Model)> {
    let scope = caller.scope()?;
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    if !enabled(&agency) {
        return Err(ApiError::NotFound);
    }
    Ok((scope, agency))
}

/// The caller as far as one incident is concerned.
pub fn actor(caller: &Caller, author_id: uuid::Uuid) -> Actor {
    Actor {
        author: caller.user_id == author_id,
        reviewer: caller.uof_reviewer,
    }
}

/// The caller's use of the whole agency's incidents (lists, aggregates, exports).
pub fn require_reviewer(caller: &Caller) -> ApiResult<()> {
    if caller.uof_reviewer {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

impl From<StepError> for ApiError {
    fn from(e: StepError) -> Self {
        match e {
            StepError::Forbidden(_) => ApiError::Forbidden,
            StepError::Conflict(why) => ApiError::Conflict(why),
        }
    }
}
