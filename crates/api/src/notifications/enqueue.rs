//! The enqueue pass: for each agency, what is due to be told today, inserted once per event
//! (the unique event key decides, so passes in several processes make no duplicates).

use confitrek_types::PersonStatus;
use std::collections::{BTreeMap, HashMap};

use confitrek_domain::notifications::{
    self as rules, Addressed, DigestFigures, Event, Recipients, RequirementDue, RequirementState,
};
use confitrek_domain::permissions::Role;
use confitrek_domain::webhooks::Event as WebhookEvent;
use confitrek_types::{ComplianceStatus, RequirementStatus, StateReportPeriod};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::clock::Clock;
use crate::db::entity::{agency, person, user};
use crate::db::notifications::{self, NewNotification, sources};
use crate::db::{AgencyScope, agencies};
use crate::http::ApiResult;

/// Runs the pass over every agency, each on its own today; returns how many notifications
/// were new. `email`: whether a mail server is configured (else they stay in the app).
pub async fn enqueue_all(db: &DatabaseConnection, clock: &Clock, email: bool) -> ApiResult<usize> {
    let mut created = 0;
    let mut after = None;
    loop {
        let page = agencies::list_all(db, after, 100).await?;
        let Some(last) = page.last() else {
            return Ok(created);
        };
        after = Some(last.id);
        for agency in &page {
            created +=
                enqueue_agency(db, clock, agency, clock.today_in(&agency.time_zone), email).await?;
        }
    }
}

fn state(status: RequirementStatus) -> RequirementState {
    match status {
        RequirementStatus::Met => RequirementState::Met,
        RequirementStatus::Pending => RequirementState::Pending,
        RequirementStatus::AtRisk => RequirementState::AtRisk,
        RequirementStatus::Overdue => RequirementState::Overdue,
        RequirementStatus::Waived => RequirementState::Waived,
        RequirementStatus::NotApplicable => RequirementState::NotApplicable,
    }
}

fn name(p: &person::Model) -> String {
    format!("{} {}", p.first_name, p.last_name)
}

/// Who hears about whom in one agency.
struct Directory {
    /// The login of each person who has one.
    login_of: HashMap<Uuid, Uuid>,
    /// Coordinators and admins.
    office: Vec<Uuid>,
    /// Supervisors' logins by the unit of their person.
    supervisors_of_unit: HashMap<String, Vec<Uuid>>,
    with_email: HashMap<Uuid, bool>,
}

impl Directory {
    fn new(users: &[user::Model], people: &HashMap<Uuid, &person::Model>) -> Self {
        let mut directory = Directory {
            login_of: HashMap::new(),
            office: Vec::new(),
            supervisors_of_unit: HashMap::new(),
            with_email: HashMap::new(),
        };
        // A service account is told of changes by webhooks, never by notifications.
        for u in users.iter().filter(|u| !u.service_account) {
            directory.with_email.insert(u.id, !u.email.is_empty());
            let role = u.role;
            if let Some(person_id) = u.person_id {
                directory.login_of.entry(person_id).or_insert(u.id);
            }
            match role {
                Role::AgencyAdmin | Role::Coordinator => directory.office.push(u.id),
                Role::Supervisor => {
                    if let Some(unit) = u
                        .person_id
                        .and_then(|id| people.get(&id))
                        .and_then(|p| p.unit.clone())
                    {
                        directory
                            .supervisors_of_unit
                            .entry(unit)
                            .or_default()
                            .push(u.id);
                    }
                }
                _ => {}
            }
        }
        directory
    }

    /// The person's own login, the supervisor's (the named supervisor's login, else the
    /// supervisors of the unit, never the person himself or herself) and the office.
    fn recipients(&self, p: &person::Model) -> Recipients {
        let own = self.login_of.get(&p.id).copied();
        let supervisors = match p.supervisor_id.and_then(|s| self.login_of.get(&s)) {
            Some(login) => vec![*login],
            None => p
                .unit
                .as_ref()
                .and_then(|u| self.supervisors_of_unit.get(u))
                .cloned()
                .unwrap_or_default(),
        };
        Recipients {
            person: own,
            supervisors: supervisors
                .into_iter()
                .filter(|s| Some(*s) != own)
                .collect(),
            office: self.office.clone(),
        }
    }
}

/// The pass for one agency on `today`.
/// How many people's stored verdicts a pass reads at a time.
const SNAPSHOT_PAGE: u64 = 500;

