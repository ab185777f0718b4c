//! `/credential-types` and `/credentials`: the agency's own credentials (TASER user, K9
//! handler, firearms instructor), each valid for some months and renewed by the courses or
//! events its type names; awarded by the training office or earned through training.
//! Every change re-evaluates the people it touches in the same transaction.

pub(crate) mod awards;
pub mod handlers;
pub mod held;
mod service;

use confitrek_domain::credentials::{CredentialType, Renewal};
use confitrek_types::{CredentialTypeDto, RenewalDto};

use crate::db::entity::credential_type;

pub(crate) fn renewal(model: &credential_type::Model) -> Renewal {
    serde_json::from_value(model.renewed_by.clone()).unwrap_or_default()
}

pub(crate) fn type_rule(model: &credential_type::Model) -> CredentialType {
    CredentialType {
        code: model.code.clone(),
        validity_months: model.validity_months.and_then(|m| u16::try_from(m).ok()),
        renewal: renewal(model),
    }
}

pub(crate) fn type_dto(model: credential_type::Model) -> CredentialTypeDto {
    let renewal = renewal(&model);
    CredentialTypeDto {
        id: model.id,
        code: model.code,
        name: model.name,
        validity_months: model.validity_months.and_then(|m| u16::try_from(m).ok()),
        renewed_by: RenewalDto {
            course_ids: renewal.course_ids,
            events: renewal.events,
        },
    }
}
