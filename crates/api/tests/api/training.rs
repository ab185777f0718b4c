//! Topics, courses, sessions with rosters and attendance, training records with verification,
//! corrections and deletion: through the API, on both databases, with who may do what and
//! what another agency's ids answer.

use confitrek_api::db::AgencyScope;
use confitrek_types::{
    AgencyDto, AgencySettings, AttendanceRequest, AttendanceResult, AuditEventDto,
    ComplianceReportDto, CourseDto, CourseInput, Delivery, EnrollmentRequest, EnrollmentStatus,
    NotificationDto, NotificationKind, Page, PersonDto, PersonInput, RecordSource, RejectRequest,
    RequirementResultDto, RequirementStatus, SessionDetailDto, SessionDto, SessionInput,
    TopicEntryDto, TopicInput, TopicOrigin, TopicsDto, TrainingRecordDetailDto, TrainingRecordDto,
    TrainingRecordInput, TrainingRecordUpdate, Verification,
};
use reqwest::{Method, StatusCode};
use time::Date;
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    topics_are_the_states_and_the_agencys_own,
    the_catalog_is_paged_validated_and_kept_while_in_use,
    a_session_roster_stays_within_its_capacity,
    a_session_runs_at_its_hours_each_day,
    attendance_for_five_people_changes_their_compliance,
    attendance_with_a_stranger_writes_nothing,
    an_officer_reports_his_own_training_and_only_the_office_verifies_it,
    unverified_hours_count_only_where_the_agency_says_so,
    a_supervisor_reads_only_his_units_records,
    a_correction_keeps_the_previous_values,
    a_deletion_leaves_only_the_audit_fact,
    another_agencys_ids_are_not_found_and_nothing_is_written,
);

/// The agency's today, as the API says it.
async fn today(api: &Api) -> Date {
    let agency: AgencyDto = api.get_as("/api/v1/agencies/current", StatusCode::OK).await;
    agency.today
}

fn use_of_force_course() -> CourseInput {
    CourseInput {
        provider: Some("Lakeview PD".into()),
        cost_cents: Some(0),
        ..course_input(
            "Use of Force and De-escalation",
            Delivery::InPerson,
            &[("use_of_force", 4.0), ("conflict_management", 2.0)],
        )
    }
}

async fn session(api: &Api, course: Uuid, on: Date, capacity: Option<u32>) -> Uuid {
    let body = SessionInput {
        location: Some("Training room B".into()),
        capacity,
        ..session_input(course, on)
    };
    create_session(api, &body).await
}

/// A record the office enters for `person`, verified.
async fn record(api: &Api, person: Uuid, on: Date, topics: &[(&str, f64)]) -> TrainingRecordDto {
    api.post_as(
        "/api/v1/training-records",
        &record_input(person, "In-service", on, topics),
        StatusCode::CREATED,
    )
    .await
}

fn correction(title: &str, on: Date, topics: &[(&str, f64)]) -> TrainingRecordUpdate {
    TrainingRecordUpdate {
        title: title.into(),
        completed_on: on,
        hours: hours(topics),
        events: vec![],
    }
}

fn requirement<'a>(report: &'a ComplianceReportDto, id: &str) -> &'a RequirementResultDto {
    report
        .requirements
        .iter()
        .find(|r| r.requirement_id == id)
        .unwrap_or_else(|| panic!("no {id} in {report:?}"))
}

async fn report(api: &Api, person: Uuid) -> ComplianceReportDto {
    api.get_as(
        &format!("/api/v1/people/{person}/compliance"),
        StatusCode::OK,
    )
    .await
}

fn topic(code: &str, title: &str, creditable: Option<bool>) -> TopicInput {
    TopicInput {
        code: code.into(),
        title: title.into(),
        creditable,
    }
}

