//! `/policies` and `/acknowledgements`: the agency's policies, their versions, whom they are
//! assigned to, and each person's acknowledgement of each version. A new version is a new
//! requirement to acknowledge; every change re-evaluates the people it reaches in the same
//! transaction.

mod acknowledgements;
mod document_service;
pub mod documents;
pub mod duties;
pub mod handlers;
mod service;

use confitrek_domain::compliance::Assignment;
use confitrek_types::{PolicyDto, PolicyVersionDto};

use crate::db::entity::{policy, policy_version};

pub(crate) fn assignment_of(model: &policy::Model) -> Option<Assignment> {
    serde_json::from_value(model.assignment.clone()).ok()
}

pub(crate) fn version_number(model: &policy_version::Model) -> u32 {
    u32::try_from(model.version).unwrap_or(0)
}

/// `versions` are the policy's, in any order.
pub(crate) fn policy_dto(model: &policy::Model, versions: &[&policy_version::Model]) -> PolicyDto {
    let current = versions.iter().max_by_key(|v| v.version);
    PolicyDto {
        id: model.id,
        code: model.code.clone(),
        title: model.title.clone(),
        due_days: u16::try_from(model.due_days).unwrap_or(0),
        assignment: assignment_of(model).unwrap_or(Assignment::People { people: vec![] }),
        current_version: current.map(|v| version_number(v)),
        published_on: current.map(|v| v.published_on),
    }
}

pub(crate) fn version_dto(model: &policy_version::Model) -> PolicyVersionDto {
    PolicyVersionDto {
        id: model.id,
        policy_id: model.policy_id,
        version: version_number(model),
        content: model.content.clone(),
        content_sha256: model.content_sha256.clone(),
        file_id: model.file_id,
        published_on: model.published_on,
    }
}

/// Hex SHA-256 of the text's UTF-8 bytes.
pub(crate) fn sha256_hex(text: &str) -> String {
    crate::files::sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_content_hash_is_the_hex_sha256_of_the_text() {
        assert_eq!(
            super::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