pub async fn enqueue_agency(
    db: &DatabaseConnection,
    clock: &Clock,
    agency: &agency::Model,
    today: Date,
    email: bool,
) -> ApiResult<usize> {
    let scope = AgencyScope::new(agency.id);
    let settings = super::settings(db, scope).await?;
    let users = sources::users(db, scope).await?;
    let people_rows = sources::people(db, scope).await?;
    let people: HashMap<Uuid, &person::Model> = people_rows.iter().map(|p| (p.id, p)).collect();
    let directory = Directory::new(&users, &people);
    let active = |id: &Uuid| {
        people
            .get(id)
            .filter(|p| p.status == PersonStatus::Active)
            .copied()
    };

    let mut events: Vec<Addressed> = Vec::new();
    let mut figures = DigestFigures::default();
    // A page of documents at a time: the agency's whole set parsed at once would hold
    // hundreds of megabytes for a large agency on every pass.
    let mut after = None;
    loop {
        let page = sources::snapshots_after(db, scope, None, after, SNAPSHOT_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.person_id);
        for snapshot in page {
            let Some(p) = active(&snapshot.person_id) else {
                continue;
            };
            let Ok(report) = snapshot.report() else {
                continue;
            };
            figures.people += 1;
            match report.status {
                ComplianceStatus::NonCompliant => figures.non_compliant.push(name(p)),
                ComplianceStatus::AtRisk => figures.at_risk.push(name(p)),
                _ => {}
            }
            let requirements: Vec<RequirementDue> = report
                .requirements
                .iter()
                .map(|r| RequirementDue {
                    requirement_id: r.requirement_id.clone(),
                    title: r.title.clone(),
                    state: state(r.status),
                    due: r.due,
                })
                .collect();
            if let Some(own) = directory.login_of.get(&p.id) {
                for event in rules::requirement_reminders(
                    p.id,
                    &name(p),
                    &requirements,
                    today,
                    &settings.leads,
                ) {
                    events.push(Addressed {
                        user_id: *own,
                        event,
                    });
                }
            }
            events.extend(rules::non_compliance_flags(
                p.id,
                &name(p),
                &requirements,
                &directory.recipients(p),
            ));
        }
    }
    let (reminders, expiring) =
        credential_reminders(db, scope, &directory, &people, today, &settings.leads).await?;
    events.extend(reminders);
    events.extend(
        state_report_reminders(db, scope, &directory.office, today, &settings.leads).await?,
    );
    figures.non_compliant.sort();
    figures.at_risk.sort();
    for office in &directory.office {
        events.push(Addressed {
            user_id: *office,
            event: rules::weekly_digest(*office, today, &figures),
        });
    }

    let now = clock.now();
    let txn = crate::db::begin_write(db).await?;
    // Once per credential and window: the event's key makes the passes after the first
    // write nothing.
    crate::webhooks::Listeners::of(&txn, clock, scope)
        .await?
        .tell(&txn, expiring)
        .await?;
    let mut created = 0;
    for Addressed { user_id, event } in events {
        if !settings.enabled(event.kind) {
            continue;
        }
        let email = email && directory.with_email.get(&user_id).copied().unwrap_or(false);
        if insert(&txn, scope, user_id, event, email, now).await? {
            created += 1;
        }
    }
    txn.commit().await?;
    Ok(created)
}

/// Reminders to the training office of the state reports (and reimbursement applications)
/// the agency's state asks for, while the period due next is not transmitted.
async fn state_report_reminders(
    db: &DatabaseConnection,
    scope: AgencyScope,
    office: &[Uuid],
    today: Date,
    leads: &rules::LeadTimes,
) -> ApiResult<Vec<Addressed>> {
    let mut out = Vec::new();
    for kind in crate::state_reports::service::due_on(db, scope, today).await? {
        let Some(year) = kind.next_year else {
            continue;
        };
        let period = match kind.period {
            StateReportPeriod::FiscalYear => format!("fiscal year {year}"),
            _ => year.to_string(),
        };
        for due in &kind.due {
            let report = rules::StateReportDue {
                kind: kind.kind.as_str(),
                title: &kind.title,
                period: period.clone(),
                due: due.date,
            };
            out.extend(rules::state_report_reminders(office, &report, today, leads));
        }
    }
    Ok(out)
}

async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    user_id: Uuid,
    event: Event,
    email: bool,
    now: OffsetDateTime,
) -> ApiResult<bool> {
    let new = NewNotification::of(user_id, event, email);
    Ok(notifications::insert_once(db, scope, new, now).await?)
}

/// Reminders of the credentials that expire soon: only a person's latest award of each type
/// (a renewed credential no longer reminds anyone of the old one's end). With them, for
/// webhooks, each credential in a reminder window, whether its person has a login or not.
async fn credential_reminders(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    directory: &Directory,
    people: &HashMap<Uuid, &person::Model>,
    today: Date,
    leads: &rules::LeadTimes,
) -> ApiResult<(Vec<Addressed>, Vec<WebhookEvent>)> {
    let names: HashMap<Uuid, String> = sources::credential_types(db, scope)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut latest: BTreeMap<(Uuid, Uuid), (Option<Date>, Uuid)> = BTreeMap::new();
    for c in sources::credentials(db, scope).await? {
        // `None` never expires: it outlasts any dated award.
        let rank = |e: Option<Date>| e.map_or(Date::MAX, |d| d);
        let key = (c.person_id, c.credential_type_id);
        match latest.get(&key) {
            Some((held, _)) if rank(*held) >= rank(c.expires_on) => {}
            _ => {
                latest.insert(key, (c.expires_on, c.id));
            }
        }
    }
    let mut out = Vec::new();
    let mut expiring = Vec::new();
    for ((person_id, type_id), (expires_on, credential_id)) in latest {
        let (Some(expires_on), Some(p)) = (expires_on, people.get(&person_id)) else {
            continue;
        };
        if p.status != PersonStatus::Active {
            continue;
        }
        let credential = names.get(&type_id).map_or("credential", String::as_str);
        let Some(event) = rules::credential_reminder(
            credential_id,
            person_id,
            &name(p),
            credential,
            expires_on,
            today,
            leads,
        ) else {
            continue;
        };
        expiring.push(WebhookEvent::credential_expiring(
            credential_id,
            person_id,
            type_id,
            expires_on,
            (expires_on - today).whole_days(),
            &event.key,
        ));
        if let Some(login) = directory.login_of.get(&person_id) {
            out.push(Addressed {
                user_id: *login,
                event,
            });
        }
    }
    Ok((out, expiring))
}