async fn topics_are_the_states_and_the_agencys_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;

    let taser: TopicEntryDto = api
        .post_as(
            "/api/v1/topics",
            &topic("taser", "TASER refresher", Some(false)),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(taser.origin, TopicOrigin::Agency);
    let topics: TopicsDto = app
        .login(&agency.officer)
        .await
        .get_as("/api/v1/topics", StatusCode::OK)
        .await;
    assert_eq!(topics.jurisdiction, "MN");
    let codes: Vec<(&str, TopicOrigin)> = topics
        .topics
        .iter()
        .map(|t| (t.code.as_str(), t.origin))
        .collect();
    assert!(codes.contains(&("crisis_intervention", TopicOrigin::State)));
    assert_eq!(codes.last(), Some(&("taser", TopicOrigin::Agency)));
    assert_eq!(topics.events[0].code, "firearms_qualification");

    // A state code, a taken code and a malformed one are field errors; nothing is written.
    let before = app.count("topics").await;
    for (code, field) in [
        ("use_of_force", "code"),
        ("taser", "code"),
        ("Bad Code", "code"),
    ] {
        let bad = api
            .post_problem(
                "/api/v1/topics",
                &topic(code, "X", None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&bad), [field], "{code}");
    }
    assert_eq!(app.count("topics").await, before);
    let officer = app.login(&agency.officer).await;
    officer
        .post_problem(
            "/api/v1/topics",
            &topic("k9", "K9", None),
            StatusCode::FORBIDDEN,
        )
        .await;

    // Once a record uses it, the topic keeps its code and cannot be deleted.
    let path = format!("/api/v1/topics/{}", taser.id.unwrap());
    let on = today(&api).await;
    record(&api, agency.officer_person, on, &[("taser", 2.0)]).await;
    let renamed = api
        .put_problem(
            &path,
            &topic("taser_x", "TASER", None),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&renamed), ["code"]);
    let retitled: TopicEntryDto = api
        .put_as(
            &path,
            &topic("taser", "TASER 7 refresher", Some(true)),
            StatusCode::OK,
        )
        .await;
    assert_eq!(retitled.title, "TASER 7 refresher");
    api.delete_problem(&path, StatusCode::CONFLICT).await;

    let unused: TopicEntryDto = api
        .post_as(
            "/api/v1/topics",
            &topic("k9", "K9 handling", None),
            StatusCode::CREATED,
        )
        .await;
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    let unused_path = format!("/api/v1/topics/{}", unused.id.unwrap());
    intruder
        .delete_problem(&unused_path, StatusCode::NOT_FOUND)
        .await;
    api.delete_expect(&unused_path, StatusCode::NO_CONTENT)
        .await;
}

