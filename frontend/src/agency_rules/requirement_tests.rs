use confitrek_types::FieldProblem;
use serde_json::json;

use super::*;

fn k9_hours() -> RequirementFields {
    RequirementFields {
        code: " agency.k9_hours ".into(),
        title: "K9 handler training".into(),
        citations: "Lakeview Policy 312; General Order 12-4 ".into(),
        topics: vec!["general".into()],
        minimum_hours: "16".into(),
        roles_any: vec!["k9_handler".into()],
        ..RequirementFields::blank()
    }
}

fn fields_of(errors: &[FieldProblem]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn hours_per_calendar_year_for_one_role_become_the_documented_form() {
    let document = k9_hours().to_document(None).unwrap();
    assert_eq!(
        document,
        json!({
            "id": "agency.k9_hours",
            "title": "K9 handler training",
            "citations": ["Lakeview Policy 312", "General Order 12-4"],
            "applies": { "roles_any": ["k9_handler"] },
            "period": { "kind": "calendar_year" },
            "measure": { "kind": "hours", "topics": ["general"], "minimum_hours": 16.0 },
        })
    );
}

#[test]
fn each_shape_agencies_need_is_written_as_the_engine_reads_it() {
    let cases = [
        (
            "an annual firearms qualification: an event every 12 months",
            RequirementFields {
                measure: "event".into(),
                event: "firearms_qualification".into(),
                period: "rolling".into(),
                months: "12".into(),
                ..k9_hours()
            },
            json!({ "kind": "event", "event": "firearms_qualification" }),
            json!({ "kind": "rolling", "months": 12 }),
        ),
        (
            "a TASER certificate that must be current every day",
            RequirementFields {
                measure: "credential".into(),
                credential_type: " taser ".into(),
                period: "at_all_times".into(),
                ..k9_hours()
            },
            json!({ "kind": "credential", "credential_type": "taser" }),
            json!({ "kind": "at_all_times" }),
        ),
        (
            "hours in any topic over a fiscal year starting in July",
            RequirementFields {
                topics: vec![],
                minimum_hours: "4.5".into(),
                period: "fiscal_year".into(),
                start_month: "7".into(),
                ..k9_hours()
            },
            json!({ "kind": "hours", "topics": [], "minimum_hours": 4.5 }),
            json!({ "kind": "fiscal_year", "start_month": 7 }),
        ),
    ];
    for (case, fields, measure, period) in cases {
        let document = fields.to_document(None).unwrap();
        assert_eq!(document["measure"], measure, "{case}");
        assert_eq!(document["period"], period, "{case}");
        assert_eq!(
            RequirementFields::of(&document).to_document(None).unwrap(),
            document,
            "{case}: reading the document back gives the same document"
        );
    }
}

#[test]
fn what_the_form_does_not_show_is_kept_when_it_saves() {
    let stored = json!({
        "id": "agency.evoc", "title": "EVOC", "subject": "emergency driving",
        "citations": ["Policy 9"],
        "applies": { "statuses": ["active", "inactive"], "roles_any": [] },
        "period": { "kind": "license_cycle", "years": 3, "end_month": 6, "end_day": 30, "first_cycle_years": 3 },
        "measure": { "kind": "topics_chosen", "topics": ["evoc", "general"], "count": 1, "minimum_hours_each": 8 },
        "grace_days": 30,
    });
    let mut fields = RequirementFields::of(&stored);
    assert_eq!(fields.period, "license_cycle");
    assert_eq!(fields.measure, "topics_chosen");
    fields.title = "EVOC refresher".into();
    fields.roles_any = vec!["sro".into(), "part_time".into()];
    let saved = fields.to_document(Some(&stored)).unwrap();
    assert_eq!(saved["title"], "EVOC refresher");
    assert_eq!(saved["subject"], "emergency driving");
    assert_eq!(saved["grace_days"], 30);
    assert_eq!(saved["period"], stored["period"]);
    assert_eq!(saved["measure"], stored["measure"]);
    assert_eq!(
        saved["applies"],
        json!({ "statuses": ["active", "inactive"], "roles_any": ["part_time", "sro"] })
    );
}

#[test]
fn what_cannot_be_sent_is_reported_beside_its_field() {
    let cases = [
        (
            "hours left blank",
            RequirementFields {
                minimum_hours: " ".into(),
                ..k9_hours()
            },
            vec!["measure.minimum_hours"],
        ),
        (
            "hours that are not a number",
            RequirementFields {
                minimum_hours: "sixteen".into(),
                ..k9_hours()
            },
            vec!["measure.minimum_hours"],
        ),
        (
            "a rolling period of no stated length, and no event chosen",
            RequirementFields {
                measure: "event".into(),
                period: "rolling".into(),
                months: "".into(),
                ..k9_hours()
            },
            vec!["measure.event", "period.months"],
        ),
        (
            "months that are not a whole number",
            RequirementFields {
                period: "rolling".into(),
                months: "1.5".into(),
                ..k9_hours()
            },
            vec!["period.months"],
        ),
        (
            "a credential with no type",
            RequirementFields {
                measure: "credential".into(),
                ..k9_hours()
            },
            vec!["measure.credential_type"],
        ),
        (
            "a kind the form does not know, with no stored document to keep it from",
            RequirementFields {
                measure: "topics_chosen".into(),
                period: "license_cycle".into(),
                ..k9_hours()
            },
            vec!["measure.kind", "period.kind"],
        ),
    ];
    for (case, fields, expected) in cases {
        let errors = fields.to_document(None).unwrap_err();
        assert_eq!(fields_of(&errors), expected, "{case}");
    }
}
