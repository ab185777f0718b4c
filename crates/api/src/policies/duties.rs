//! What the agency's policies ask of a person, for the compliance engine and the pages: the
//! policies assigned to him or her, their versions with the day each began to bind, and
//! his or her acknowledgements.

use confitrek_domain::compliance::{Acknowledgement, Member, PersonFacts};
use confitrek_domain::policies::{Policy, PolicyDuties, PublishedVersion, duties_of};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{assignment_of, version_number};
use crate::clock;
use crate::db::entity::{acknowledgement, person, policy, policy_version};
use crate::db::{AgencyScope, policies};
use crate::http::ApiResult;

/// The agency's policies and their versions, loaded once to judge any number of its people.
pub struct AgencyPolicies {
    pub(crate) rows: Vec<policy::Model>,
    /// Without their text (`content` is empty).
    pub(crate) versions: Vec<policy_version::Model>,
    rules: Vec<Policy>,
    /// The agency's time zone: an acknowledgement counts from its calendar day there.
    time_zone: String,
}

fn flags(person: &person::Model) -> Vec<String> {
    person
        .role_flags
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Runs `f` with the person as an assignment sees him or her.
pub(crate) fn with_member<T>(person: &person::Model, f: impl FnOnce(&Member<'_>) -> T) -> T {
    let role_flags = flags(person);
    let member = Member {
        id: person.id,
        kind: person.kind,
        unit: person.unit.as_deref(),
        role_flags: &role_flags,
    };
    f(&member)
}

impl AgencyPolicies {
    pub async fn load(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        time_zone: &str,
    ) -> ApiResult<Self> {
        let rows = policies::policies(db, scope).await?;
        let versions = policies::all_versions_without_text(db, scope).await?;
        let rules = rows
            .iter()
            .filter_map(|row| {
                Some(Policy {
                    code: row.code.clone(),
                    title: row.title.clone(),
                    due_days: u16::try_from(row.due_days).ok()?,
                    assignment: assignment_of(row)?,
                    versions: versions
                        .iter()
                        .filter(|v| v.policy_id == row.id)
                        .map(|v| PublishedVersion {
                            version: version_number(v),
                            published_on: v.published_on,
                        })
                        .collect(),
                })
            })
            .collect();
        Ok(Self {
            rows,
            versions,
            rules,
            time_zone: time_zone.to_owned(),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The requirements and assigned versions of the policies that reach the person.
    pub fn duties_of(&self, person: &person::Model, facts: &PersonFacts) -> PolicyDuties {
        if self.rules.is_empty() {
            return PolicyDuties::default();
        }
        with_member(person, |member| duties_of(&self.rules, member, facts))
    }

    /// Whether the policy reaches the person.
    pub(crate) fn assigned(&self, policy: &policy::Model, person: &person::Model) -> bool {
        assignment_of(policy).is_some_and(|a| with_member(person, |m| m.is_in(&a)))
    }

    pub(crate) fn policy_of_version(
        &self,
        version: &policy_version::Model,
    ) -> Option<&policy::Model> {
        self.rows.iter().find(|p| p.id == version.policy_id)
    }

    pub(crate) fn version(&self, id: Uuid) -> Option<&policy_version::Model> {
        self.versions.iter().find(|v| v.id == id)
    }

    pub(crate) fn versions_of(&self, policy_id: Uuid) -> Vec<&policy_version::Model> {
        self.versions
            .iter()
            .filter(|v| v.policy_id == policy_id)
            .collect()
    }

    /// The engine's view of an acknowledgement: which policy and version, and the agency's
    /// calendar day it was made.
    pub(crate) fn acknowledgement(&self, row: &acknowledgement::Model) -> Option<Acknowledgement> {
        let version = self.version(row.policy_version_id)?;
        let policy = self.policy_of_version(version)?;
        Some(Acknowledgement {
            id: row.id,
            policy: policy.code.clone(),
            version: version_number(version),
            acknowledged_on: clock::date_of(row.acknowledged_at, &self.time_zone),
        })
    }

    /// The person's acknowledgements, for the engine.
    pub async fn acknowledgements_of(
        &self,
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        person_id: Uuid,
    ) -> ApiResult<Vec<Acknowledgement>> {
        if self.rows.is_empty() {
            return Ok(Vec::new());
        }
        Ok(policies::acknowledgements_of_person(db, scope, person_id)
            .await?
            .iter()
            .filter_map(|a| self.acknowledgement(a))
            .collect())
    }
}