async fn the_catalog_is_paged_validated_and_kept_while_in_use(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let uof = create_course(&api, &use_of_force_course()).await;
    create_course(
        &api,
        &course_input(
            "Crisis Intervention Team refresher",
            Delivery::Hybrid,
            &[("crisis_intervention", 8.0)],
        ),
    )
    .await;
    create_course(
        &api,
        &CourseInput {
            events: vec!["firearms_qualification".into()],
            ..course_input("Firearms qualification", Delivery::InPerson, &[])
        },
    )
    .await;

    let first: Page<CourseDto> = api.get_as("/api/v1/courses?limit=2", StatusCode::OK).await;
    let titles: Vec<&str> = first.items.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Crisis Intervention Team refresher",
            "Firearms qualification"
        ]
    );
    let cursor = first.next_cursor.unwrap();
    let second: Page<CourseDto> = api
        .get_as(
            &format!("/api/v1/courses?limit=2&cursor={cursor}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(second.items[0].title, "Use of Force and De-escalation");
    assert_eq!(second.items[0].total_hours, 6.0);
    assert!(second.next_cursor.is_none());

    let before = app.count("courses").await;
    let bad = api
        .post_problem(
            "/api/v1/courses",
            &CourseInput {
                cost_cents: Some(-5),
                ..course_input(
                    "",
                    Delivery::Online,
                    &[("basket_weaving", 2.0), ("use_of_force", 0.0)],
                )
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(
        problem_fields(&bad),
        [
            "title",
            "cost_cents",
            "hours.basket_weaving",
            "hours.use_of_force"
        ]
    );
    assert_eq!(app.count("courses").await, before);
    let officer = app.login(&agency.officer).await;
    officer
        .post_problem(
            "/api/v1/courses",
            &use_of_force_course(),
            StatusCode::FORBIDDEN,
        )
        .await;
    // The catalog is for everyone to read.
    let _: CourseDto = officer
        .get_as(&format!("/api/v1/courses/{uof}"), StatusCode::OK)
        .await;

    let changed = CourseInput {
        active: Some(false),
        ..use_of_force_course()
    };
    let path = format!("/api/v1/courses/{uof}");
    let updated: CourseDto = api.put_as(&path, &changed, StatusCode::OK).await;
    assert!(!updated.active);
    let active: Page<CourseDto> = api
        .get_as("/api/v1/courses?active=true", StatusCode::OK)
        .await;
    assert_eq!(active.items.len(), 2);

    session(&api, uof, today(&api).await, None).await;
    api.delete_problem(&path, StatusCode::CONFLICT).await;
    let unused = create_course(
        &api,
        &course_input("Spare", Delivery::Online, &[("general", 1.0)]),
    )
    .await;
    api.delete_expect(&format!("/api/v1/courses/{unused}"), StatusCode::NO_CONTENT)
        .await;
}

async fn a_session_roster_stays_within_its_capacity(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let uof = create_course(&api, &use_of_force_course()).await;
    let sid = session(&api, uof, date!(2026 - 01 - 15), Some(2)).await;
    let third = app
        .seed_person(agency.id, "Quinn", "Abdi", "A-3", Some("Patrol"))
        .await;
    let path = format!("/api/v1/sessions/{sid}/enrollments");
    let enrol = |ids: &[Uuid]| EnrollmentRequest {
        person_ids: ids.to_vec(),
    };

    let everyone = enrol(&[agency.officer_person, agency.supervisor_person, third]);
    let full = api
        .post_problem(&path, &everyone, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&full), ["person_ids"]);
    assert!(full.errors[0].message.contains("2 places"), "{full:?}");
    assert_eq!(app.count("session_enrollments").await, 0);

    let two = enrol(&[agency.officer_person, agency.supervisor_person]);
    let detail: SessionDetailDto = api.post_as(&path, &two, StatusCode::OK).await;
    assert_eq!(detail.session.enrolled, 2);
    assert_eq!(detail.roster.len(), 2);
    assert_eq!(detail.roster[0].status, EnrollmentStatus::Enrolled);
    // Enrolling someone already on the roster changes nothing.
    let _: SessionDetailDto = api.post_as(&path, &two, StatusCode::OK).await;

    // The capacity cannot drop below the roster; a session ends on or after it starts.
    let session_path = format!("/api/v1/sessions/{sid}");
    let shrink = api
        .put_problem(
            &session_path,
            &SessionInput {
                ends_on: Some(date!(2026 - 01 - 14)),
                capacity: Some(1),
                ..session_input(uof, date!(2026 - 01 - 15))
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&shrink), ["ends_on", "capacity"]);

    api.delete_expect(
        &format!("{path}/{}", agency.supervisor_person),
        StatusCode::NO_CONTENT,
    )
    .await;
    api.delete_problem(
        &format!("{path}/{}", agency.supervisor_person),
        StatusCode::NOT_FOUND,
    )
    .await;
    let detail: SessionDetailDto = api.post_as(&path, &enrol(&[third]), StatusCode::OK).await;
    assert_eq!(detail.session.enrolled, 2);

    // An officer sees the session and himself on its roster, nobody else.
    let officer = app.login(&agency.officer).await;
    let seen: SessionDetailDto = officer.get_as(&session_path, StatusCode::OK).await;
    let names: Vec<&str> = seen.roster.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Officer, Olive"]);
    officer
        .post_problem(
            &path,
            &enrol(&[agency.officer_person]),
            StatusCode::FORBIDDEN,
        )
        .await;

    // The sign-in sheet lists the roster by name with a line to sign; the training office's.
    let sheet = api.get(&format!("{session_path}/sign-in-sheet")).await;
    let text = crate::reports::pdf_text(sheet).await;
    for expected in [
        "Sign-in sheet",
        "Use of Force",
        "Abdi, Quinn",
        "Officer, Olive",
        "Signature",
        "2026-01-15",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(
        text.find("Abdi, Quinn") < text.find("Officer, Olive"),
        "by name"
    );
    officer
        .get_problem(
            &format!("{session_path}/sign-in-sheet"),
            StatusCode::FORBIDDEN,
        )
        .await;
}

/// Five Minnesota officers with no use-of-force training this year.
async fn five_officers(api: &Api) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for (i, name) in ["Avery", "Blake", "Casey", "Drew", "Emery"]
        .iter()
        .enumerate()
    {
        let body = PersonInput {
            hire_date: Some(date!(2015 - 05 - 01)),
            license_cycle_start: Some(date!(2024 - 07 - 01)),
            license_cycle_end: Some(date!(2027 - 06 - 30)),
            history_from: Some(date!(2024 - 07 - 01)),
            ..person_input(name, "Officer", &format!("U-{i}"))
        };
        let person: PersonDto = api
            .post_as("/api/v1/people", &body, StatusCode::CREATED)
            .await;
        ids.push(person.id);
    }
    ids
}

fn attendance(people: &[Uuid]) -> AttendanceRequest {
    AttendanceRequest {
        person_ids: people.to_vec(),
        completed_on: None,
        no_shows: vec![],
    }
}

async fn attendance_for_five_people_changes_their_compliance(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let people = five_officers(&api).await;
    for id in &people {
        let before = report(&api, *id).await;
        assert_ne!(
            requirement(&before, "mn.use_of_force").status,
            RequirementStatus::Met
        );
    }
    let uof = create_course(&api, &use_of_force_course()).await;
    let on = today(&api).await;
    let sid = session(&api, uof, on, Some(5)).await;
    let path = format!("/api/v1/sessions/{sid}/attendance");

    let result: AttendanceResult = api
        .post_as(&path, &attendance(&people), StatusCode::OK)
        .await;
    let recorded = &result.recorded;
    assert_eq!(recorded.len(), 5);
    let uof_hours = hours(&[("use_of_force", 4.0), ("conflict_management", 2.0)]);
    assert!(
        recorded
            .iter()
            .all(|r| r.verification == Verification::Verified
                && r.source == RecordSource::Coordinator
                && r.course_id == Some(uof)
                && r.session_id == Some(sid)
                && r.completed_on == on
                && r.hours == uof_hours),
        "{recorded:?}"
    );
    for id in &people {
        let after = report(&api, *id).await;
        assert_eq!(
            requirement(&after, "mn.use_of_force").status,
            RequirementStatus::Met
        );
        // The stored snapshot was refreshed in the same transaction.
        let snapshot =
            confitrek_api::db::compliance::snapshot_of(&app.db, AgencyScope::new(agency.id), *id)
                .await
                .unwrap()
                .unwrap();
        let stored: ComplianceReportDto = serde_json::from_value(snapshot.report).unwrap();
        assert_eq!(
            requirement(&stored, "mn.use_of_force").status,
            RequirementStatus::Met
        );
    }
    let detail: SessionDetailDto = api
        .get_as(&format!("/api/v1/sessions/{sid}"), StatusCode::OK)
        .await;
    assert_eq!(detail.session.attended, 5);
    assert!(
        detail
            .roster
            .iter()
            .all(|r| r.status == EnrollmentStatus::Attended && r.record_id.is_some()),
        "{detail:?}"
    );

    // The same sheet sent again records nobody twice.
    let records = app.count("training_records").await;
    let again: AttendanceResult = api
        .post_as(&path, &attendance(&people), StatusCode::OK)
        .await;
    assert_eq!(again.recorded, []);
    assert_eq!(again.already_recorded, people);
    assert_eq!(app.count("training_records").await, records);
    api.delete_problem(&format!("/api/v1/sessions/{sid}"), StatusCode::CONFLICT)
        .await;
}

async fn attendance_with_a_stranger_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let api = app.login(&agency.coordinator).await;
    let uof = create_course(&api, &use_of_force_course()).await;
    let sid = session(&api, uof, date!(2026 - 01 - 15), None).await;
    let path = format!("/api/v1/sessions/{sid}/attendance");
    let counts = || async {
        (
            app.count("training_records").await,
            app.count("session_enrollments").await,
            app.count("audit_events").await,
        )
    };
    // Signing in is audited too: sign everyone in first.
    let intruder = app.login(&other.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let before = counts().await;
    let cases = [
        (
            attendance(&[agency.officer_person, other.officer_person]),
            vec!["person_ids.1"],
        ),
        (attendance(&[Uuid::now_v7()]), vec!["person_ids.0"]),
        (attendance(&[]), vec!["person_ids"]),
        (
            AttendanceRequest {
                completed_on: Some(date!(2999 - 01 - 01)),
                ..attendance(&[agency.officer_person])
            },
            vec!["completed_on"],
        ),
        (
            AttendanceRequest {
                no_shows: vec![agency.supervisor_person],
                ..attendance(&[agency.officer_person])
            },
            vec!["no_shows.0"],
        ),
    ];
    for (body, expected) in cases {
        let bad = api
            .post_problem(&path, &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&bad), expected, "{body:?}");
    }
    assert_eq!(counts().await, before, "nothing written");

    intruder
        .post_problem(
            &path,
            &attendance(&[other.officer_person]),
            StatusCode::NOT_FOUND,
        )
        .await;
    officer
        .post_problem(
            &path,
            &attendance(&[agency.officer_person]),
            StatusCode::FORBIDDEN,
        )
        .await;
    assert_eq!(counts().await, before, "nothing written");
}

async fn an_officer_reports_his_own_training_and_only_the_office_verifies_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let officer = app.login(&agency.officer).await;
    let coordinator = app.login(&agency.coordinator).await;
    let on = today(&officer).await;
    let own = record_input(
        agency.officer_person,
        "Use of force (online)",
        on,
        &[("use_of_force", 2.0)],
    );

    let reported: TrainingRecordDto = officer
        .post_as("/api/v1/training-records", &own, StatusCode::CREATED)
        .await;
    assert_eq!(
        (reported.verification, reported.source),
        (Verification::Pending, RecordSource::SelfReported)
    );
    let path = format!("/api/v1/training-records/{}", reported.id);
    let person = agency.officer_person;
    assert_ne!(
        requirement(&report(&coordinator, person).await, "mn.use_of_force").status,
        RequirementStatus::Met,
        "pending hours do not count"
    );

    // Never for someone else, never verified by himself.
    let theirs = TrainingRecordInput {
        person_id: agency.supervisor_person,
        ..own.clone()
    };
    let records = app.count("training_records").await;
    officer
        .post_problem("/api/v1/training-records", &theirs, StatusCode::FORBIDDEN)
        .await;
    officer
        .send(Method::POST, &format!("{path}/verify"))
        .problem(StatusCode::FORBIDDEN)
        .await;
    assert_eq!(app.count("training_records").await, records);

    // The office's queue has it; it sees another's record, the officer does not.
    let theirs_record = record(
        &coordinator,
        agency.supervisor_person,
        on,
        &[("general", 1.0)],
    )
    .await;
    officer
        .get_problem(
            &format!("/api/v1/training-records/{}", theirs_record.id),
            StatusCode::NOT_FOUND,
        )
        .await;
    let mine: Page<TrainingRecordDto> = officer
        .get_as("/api/v1/training-records", StatusCode::OK)
        .await;
    assert_eq!(mine.items.len(), 1);
    let queue: Page<TrainingRecordDto> = coordinator
        .get_as(
            "/api/v1/training-records?verification=pending",
            StatusCode::OK,
        )
        .await;
    assert_eq!(queue.items.len(), 1);
    assert_eq!(queue.items[0].person_name, "Officer, Olive");

    let reject = |reason: &str| RejectRequest {
        reason: reason.into(),
    };
    let no_reason = coordinator
        .post_problem(
            &format!("{path}/reject"),
            &reject(" "),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&no_reason), ["reason"]);
    let rejected: TrainingRecordDto = coordinator
        .post_as(
            &format!("{path}/reject"),
            &reject("Attach the certificate, please."),
            StatusCode::OK,
        )
        .await;
    assert_eq!(rejected.verification, Verification::Rejected);
    assert_eq!(
        rejected.rejection_reason.as_deref(),
        Some("Attach the certificate, please.")
    );
    // The officer is told, with the reason, and the notification is about him.
    let told: Page<NotificationDto> = officer
        .get_as("/api/v1/notifications", StatusCode::OK)
        .await;
    let decision = told
        .items
        .iter()
        .find(|n| n.kind == NotificationKind::Decision)
        .unwrap_or_else(|| panic!("no decision in {told:?}"));
    assert!(decision.subject.starts_with("Training not accepted"));
    assert!(decision.body.contains("Attach the certificate, please."));
    assert_eq!(decision.person_id, Some(agency.officer_person));

    let verified: TrainingRecordDto = coordinator
        .send(Method::POST, &format!("{path}/verify"))
        .expect(StatusCode::OK)
        .await;
    assert_eq!(verified.verification, Verification::Verified);
    assert_eq!(verified.rejection_reason, None);
    assert!(verified.verified_at.is_some());
    assert_eq!(
        requirement(&report(&coordinator, person).await, "mn.use_of_force").status,
        RequirementStatus::Met,
        "verified hours count at once"
    );
}

