//! Loading the verdicts in view, folding them, and keeping the result per agency and view
//! until the agency's snapshot generation moves or its day turns (see [`VerdictCache`]).

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::web::Bytes;

use confitrek_domain::dashboard::{self, Counts, Item, RequirementCounts, Standing};
use confitrek_domain::people::PersonStatus;
use confitrek_types::{
    AttentionDto, ComplianceReportDto, DashboardDto, DashboardScope, LackingDto,
    RequirementCountsDto, RequirementRowDto, StandingDto, StatusCountsDto, TopicRowDto, UnitRowDto,
};
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use time::Date;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::compliance::verdict_cache::{Parts, Verdict, VerdictCache};
use crate::db::compliance::Generations;
use crate::db::{AgencyScope, agencies, compliance, people, topics};
use crate::http::{ApiError, ApiResult};

pub use confitrek_domain::permissions::DashboardView as View;

/// A dashboard, and the JSON of its default response.
#[derive(Clone)]
pub struct Folded {
    pub dashboard: Arc<DashboardDto>,
    pub default_body: Bytes,
}

/// Dashboards of agencies and units, each valid for one snapshot generation and one day,
/// with the part of each person in view. A person's own view is one stored verdict and is
/// not kept.
#[derive(Default)]
pub struct DashboardCache {
    entries: VerdictCache<(Uuid, View), Loaded, Folded>,
}

impl DashboardCache {
    /// On a hit this costs nothing when the caller read the agency's generations with the
    /// sign-in (`verdicts`), one read of a single row otherwise; after a write of some
    /// people's verdicts, one more read of theirs.
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        clock: &crate::clock::Clock,
        scope: AgencyScope,
        verdicts: Option<Generations>,
        view: View,
        default_limit: usize,
    ) -> ApiResult<Folded> {
        let fold = async |as_of, parts: &Parts<Loaded>| {
            folded(
                build(db, clock, scope, &view, as_of, parts).await?,
                default_limit,
            )
        };
        if let View::Person(id) = view {
            let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
            let mut parts = Parts::new();
            if let Some(person) = people::get(db, scope, id).await? {
                let report = compliance::snapshot_of(db, scope, id)
                    .await?
                    .map(|s| ComplianceReportDto::deserialize(s.report))
                    .transpose()
                    .map_err(anyhow::Error::from)?;
                if let Some(loaded) = loaded(&view, Verdict { person, report })? {
                    parts.insert(id, Arc::new(loaded));
                }
            }
            return fold(clock.today_in(&agency.time_zone), &parts).await;
        }
        let key = (scope.id(), view.clone());
        let part = |verdict| loaded(&view, verdict);
        Ok(self
            .entries
            .get(db, clock, scope, verdicts, key, part, fold)
            .await?
            .1)
    }
}

/// The JSON of the caller's dashboard in `view` listing at most `limit` people needing
/// attention: the kept body when `limit` is the default one.
pub async fn body(
    state: &AppState,
    caller: &Caller,
    view: View,
    limit: usize,
    default_limit: usize,
) -> ApiResult<Bytes> {
    let scope = caller.scope()?;
    let folded = (state.dashboards)
        .get(
            &state.db,
            &caller.clock,
            scope,
            caller.verdicts,
            view,
            default_limit,
        )
        .await?;
    if limit == default_limit {
        return Ok(folded.default_body);
    }
    let limited = with_attention_limit(&folded.dashboard, limit);
    Ok(Bytes::from(
        serde_json::to_vec(&limited).map_err(anyhow::Error::from)?,
    ))
}

fn folded(dashboard: DashboardDto, default_limit: usize) -> ApiResult<Folded> {
    let default_body = serde_json::to_vec(&with_attention_limit(&dashboard, default_limit))
        .map_err(anyhow::Error::from)?;
    Ok(Folded {
        dashboard: Arc::new(dashboard),
        default_body: Bytes::from(default_body),
    })
}

/// The same dashboard listing at most `limit` people needing attention.
pub fn with_attention_limit(d: &DashboardDto, limit: usize) -> DashboardDto {
    DashboardDto {
        as_of: d.as_of,
        scope: d.scope,
        unit: d.unit.clone(),
        totals: d.totals,
        units: d.units.clone(),
        requirements: d.requirements.clone(),
        topics: d.topics.clone(),
        attention: d.attention.iter().take(limit).cloned().collect(),
        attention_total: d.attention_total,
    }
}

/// A person in view with the verdict stored for him or her.
pub struct Loaded {
    person_id: Uuid,
    last_name: String,
    first_name: String,
    name: String,
    badge: String,
    unit: Option<String>,
    report: ComplianceReportDto,
}

/// The person's part of the view's dashboard: `None` for someone outside the view, someone
/// who left (history, not part of today's picture) or someone not judged yet.
fn loaded(view: &View, verdict: Verdict) -> ApiResult<Option<Loaded>> {
    let p = verdict.person;
    let in_view = match view {
        View::Agency => true,
        View::Unit(unit) => p.unit.as_ref() == Some(unit),
        View::Person(id) => p.id == *id,
    };
    let Some(mut report) = verdict.report.filter(|_| in_view) else {
        return Ok(None);
    };
    if p.status == PersonStatus::Separated {
        return Ok(None);
    }
    // Kept for every person in view until the next change: what the dashboard never reads
    // is not kept.
    for r in &mut report.requirements {
        r.citations = Vec::new();
        r.counted = Vec::new();
    }
    Ok(Some(Loaded {
        person_id: p.id,
        name: format!("{}, {}", p.last_name, p.first_name),
        last_name: p.last_name,
        first_name: p.first_name,
        badge: p.badge,
        unit: p.unit,
        report,
    }))
}

