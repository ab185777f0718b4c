use super::*;

fn row(topic: &str, hours: &str) -> HoursRow {
    HoursRow {
        topic: topic.into(),
        hours: hours.into(),
    }
}

fn fields(problems: &[FieldProblem]) -> Vec<&str> {
    problems.iter().map(|p| p.field.as_str()).collect()
}

#[test]
fn hours_lines_become_hours_by_topic_named_like_the_server_names_them() {
    let ok = hours_map(&[row("autism", "4"), row("", ""), row("general", "1,5")]).unwrap();
    assert_eq!(ok["autism"], 4.0);
    assert_eq!(ok["general"], 1.5);
    let bad = hours_map(&[
        row("autism", "four"),
        row("", "2"),
        row("general", "1"),
        row("general", "2"),
    ])
    .unwrap_err();
    assert_eq!(fields(&bad), ["hours.autism", "hours", "hours.general"]);
}

#[test]
fn hours_are_written_without_trailing_zeros() {
    assert_eq!(format_hours(4.0), "4");
    assert_eq!(format_hours(1.5), "1.5");
    assert_eq!(format_hours(0.25), "0.25");
    let titles = BTreeMap::from([("autism".to_owned(), "Autism (MLO)".to_owned())]);
    let hours = BTreeMap::from([("autism".to_owned(), 4.0), ("use_of_force".to_owned(), 2.0)]);
    assert_eq!(
        hours_summary(&hours, &titles),
        "4 h Autism (MLO), 2 h use of force"
    );
    assert_eq!(hours_rows(&hours)[0], row("autism", "4"));
}

#[test]
fn a_cost_in_dollars_is_kept_in_cents() {
    // (typed, cents, a sentence)
    let cases = [
        ("150", Some(15_000), "whole dollars"),
        (
            "$1,200.50",
            Some(120_050),
            "a dollar sign and a thousands comma",
        ),
        ("49.9", Some(4_990), "one decimal"),
        (".5", Some(50), "cents only"),
        ("  ", None, "no cost given"),
    ];
    for (typed, expected, why) in cases {
        assert_eq!(cents(typed).unwrap(), expected, "{why}");
    }
    for typed in ["12.345", "ten", "-5", "."] {
        assert_eq!(cents(typed).unwrap_err().field, "cost_cents", "{typed}");
    }
    assert_eq!(dollars(Some(15_000)), "150.00");
    assert_eq!(dollars(Some(4_990)), "49.90");
    assert_eq!(dollars(None), "");
}

#[test]
fn a_course_form_becomes_its_input_or_every_problem() {
    let form = CourseForm {
        title: " CIT refresher ".into(),
        provider: "".into(),
        post_course_number: "MN-1".into(),
        delivery: "hybrid".into(),
        cost: "150".into(),
        hours: vec![row("crisis_intervention", "8")],
        events: vec![],
        active: true,
    };
    let input = form.input().unwrap();
    assert_eq!(input.title, "CIT refresher");
    assert_eq!(input.provider, None);
    assert_eq!(input.delivery, Delivery::Hybrid);
    assert_eq!(input.cost_cents, Some(15_000));
    let bad = CourseForm {
        cost: "lots".into(),
        hours: vec![row("autism", "x")],
        ..form
    };
    assert_eq!(
        fields(&bad.input().unwrap_err()),
        ["cost_cents", "hours.autism"]
    );
}

#[test]
fn a_session_form_needs_a_course_and_a_start() {
    let course = Uuid::nil().to_string();
    let ok = session_input(&SessionForm {
        course_id: &course,
        starts_on: "2026-12-01",
        start_time: "08:00",
        end_time: "16:30",
        location: " Room B ",
        capacity: "12",
        ..SessionForm::default()
    })
    .unwrap();
    assert_eq!(ok.ends_on, None);
    assert_eq!(ok.location.as_deref(), Some("Room B"));
    assert_eq!(ok.capacity, Some(12));
    assert_eq!(
        (ok.start_time.as_deref(), ok.end_time.as_deref()),
        (Some("08:00"), Some("16:30"))
    );
    let bad = session_input(&SessionForm {
        ends_on: "2026-13-01",
        capacity: "a dozen",
        ..SessionForm::default()
    })
    .unwrap_err();
    assert_eq!(
        fields(&bad),
        ["course_id", "starts_on", "ends_on", "capacity"]
    );
}

#[test]
fn an_attendance_sheet_needs_someone_ticked() {
    let a = Uuid::from_u128(1);
    let request = attendance_request(&[a], "").unwrap();
    assert_eq!(request.person_ids, [a]);
    assert_eq!(request.completed_on, None, "the session's last day");
    assert_eq!(
        fields(&attendance_request(&[], "2026-02-30").unwrap_err()),
        ["person_ids", "completed_on"]
    );
}

#[test]
fn a_record_from_a_course_leaves_what_is_empty_to_the_course() {
    let person = Uuid::from_u128(7);
    let form = RecordForm {
        title: "".into(),
        completed_on: "2026-11-02".into(),
        course_id: Uuid::from_u128(9).to_string(),
        hours: vec![row("", "")],
        events: vec![],
    };
    let input = form.input(person).unwrap();
    assert_eq!(input.course_id, Some(Uuid::from_u128(9)));
    assert_eq!((input.title, input.hours, input.events), (None, None, None));

    let ad_hoc = RecordForm {
        title: "Roll call".into(),
        course_id: String::new(),
        hours: vec![row("general", "0.5")],
        ..form.clone()
    };
    let input = ad_hoc.input(person).unwrap();
    assert_eq!(input.hours.unwrap()["general"], 0.5);
    assert_eq!(input.events, Some(vec![]));
    let update = ad_hoc.update().unwrap();
    assert_eq!(update.title, "Roll call");
    let undated = RecordForm {
        completed_on: String::new(),
        ..ad_hoc
    };
    assert_eq!(fields(&undated.update().unwrap_err()), ["completed_on"]);
}