async fn unverified_hours_count_only_where_the_agency_says_so(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let officer = app.login(&agency.officer).await;
    let admin = app.login(&agency.admin).await;
    let on = today(&officer).await;
    let _: TrainingRecordDto = officer
        .post_as(
            "/api/v1/training-records",
            &record_input(
                agency.officer_person,
                "Use of force",
                on,
                &[("use_of_force", 1.0)],
            ),
            StatusCode::CREATED,
        )
        .await;
    let status = || async {
        requirement(
            &report(&admin, agency.officer_person).await,
            "mn.use_of_force",
        )
        .status
    };
    assert_ne!(status().await, RequirementStatus::Met);
    let settings = |count_unverified: Option<bool>, at_risk_days: u16| AgencySettings {
        at_risk_days,
        time_zone: None,
        count_unverified,
        ori: None,
        fiscal_year_start_month: None,
    };
    let counted: AgencyDto = admin
        .put_as(
            "/api/v1/agencies/current/settings",
            &settings(Some(true), 90),
            StatusCode::OK,
        )
        .await;
    assert!(counted.count_unverified);
    assert_eq!(status().await, RequirementStatus::Met);
    // Omitted, the setting stays as it is.
    let kept: AgencyDto = admin
        .put_as(
            "/api/v1/agencies/current/settings",
            &settings(None, 60),
            StatusCode::OK,
        )
        .await;
    assert!(kept.count_unverified);
}

