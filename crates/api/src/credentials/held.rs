//! The credentials a person holds, as the compliance engine and the lists see them: those
//! awarded, and those earned by the training records that count.

use std::collections::HashMap;

use confitrek_domain::compliance::{CredentialHeld, TrainingRecord};
use confitrek_domain::credentials::{CompletedTraining, CredentialType, credentials_held};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::type_rule;
use crate::db::entity::{credential, credential_type};
use crate::db::{AgencyScope, credentials};
use crate::http::ApiResult;

/// The agency's credential types, loaded once to judge any number of its people.
pub struct AgencyCredentials {
    pub(crate) types: Vec<credential_type::Model>,
    rules: Vec<CredentialType>,
}

impl AgencyCredentials {
    pub async fn load(db: &impl ConnectionTrait, scope: AgencyScope) -> ApiResult<Self> {
        let types = credentials::types(db, scope).await?;
        let rules = types.iter().map(type_rule).collect();
        Ok(Self { types, rules })
    }

    pub(crate) fn type_of(&self, id: Uuid) -> Option<&credential_type::Model> {
        self.types.iter().find(|t| t.id == id)
    }

    pub(crate) fn type_by_code(&self, code: &str) -> Option<&credential_type::Model> {
        self.types.iter().find(|t| t.code == code)
    }

    /// The person's credentials: `awarded`, and those earned by `records` (the records that
    /// count for the person, as the engine is given them).
    pub async fn held(
        &self,
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        person_id: Uuid,
        awarded: &[credential::Model],
        records: &[TrainingRecord],
    ) -> ApiResult<Vec<CredentialHeld>> {
        if self.types.is_empty() {
            return Ok(Vec::new());
        }
        let by_course = self.rules.iter().any(|t| !t.renewal.course_ids.is_empty());
        let courses: HashMap<Uuid, Uuid> = if by_course {
            credentials::record_courses(db, scope, person_id)
                .await?
                .into_iter()
                .collect()
        } else {
            HashMap::new()
        };
        Ok(self.held_with(awarded, records, &courses))
    }

    /// As [`Self::held`], given the course of each record that has one.
    pub fn held_with(
        &self,
        awarded: &[credential::Model],
        records: &[TrainingRecord],
        courses: &HashMap<Uuid, Uuid>,
    ) -> Vec<CredentialHeld> {
        if self.types.is_empty() {
            return Vec::new();
        }
        let completed: Vec<CompletedTraining<'_>> = records
            .iter()
            .map(|r| CompletedTraining {
                id: r.id,
                completed_on: r.completed_on,
                course_id: courses.get(&r.id).copied(),
                events: &r.events,
            })
            .collect();
        let awarded = awarded.iter().filter_map(|c| {
            Some(CredentialHeld {
                id: c.id,
                credential_type: self.type_of(c.credential_type_id)?.code.clone(),
                issued_on: c.issued_on,
                expires_on: c.expires_on,
            })
        });
        credentials_held(&self.rules, awarded, &completed)
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }
}
