//! The rule sets: the versions shipped in `rules/` plus those a platform operator published.

use std::sync::LazyLock;

use confitrek_domain::compliance::{
    Binding, Jurisdiction, Requirement, RuleSet, RuleSetError, Topic,
};
use confitrek_types::{JurisdictionDetail, RuleDto, RuleSetVersionSummary, SourceDto, TopicDto};
use sea_orm::ConnectionTrait;
use time::Date;

use crate::db::compliance;
use crate::http::ApiResult;

/// The files in `rules/`, compiled in so the binary always carries them.
const BUILT_IN: [(&str, &str); 4] = [
    ("rules/mn.toml", include_str!("../../../../rules/mn.toml")),
    ("rules/in.toml", include_str!("../../../../rules/in.toml")),
    ("rules/oh.toml", include_str!("../../../../rules/oh.toml")),
    ("rules/or.toml", include_str!("../../../../rules/or.toml")),
];

/// Parsed once. A file that does not validate is a build defect, caught by the tests; at run
/// time it is left out and logged rather than taking the server down.
static SHIPPED: LazyLock<Vec<RuleSet>> = LazyLock::new(|| {
    BUILT_IN
        .iter()
        .filter_map(|(file, text)| match RuleSet::from_toml(file, text) {
            Ok(set) => Some(set),
            Err(errors) => {
                for e in errors {
                    tracing::error!(error = %e, "invalid built-in rule set");
                }
                None
            }
        })
        .collect()
});

pub fn shipped() -> &'static [RuleSet] {
    &SHIPPED
}

/// Every built-in file, validated: for `confitrek rules check` and the tests.
pub fn check_built_in() -> Vec<RuleSetError> {
    BUILT_IN
        .iter()
        .filter_map(|(file, text)| RuleSet::from_toml(file, text).err())
        .flatten()
        .collect()
}

/// All versions of a jurisdiction, shipped and published. `None` if it has no rules.
pub async fn load(
    db: &impl ConnectionTrait,
    code: &str,
) -> ApiResult<Option<(Jurisdiction, Vec<RuleSetVersionSummary>)>> {
    let mut versions: Vec<RuleSet> = shipped()
        .iter()
        .filter(|s| s.jurisdiction == code)
        .cloned()
        .collect();
    let mut summaries: Vec<RuleSetVersionSummary> = versions
        .iter()
        .map(|v| RuleSetVersionSummary {
            version: v.version,
            effective_from: v.effective_from,
            published: false,
        })
        .collect();
    for row in compliance::rule_set_versions(db, code).await? {
        let file = format!("{code} version {}", row.version);
        match RuleSet::from_json(&file, row.document) {
            Ok(set) => {
                summaries.push(RuleSetVersionSummary {
                    version: set.version,
                    effective_from: set.effective_from,
                    published: true,
                });
                versions.push(set);
            }
            // Validated when published; a row that no longer parses is skipped, loudly.
            Err(errors) => tracing::error!(?errors, "stored rule set no longer validates"),
        }
    }
    if versions.is_empty() {
        return Ok(None);
    }
    summaries.sort_by_key(|s| s.version);
    Ok(Some((Jurisdiction::new(versions), summaries)))
}

pub fn source_dto(set: &RuleSet, id: &str) -> SourceDto {
    match set.sources.iter().find(|s| s.id == id) {
        Some(s) => SourceDto {
            id: s.id.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            date: s.date.clone(),
        },
        None => SourceDto {
            id: id.to_owned(),
            title: id.to_owned(),
            url: None,
            date: None,
        },
    }
}

/// A rule in plain English; topic and event titles come from `set` when there is one.
pub fn rule_dto(set: Option<&RuleSet>, r: &Requirement) -> RuleDto {
    let title = |code: &str| {
        set.into_iter()
            .flat_map(|s| s.topics.iter().chain(&s.events))
            .find(|t| t.code == code)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| code.replace('_', " "))
    };
    RuleDto {
        id: r.id.clone(),
        title: r.title.clone(),
        measure: r.measure.describe(title),
        period: r.period.describe(),
        applies_to: r.applies.describe(),
        effective_from: r.effective_from,
        effective_until: r.effective_until,
        binds_from_next_full_period: r.binding == Binding::NextFullPeriod,
        grace_days: r.grace_days,
        citations: r
            .citations
            .iter()
            .map(|c| match set {
                Some(set) => source_dto(set, c),
                None => SourceDto {
                    id: c.clone(),
                    title: c.clone(),
                    url: None,
                    date: None,
                },
            })
            .collect(),
        unconfirmed: r.unconfirmed.clone(),
    }
}

pub fn detail(set: &RuleSet, versions: Vec<RuleSetVersionSummary>) -> JurisdictionDetail {
    let topic = |t: &Topic| TopicDto {
        code: t.code.clone(),
        title: t.title.clone(),
        creditable: t.creditable,
    };
    JurisdictionDetail {
        code: set.jurisdiction.clone(),
        name: set.name.clone(),
        version: set.version,
        effective_from: set.effective_from,
        notes: set.notes.clone(),
        topics: set.topics.iter().map(topic).collect(),
        events: set.events.iter().map(topic).collect(),
        rules: set
            .requirements
            .iter()
            .map(|r| rule_dto(Some(set), r))
            .collect(),
        sources: set.sources.iter().map(|s| source_dto(set, &s.id)).collect(),
        versions,
    }
}

/// The version in force on a day, or the earliest one before any is.
pub fn in_force(jurisdiction: &Jurisdiction, day: Date) -> Option<&RuleSet> {
    jurisdiction
        .in_force(day)
        .or_else(|| jurisdiction.versions().first())
}

/// Publishes a rule-set document as the next version of the state `code` and answers the
/// state's versions with it; a version published at the same moment by someone else makes
/// this one fail rather than overwrite it.
pub async fn publish(
    db: &sea_orm::DatabaseConnection,
    caller: &crate::auth::Caller,
    code: &str,
    document: serde_json::Value,
) -> ApiResult<(RuleSet, Vec<RuleSetVersionSummary>)> {
    let txn = crate::db::begin_write(db).await?;
    let latest = load(&txn, code)
        .await?
        .map(|(j, _)| j.versions().iter().map(|v| v.version).max().unwrap_or(0))
        .unwrap_or(0);
    let set = confitrek_domain::compliance::publishable(document.clone(), code, latest)?;
    let version = i32::try_from(set.version).map_err(anyhow::Error::from)?;
    let row = compliance::insert_rule_set_version(
        &txn,
        code,
        version,
        set.effective_from,
        document,
        caller.user_id,
        caller.clock.now(),
    )
    .await;
    let row = crate::http::error::OnConstraint::on_unique(
        row,
        "version",
        "was just published by someone else",
    )?;
    let entry = crate::db::audit::AuditEntry {
        agency_id: None,
        actor_user_id: Some(caller.user_id),
        action: "rule_set.publish",
        success: true,
        target: Some(("rule_set_version", row.id)),
        meta: &caller.meta,
        at: caller.clock.now(),
    };
    crate::db::audit::record(&txn, entry).await?;
    txn.commit().await?;
    let (_, versions) = load(db, code)
        .await?
        .ok_or(crate::http::ApiError::NotFound)?;
    Ok((set, versions))
}