async fn a_supervisor_reads_only_his_units_records(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let detective = app
        .seed_person(agency.id, "Reese", "Yang", "D-1", Some("Investigations"))
        .await;
    let on = today(&coordinator).await;
    let patrol = record(&coordinator, agency.officer_person, on, &[("general", 1.0)]).await;
    let other_unit = record(&coordinator, detective, on, &[("general", 2.0)]).await;

    let supervisor = app.login(&agency.supervisor).await;
    let list: Page<TrainingRecordDto> = supervisor
        .get_as("/api/v1/training-records", StatusCode::OK)
        .await;
    let ids: Vec<Uuid> = list.items.iter().map(|r| r.id).collect();
    assert_eq!(ids, [patrol.id]);
    let filtered: Page<TrainingRecordDto> = supervisor
        .get_as(
            &format!("/api/v1/training-records?person_id={detective}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(filtered.items, []);
    supervisor
        .get_problem(
            &format!("/api/v1/training-records/{}", other_unit.id),
            StatusCode::NOT_FOUND,
        )
        .await;
    // Reading is not verifying.
    supervisor
        .send(
            Method::POST,
            &format!("/api/v1/training-records/{}/verify", patrol.id),
        )
        .problem(StatusCode::FORBIDDEN)
        .await;
    let dated: Page<TrainingRecordDto> = coordinator
        .get_as(
            &format!("/api/v1/training-records?from={on}&to={on}&limit=1"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(dated.items.len(), 1);
    assert!(dated.next_cursor.is_some());
}

async fn a_correction_keeps_the_previous_values(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let entered = record(
        &coordinator,
        agency.officer_person,
        date!(2026 - 01 - 10),
        &[("general", 8.0)],
    )
    .await;
    let path = format!("/api/v1/training-records/{}", entered.id);
    let fix = correction(
        "In-service (corrected)",
        date!(2026 - 01 - 09),
        &[("general", 4.0), ("use_of_force", 4.0)],
    );

    let before = app.count("training_record_revisions").await;
    let bad = coordinator
        .put_problem(
            &path,
            &correction("", date!(2026 - 01 - 09), &[]),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&bad), ["title", "hours"]);
    assert_eq!(app.count("training_record_revisions").await, before);
    officer
        .put_problem(&path, &fix, StatusCode::FORBIDDEN)
        .await;

    let corrected: TrainingRecordDetailDto = coordinator.put_as(&path, &fix, StatusCode::OK).await;
    assert_eq!(corrected.record.title, "In-service (corrected)");
    assert_eq!(corrected.record.verification, Verification::Verified);
    assert_eq!(corrected.record.total_hours, 8.0);
    let previous = &corrected.revisions[0].previous;
    assert_eq!(previous.title, "In-service");
    assert_eq!(previous.completed_on, date!(2026 - 01 - 10));
    assert_eq!(previous.hours, hours(&[("general", 8.0)]));
    let read: TrainingRecordDetailDto = officer.get_as(&path, StatusCode::OK).await;
    assert_eq!(read.revisions.len(), 1);

    // An officer corrects his own pending report; it stays in the queue.
    let on = today(&officer).await;
    let own: TrainingRecordDto = officer
        .post_as(
            "/api/v1/training-records",
            &record_input(agency.officer_person, "Online", on, &[("general", 1.0)]),
            StatusCode::CREATED,
        )
        .await;
    let own_path = format!("/api/v1/training-records/{}", own.id);
    let changed: TrainingRecordDetailDto = officer
        .put_as(
            &own_path,
            &correction("Online module", on, &[("general", 1.5)]),
            StatusCode::OK,
        )
        .await;
    assert_eq!(changed.record.verification, Verification::Pending);
    assert_eq!(changed.record.total_hours, 1.5);
}

async fn a_deletion_leaves_only_the_audit_fact(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let entered = record(
        &coordinator,
        agency.officer_person,
        date!(2026 - 01 - 10),
        &[("crisis_intervention", 8.0)],
    )
    .await;
    let id = entered.id;
    let path = format!("/api/v1/training-records/{id}");
    let _: TrainingRecordDetailDto = coordinator
        .put_as(
            &path,
            &correction(
                "Crisis intervention, Dr. Okafor",
                date!(2026 - 01 - 10),
                &[("crisis_intervention", 6.0)],
            ),
            StatusCode::OK,
        )
        .await;
    assert_eq!(app.count("training_record_revisions").await, 1);
    let officer = app.login(&agency.officer).await;
    officer.delete_problem(&path, StatusCode::FORBIDDEN).await;

    coordinator
        .delete_expect(&path, StatusCode::NO_CONTENT)
        .await;
    coordinator.get_problem(&path, StatusCode::NOT_FOUND).await;
    assert_eq!(app.count("training_records").await, 0);
    assert_eq!(app.count("training_record_revisions").await, 0);
    let admin = app.login(&agency.admin).await;
    let events = admin
        .send(Method::GET, "/api/v1/audit-events?limit=10")
        .expect_status(StatusCode::OK)
        .await;
    let page: Page<AuditEventDto> = events.json();
    let deleted: Vec<&AuditEventDto> = page
        .items
        .iter()
        .filter(|e| e.action == "training_record.delete")
        .collect();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].target_id, Some(id));
    // Nothing of what the record said is kept, in any field of the log.
    assert!(!events.text.contains("Okafor") && !events.text.contains("crisis_intervention"));
}

async fn another_agencys_ids_are_not_found_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let a = app.login(&alpha.coordinator).await;
    let b = app.login(&beta.coordinator).await;
    let on = today(&a).await;
    let theirs = record(&b, beta.officer_person, on, &[("general", 1.0)]).await;
    let their_course = create_course(&b, &use_of_force_course()).await;
    let their_session = session(&b, their_course, on, None).await;
    let record_path = format!("/api/v1/training-records/{}", theirs.id);
    let fix = correction("X", on, &[("general", 2.0)]);

    let before = (
        app.count("training_records").await,
        app.count("training_record_revisions").await,
        app.count("session_enrollments").await,
    );
    a.get_problem(&record_path, StatusCode::NOT_FOUND).await;
    a.put_problem(&record_path, &fix, StatusCode::NOT_FOUND)
        .await;
    a.delete_problem(&record_path, StatusCode::NOT_FOUND).await;
    a.send(Method::POST, &format!("{record_path}/verify"))
        .problem(StatusCode::NOT_FOUND)
        .await;
    a.get_problem(
        &format!("/api/v1/courses/{their_course}"),
        StatusCode::NOT_FOUND,
    )
    .await;
    a.get_problem(
        &format!("/api/v1/sessions/{their_session}"),
        StatusCode::NOT_FOUND,
    )
    .await;
    a.post_problem(
        &format!("/api/v1/sessions/{their_session}/enrollments"),
        &EnrollmentRequest {
            person_ids: vec![alpha.officer_person],
        },
        StatusCode::NOT_FOUND,
    )
    .await;
    let stranger = a
        .post_problem(
            "/api/v1/training-records",
            &record_input(beta.officer_person, "X", on, &[("general", 1.0)]),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&stranger), ["person_id"]);
    let from_course = |course: Uuid| TrainingRecordInput {
        person_id: alpha.officer_person,
        course_id: Some(course),
        title: None,
        completed_on: on,
        hours: None,
        events: None,
    };
    let foreign_course = a
        .post_problem(
            "/api/v1/training-records",
            &from_course(their_course),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&foreign_course), ["course_id"]);
    let foreign_session = a
        .post_problem(
            "/api/v1/sessions",
            &session_input(their_course, on),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&foreign_session), ["course_id"]);
    let list: Page<TrainingRecordDto> = a.get_as("/api/v1/training-records", StatusCode::OK).await;
    assert_eq!(list.items, []);
    let sessions: Page<SessionDto> = a.get_as("/api/v1/sessions", StatusCode::OK).await;
    assert_eq!(sessions.items, []);
    assert_eq!(
        before,
        (
            app.count("training_records").await,
            app.count("training_record_revisions").await,
            app.count("session_enrollments").await,
        )
    );

    // A record from a course of the agency takes the course's title and hours.
    let own_course = create_course(&a, &use_of_force_course()).await;
    let made: TrainingRecordDto = a
        .post_as(
            "/api/v1/training-records",
            &from_course(own_course),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(made.title, "Use of Force and De-escalation");
    assert_eq!(made.total_hours, 6.0);
}