async fn build(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    view: &View,
    as_of: Date,
    parts: &Parts<Loaded>,
) -> ApiResult<DashboardDto> {
    // In roster order, so that the first person carrying a requirement names it and equal
    // deadlines list by name, whatever order the parts are kept in.
    let mut loaded: Vec<&Loaded> = parts.values().map(Arc::as_ref).collect();
    loaded.sort_by(|a, b| {
        (&a.last_name, &a.first_name, a.person_id).cmp(&(&b.last_name, &b.first_name, b.person_id))
    });
    let standings: Vec<Standing> = loaded.into_iter().map(standing).collect();
    let folded = dashboard::fold(&standings);
    let titles = topic_titles(db, clock, scope, as_of).await?;
    Ok(DashboardDto {
        as_of,
        scope: match view {
            View::Agency => DashboardScope::Agency,
            View::Unit(_) => DashboardScope::Unit,
            View::Person(_) => DashboardScope::Person,
        },
        unit: match view {
            View::Unit(unit) => Some(unit.clone()),
            _ => None,
        },
        totals: counts_dto(folded.totals),
        units: folded
            .units
            .iter()
            .map(|(unit, counts)| UnitRowDto {
                unit: unit.map(str::to_owned),
                counts: counts_dto(*counts),
            })
            .collect(),
        requirements: folded
            .requirements
            .iter()
            .map(|r| RequirementRowDto {
                requirement_id: r.requirement_id.to_owned(),
                title: r.title.to_owned(),
                topics: r.topics.to_vec(),
                counts: requirement_counts_dto(r.counts),
            })
            .collect(),
        topics: folded
            .topics
            .iter()
            .map(|(code, counts)| TopicRowDto {
                topic: (*code).to_owned(),
                title: titles
                    .get(*code)
                    .cloned()
                    .unwrap_or_else(|| (*code).to_owned()),
                counts: requirement_counts_dto(*counts),
            })
            .collect(),
        attention_total: u32::try_from(folded.attention.len()).unwrap_or(u32::MAX),
        attention: folded
            .attention
            .iter()
            .map(|a| AttentionDto {
                person_id: a.standing.person_id,
                name: a.standing.name.to_owned(),
                badge: a.standing.badge.to_owned(),
                unit: a.standing.unit.map(str::to_owned),
                status: a.standing.status,
                lacking: a.lacking.iter().map(|i| lacking_dto(i)).collect(),
            })
            .collect(),
    })
}

fn standing(l: &Loaded) -> Standing<'_> {
    Standing {
        person_id: l.person_id,
        name: &l.name,
        badge: &l.badge,
        unit: l.unit.as_deref(),
        status: l.report.status,
        requirements: items(&l.report),
    }
}

/// A verdict's requirements as the dashboard reads them.
pub fn items(report: &ComplianceReportDto) -> Vec<Item<'_>> {
    report
        .requirements
        .iter()
        .map(|r| Item {
            requirement_id: &r.requirement_id,
            title: &r.title,
            topics: &r.topics,
            status: r.status,
            due: r.due,
            remaining: r.remaining,
            unit: &r.unit,
            explanation: &r.explanation,
        })
        .collect()
}

/// Where a person stands by a stored verdict, with the worst open requirement.
pub fn standing_dto(snapshot: &serde_json::Value) -> ApiResult<StandingDto> {
    let report = ComplianceReportDto::deserialize(snapshot).map_err(anyhow::Error::from)?;
    let items = items(&report);
    Ok(StandingDto {
        status: report.status,
        as_of: report.as_of,
        worst: dashboard::worst_open(&items).map(lacking_dto),
    })
}

/// Titles of the topics and events of the rule set in force and of the agency's own topics.
async fn topic_titles(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    day: Date,
) -> ApiResult<HashMap<String, String>> {
    let ctx = crate::training::context(db, clock, scope).await?;
    let mut titles: HashMap<String, String> = ctx
        .jurisdiction
        .as_ref()
        .and_then(|j| crate::compliance::jurisdictions::in_force(j, day))
        .iter()
        .flat_map(|r| r.topics.iter().chain(&r.events))
        .map(|t| (t.code.clone(), t.title.clone()))
        .collect();
    titles.extend(
        topics::list(db, scope)
            .await?
            .into_iter()
            .map(|t| (t.code, t.title)),
    );
    Ok(titles)
}

fn lacking_dto(i: &Item) -> LackingDto {
    LackingDto {
        requirement_id: i.requirement_id.to_owned(),
        title: i.title.to_owned(),
        status: i.status,
        due: i.due,
        remaining: i.remaining,
        unit: i.unit.to_owned(),
        explanation: i.explanation.to_owned(),
    }
}

fn counts_dto(c: Counts) -> StatusCountsDto {
    StatusCountsDto {
        people: c.people(),
        compliant: c.compliant,
        at_risk: c.at_risk,
        non_compliant: c.non_compliant,
        not_applicable: c.not_applicable,
        rate: c.rate(),
    }
}

fn requirement_counts_dto(c: RequirementCounts) -> RequirementCountsDto {
    RequirementCountsDto {
        people: c.people(),
        met: c.met,
        pending: c.pending,
        at_risk: c.at_risk,
        overdue: c.overdue,
        waived: c.waived,
        rate: c.rate(),
    }
}
