//! Use-of-force incidents for demonstration agencies: a stream of plausible incidents over
//! the past years, drawn from a seeded ChaCha stream, each recorded through the same service
//! as the API's (validated, its officers' training judged on its day).

use confitrek_types::{
    ContactReason, Disposition, Ethnicity, ForceType, Impairment, IncidentInput, IncidentStatus,
    Injury, LocationType, OfficerInput, Race, Resistance, Sex, SubjectInput, YesNoUnknown,
};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sea_orm::ConnectionTrait;
use time::{Date, Duration, OffsetDateTime, Time};
use uuid::Uuid;

use crate::db::{AgencyScope, uof as repo};
use crate::uof::service;

fn pick<T: Copy>(rng: &mut ChaCha8Rng, values: &[T]) -> T {
    values[rng.random_range(0..values.len())]
}

fn yes_no(rng: &mut ChaCha8Rng, yes_in_100: u32) -> YesNoUnknown {
    match rng.random_range(0..100) {
        n if n < yes_in_100 => YesNoUnknown::Yes,
        n if n < 97 => YesNoUnknown::No,
        _ => YesNoUnknown::Unknown,
    }
}

fn subject(rng: &mut ChaCha8Rng, firearm: bool) -> SubjectInput {
    let impaired = yes_no(rng, 45);
    let resisted = yes_no(rng, 75);
    let mut force = vec![if firearm {
        ForceType::Firearm
    } else {
        pick(
            rng,
            &[
                ForceType::HandsFistsFeet,
                ForceType::HandsFistsFeet,
                ForceType::ElectronicControlDevice,
                ForceType::Canine,
                ForceType::Other,
            ],
        )
    }];
    if rng.random_range(0..4) == 0 && force[0] != ForceType::HandsFistsFeet {
        force.push(ForceType::HandsFistsFeet);
    }
    let injuries = match rng.random_range(0..100) {
        0 => vec![Injury::Death],
        1..=9 => vec![pick(
            rng,
            &[
                Injury::SubstantialRiskOfDeath,
                Injury::Unconsciousness,
                Injury::ProtractedDisfigurement,
                Injury::ProtractedLossOfFunction,
            ],
        )],
        10..=54 => vec![Injury::Minor],
        _ => vec![Injury::None],
    };
    SubjectInput {
        reference: None,
        sex: Some(if rng.random_range(0..100) < 82 {
            Sex::Male
        } else {
            Sex::Female
        }),
        races: vec![pick(rng, Race::ALL)],
        ethnicity: Some(pick(rng, Ethnicity::ALL)),
        age: Some(rng.random_range(16..66)),
        height_feet: Some(rng.random_range(5..7)),
        height_inches: Some(rng.random_range(0..12)),
        weight_pounds: Some(rng.random_range(110..290)),
        impaired: Some(impaired),
        impairments: if impaired == YesNoUnknown::Yes {
            vec![pick(rng, Impairment::ALL)]
        } else {
            vec![]
        },
        threat_perceived: Some(yes_no(rng, 70)),
        armed: Some(yes_no(rng, if firearm { 90 } else { 25 })),
        resisted: Some(resisted),
        resistance: if resisted == YesNoUnknown::Yes {
            vec![pick(rng, Resistance::ALL)]
        } else {
            vec![]
        },
        force,
        injuries,
        disposition: Some(pick(
            rng,
            &[
                Disposition::Arrested,
                Disposition::Arrested,
                Disposition::Arrested,
                Disposition::MedicalTransport,
                Disposition::MentalHealthTransport,
                Disposition::Cited,
            ],
        )),
    }
}

fn officer(rng: &mut ChaCha8Rng, person_id: Uuid, discharged: bool) -> OfficerInput {
    OfficerInput {
        person_id,
        sex: Some(if rng.random_range(0..100) < 80 {
            Sex::Male
        } else {
            Sex::Female
        }),
        races: vec![pick(rng, Race::ALL)],
        ethnicity: Some(pick(rng, Ethnicity::ALL)),
        age: Some(rng.random_range(22..60)),
        height_feet: None,
        height_inches: None,
        weight_pounds: None,
        full_time: Some(true),
        on_duty: Some(rng.random_range(0..100) < 96),
        identifiable: Some(YesNoUnknown::Yes),
        applied_force: Some(true),
        discharged_firearm: Some(discharged),
        injuries: vec![if rng.random_range(0..5) == 0 {
            Injury::Minor
        } else {
            Injury::None
        }],
    }
}