async fn a_session_runs_at_its_hours_each_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let uof = create_course(&api, &use_of_force_course()).await;
    let body = |start: Option<&str>, end: Option<&str>| SessionInput {
        ends_on: Some(date!(2026 - 03 - 03)),
        start_time: start.map(Into::into),
        end_time: end.map(Into::into),
        ..session_input(uof, date!(2026 - 03 - 02))
    };
    // Both wrong at once, and nothing written.
    let bad = api
        .post_problem(
            "/api/v1/sessions",
            &body(Some("25:00"), Some("8 pm")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&bad), ["start_time", "end_time"]);
    let backwards = api
        .post_problem(
            "/api/v1/sessions",
            &body(Some("13:00"), Some("09:00")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&backwards), ["end_time"]);
    let no_start = api
        .post_problem(
            "/api/v1/sessions",
            &body(None, Some("09:00")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&no_start), ["end_time"]);
    assert_eq!(app.count("training_sessions").await, 0);

    let made: SessionDto = api
        .post_as(
            "/api/v1/sessions",
            &body(Some("8:00"), Some("16:30")),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(made.start_time.as_deref(), Some("08:00"));
    assert_eq!(made.end_time.as_deref(), Some("16:30"));
    // Without hours, a session is listed by its days.
    let all_day: SessionDto = api
        .post_as("/api/v1/sessions", &body(None, None), StatusCode::CREATED)
        .await;
    assert!(all_day.start_time.is_none());
}