/// One incident on `day`, with one to three of `officers`.
fn incident(
    rng: &mut ChaCha8Rng,
    case_number: String,
    day: Date,
    officers: &[Uuid],
) -> IncidentInput {
    let firearm = rng.random_range(0..100) < 4;
    let mut involved: Vec<Uuid> = Vec::new();
    for _ in 0..rng.random_range(1..=3usize.min(officers.len())) {
        let candidate = pick(rng, officers);
        if !involved.contains(&candidate) {
            involved.push(candidate);
        }
    }
    let subjects = (0..if rng.random_range(0..100) < 88 { 1 } else { 2 })
        .map(|_| subject(rng, firearm))
        .collect();
    let reason = match rng.random_range(0..100) {
        0..=56 => ContactReason::UnlawfulSuspiciousActivity,
        57..=67 => ContactReason::TrafficStop,
        68..=77 => ContactReason::WarrantCourtOrder,
        78..=85 => ContactReason::MedicalMentalHealthWelfare,
        86..=89 => ContactReason::RoutinePatrol,
        90..=92 => ContactReason::FollowUpInvestigation,
        _ => ContactReason::Unknown,
    };
    IncidentInput {
        case_number: Some(case_number),
        incident_date: Some(day),
        incident_time: Some(format!(
            "{:02}:{:02}",
            rng.random_range(0..24),
            rng.random_range(0..60)
        )),
        address: Some(format!(
            "{} block of {}",
            100 * rng.random_range(1..40),
            pick(rng, STREETS)
        )),
        latitude: None,
        longitude: None,
        location_type: Some(match rng.random_range(0..100) {
            0..=39 => LocationType::ResidenceHome,
            40..=74 => LocationType::HighwayRoadStreet,
            75..=84 => LocationType::ParkingLotGarage,
            _ => pick(rng, LocationType::ALL),
        }),
        contact_reason: Some(reason),
        offense: (reason == ContactReason::UnlawfulSuspiciousActivity)
            .then(|| pick(rng, OFFENSES).to_owned()),
        nibrs_number: None,
        officers_approached: Some(yes_no(rng, 80)),
        ambush: Some(yes_no(rng, 2)),
        supervisor_present: Some(yes_no(rng, 35)),
        other_agency_officers: Some(if rng.random_range(0..10) == 0 { 1 } else { 0 }),
        subjects,
        officers: involved
            .iter()
            .enumerate()
            .map(|(i, p)| officer(rng, *p, firearm && i == 0))
            .collect(),
        narrative: Some(format!(
            "Officers responded to a call for {}. The subject did not follow commands and force was used to take control.",
            reason.label().to_lowercase()
        )),
    }
}

const STREETS: &[&str] = &[
    "Main St",
    "Lake Ave",
    "Cedar Rd",
    "Oak St",
    "Highway 7",
    "River Pkwy",
];
const OFFENSES: &[&str] = &[
    "Assault",
    "Burglary",
    "Robbery",
    "Domestic assault",
    "Drug possession",
    "Disorderly conduct",
];

/// What a generated stream of incidents is made of.
pub struct Stream<'a> {
    /// The sworn officers who may be involved.
    pub officers: &'a [Uuid],
    /// The login that writes the incidents and the one that reviews them.
    pub logins: (Uuid, Uuid),
    pub per_year: u32,
    pub years: u32,
}

/// Records the stream's incidents, laid out back from `today`; returns how many. Recent
/// incidents are still in review (or drafts); older ones are closed.
pub async fn generate(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    rng: &mut ChaCha8Rng,
    today: Date,
    stream: Stream<'_>,
) -> anyhow::Result<usize> {
    if stream.officers.is_empty() {
        return Ok(0);
    }
    let count = stream.per_year * stream.years;
    let span = i64::from(stream.years) * 365;
    let mut days: Vec<Date> = (0..count)
        .map(|_| today - Duration::days(rng.random_range(1..=span)))
        .collect();
    days.sort();
    for (n, day) in days.into_iter().enumerate() {
        let age = (today - day).whole_days();
        let status = match (age, rng.random_range(0..100)) {
            (0..=13, 0..=39) => IncidentStatus::Draft,
            (0..=13, _) => IncidentStatus::Submitted,
            (14..=45, 0..=49) => IncidentStatus::Submitted,
            (14..=45, _) => IncidentStatus::Reviewed,
            (_, 0..=9) => IncidentStatus::Reviewed,
            _ => IncidentStatus::Closed,
        };
        let case = format!("{}-{:05}", day.year() % 100, n + 1);
        let input = incident(rng, case, day, stream.officers);
        let written = OffsetDateTime::new_utc(day + Duration::days(1), Time::MIDNIGHT);
        service::record(db, scope, today, stream.logins, written, &input, status)
            .await
            .map_err(|e| anyhow::anyhow!("generated incident {n}: {e:?}"))?;
    }
    Ok(count as usize)
}

/// Whether the agency has incidents already (the demo adds them once).
pub async fn any(db: &impl ConnectionTrait, scope: AgencyScope) -> anyhow::Result<bool> {
    Ok(
        !repo::list(db, scope, repo::Readable::All, &Default::default(), None, 1)
            .await?
            .is_empty(),
    )
}
