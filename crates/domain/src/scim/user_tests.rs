use super::*;
use confitrek_vocabulary::scim::ScimPatchRequest;
use serde_json::json;

/// A user as Entra ID's provisioning creates one, with its default attribute mappings.
fn entra_user() -> ScimUser {
    serde_json::from_value(json!({
        "schemas": [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
        "externalId": "0a21f0f2-8d2a-4f8e-b0d7-1d2c0e6b6a11",
        "userName": "Dana.Lindqvist@agency.example",
        "active": true,
        "displayName": "Dana Lindqvist",
        "title": "Patrol Officer",
        "emails": [
            { "primary": false, "type": "other", "value": "dana@home.example" },
            { "primary": true, "type": "work", "value": "Dana.Lindqvist@agency.example" },
        ],
        "name": { "formatted": "Dana Lindqvist", "familyName": "Lindqvist", "givenName": "Dana" },
        "phoneNumbers": [{ "type": "work", "value": "555-0100" }],
        "addresses": [{ "type": "work", "locality": "Duluth" }],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "B-112", "department": "Patrol" },
    }))
    .unwrap()
}

fn patched(user: &ProvisionedUser, ops: serde_json::Value) -> Result<ProvisionedUser, ScimProblem> {
    let request: ScimPatchRequest = serde_json::from_value(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": ops,
    }))
    .unwrap();
    let ops = patch::operations(&request, &EXTENSIONS)?;
    let mut user = user.clone();
    user.apply(&ops)?;
    Ok(user)
}

#[test]
fn a_created_user_keeps_what_the_roster_needs_and_ignores_the_rest() {
    let user = ProvisionedUser::from_resource(&entra_user()).unwrap();
    assert_eq!(user.user_name, "Dana.Lindqvist@agency.example");
    assert_eq!(user.given_name.as_deref(), Some("Dana"));
    assert_eq!(user.family_name.as_deref(), Some("Lindqvist"));
    assert_eq!(
        user.email.as_deref(),
        Some("Dana.Lindqvist@agency.example"),
        "the primary e-mail"
    );
    assert_eq!(user.employee_number.as_deref(), Some("B-112"));
    assert!(user.active);
    let mut no_active = entra_user();
    no_active.active = None;
    assert!(
        ProvisionedUser::from_resource(&no_active).unwrap().active,
        "omitted: active"
    );
    let mut blank = entra_user();
    blank.user_name = "  ".into();
    assert_eq!(
        ProvisionedUser::from_resource(&blank)
            .unwrap_err()
            .scim_type(),
        "invalidValue"
    );
}

#[test]
fn the_kept_email_is_the_primary_then_the_work_then_the_first() {
    let email = |value: &str, kind: Option<&str>, primary: Option<bool>| ScimEmail {
        value: value.into(),
        kind: kind.map(Into::into),
        primary,
    };
    let cases = [
        (
            vec![
                email("a@x", Some("home"), None),
                email("b@x", None, Some(true)),
            ],
            Some("b@x"),
        ),
        (
            vec![
                email("a@x", Some("home"), None),
                email("b@x", Some("Work"), None),
            ],
            Some("b@x"),
        ),
        (
            vec![
                email("a@x", Some("home"), None),
                email("b@x", Some("other"), None),
            ],
            Some("a@x"),
        ),
        (
            vec![email(" ", None, Some(true)), email("b@x", None, None)],
            Some("b@x"),
        ),
        (vec![], None),
    ];
    for (emails, expected) in cases {
        assert_eq!(kept_email(&emails).as_deref(), expected, "{emails:?}");
    }
}

#[test]
fn patches_as_entra_id_sends_them() {
    let user = ProvisionedUser::from_resource(&entra_user()).unwrap();
    let changed = patched(
        &user,
        json!([
            { "op": "Replace", "path": "name.givenName", "value": "Dana-Marie" },
            { "op": "Replace", "path": "active", "value": "False" },
            { "op": "Add", "path": "emails[type eq \"work\"].value", "value": "dm@agency.example" },
            { "op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "B-113" },
            { "op": "Replace", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "555" },
            { "op": "Remove", "path": "emails[type eq \"home\"].value" },
            { "op": "Remove", "path": "title" },
        ]),
    )
    .unwrap();
    assert_eq!(changed.given_name.as_deref(), Some("Dana-Marie"));
    assert!(!changed.active);
    assert_eq!(changed.email.as_deref(), Some("dm@agency.example"));
    assert_eq!(changed.employee_number.as_deref(), Some("B-113"));
    assert_eq!(changed.title, None);
    assert_eq!(
        changed.family_name, user.family_name,
        "what is not named stays"
    );
}

#[test]
fn patches_as_okta_sends_them() {
    let user = ProvisionedUser::from_resource(&entra_user()).unwrap();
    let off = patched(
        &user,
        json!([{ "op": "replace", "value": { "active": false } }]),
    )
    .unwrap();
    assert!(!off.active);
    let renamed = patched(
        &off,
        json!([{ "op": "replace", "value": {
            "name": { "givenName": "Dee" },
            "name.familyName": "Lind",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "7" },
            "active": true,
            "emails": [{ "value": "dee@agency.example", "primary": true }],
            "id": "ignored", "schemas": ["ignored"],
        } }]),
    )
    .unwrap();
    assert_eq!(renamed.given_name.as_deref(), Some("Dee"));
    assert_eq!(renamed.family_name.as_deref(), Some("Lind"));
    assert_eq!(renamed.employee_number.as_deref(), Some("7"));
    assert_eq!(renamed.email.as_deref(), Some("dee@agency.example"));
    assert!(renamed.active);
}

#[test]
fn patches_that_cannot_be_kept_are_refused_with_their_reason() {
    let user = ProvisionedUser::from_resource(&entra_user()).unwrap();
    // (operations, scimType, a sentence)
    let cases = [
        (
            json!([{ "op": "remove", "path": "userName" }]),
            "invalidValue",
            "the user name is required",
        ),
        (
            json!([{ "op": "replace", "path": "active", "value": "maybe" }]),
            "invalidValue",
            "active is a boolean",
        ),
        (
            json!([{ "op": "remove", "path": "active" }]),
            "invalidValue",
            "active cannot go",
        ),
        (
            json!([{ "op": "replace", "path": "title", "value": { "x": 1 } }]),
            "invalidValue",
            "a title is text",
        ),
        (
            json!([{ "op": "replace", "path": "emails[type eq]", "value": "x" }]),
            "invalidPath",
            "a broken filter",
        ),
        (
            json!([{ "op": "replace", "path": "userName", "value": "x".repeat(300) }]),
            "invalidValue",
            "too long a user name",
        ),
    ];
    for (ops, kind, why) in cases {
        assert_eq!(patched(&user, ops).unwrap_err().scim_type(), kind, "{why}");
    }
}

fn draft(user: &ProvisionedUser, base: Option<PersonDraft>) -> PersonDraft {
    person_draft(user, base, "SCIM-00000000AB").unwrap()
}

#[test]
fn a_provisioned_user_becomes_a_person_of_the_roster() {
    let user = ProvisionedUser::from_resource(&entra_user()).unwrap();
    let new = draft(&user, None);
    assert_eq!(
        (new.first_name.as_str(), new.last_name.as_str()),
        ("Dana", "Lindqvist")
    );
    assert_eq!(new.badge, "B-112");
    assert_eq!(new.status, PersonStatus::Active);
    let mut no_number = user.clone();
    no_number.employee_number = None;
    assert_eq!(
        draft(&no_number, None).badge,
        "SCIM-00000000AB",
        "a provisional badge"
    );
    let mut stored = new.clone();
    stored.unit = Some("Patrol".into());
    stored.badge = "OLD-1".into();
    let kept = draft(&no_number, Some(stored));
    assert_eq!(
        kept.unit.as_deref(),
        Some("Patrol"),
        "what SCIM does not speak of stays"
    );
    assert_eq!(
        kept.badge, "OLD-1",
        "a badge is kept when no employee number is sent"
    );
    let mut off = user.clone();
    off.active = false;
    assert_eq!(draft(&off, None).status, PersonStatus::Inactive);
    let mut separated = new.clone();
    separated.status = PersonStatus::Separated;
    assert_eq!(draft(&off, Some(separated)).status, PersonStatus::Separated);
    let mut only_shown = user.clone();
    only_shown.given_name = None;
    only_shown.family_name = None;
    only_shown.display_name = Some("Dana van Lindqvist".into());
    let shown = draft(&only_shown, None);
    assert_eq!(
        (shown.first_name.as_str(), shown.last_name.as_str()),
        ("Dana van", "Lindqvist")
    );
    only_shown.display_name = None;
    assert!(person_draft(&only_shown, None, "SCIM-00000000AB").is_err());
}

#[test]
fn provisional_badges_are_recognised() {
    let badge = provisional_badge(0xDEAD_BEEF_CAFE);
    assert_eq!(badge, "SCIM-ADBEEFCAFE");
    assert!(is_provisional(&badge));
    assert_eq!(employee_number(&badge), None);
    assert_eq!(employee_number("B-112"), Some("B-112"));
    assert!(crate::people::BadgeNumber::parse(&badge).is_ok());
}

#[test]
fn a_new_user_is_the_person_with_the_badge_else_the_one_with_the_email() {
    let (a, b) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
    let free = |person| Candidate {
        person,
        provisioned: false,
    };
    let taken = |person| Candidate {
        person,
        provisioned: true,
    };
    assert_eq!(adoption(None, &[]).unwrap(), None);
    assert_eq!(
        adoption(Some(free(a)), &[free(b)]).unwrap(),
        Some(a),
        "the badge decides"
    );
    assert_eq!(adoption(None, &[free(b), taken(a)]).unwrap(), Some(b));
    assert_eq!(
        adoption(None, &[taken(a)]).unwrap(),
        None,
        "a provisioned person is not taken again"
    );
    assert_eq!(
        adoption(Some(taken(a)), &[]).unwrap_err().scim_type(),
        "uniqueness"
    );
    assert_eq!(
        adoption(None, &[free(a), free(b)]).unwrap_err().scim_type(),
        "uniqueness"
    );
}

#[test]
fn user_filters_name_what_is_kept() {
    use filter::CompareOp::Eq;
    assert_eq!(
        user_filter(r#"emails.value eq "Dana@Agency.example""#).unwrap(),
        Condition::Compare(
            UserAttribute::Email,
            Eq,
            Value::Text("dana@agency.example".into())
        )
    );
    assert_eq!(
        user_filter(r#"emails[type eq "work" and value eq "d@x"]"#).unwrap(),
        Condition::All(vec![
            Condition::Present(UserAttribute::Email),
            Condition::Compare(UserAttribute::Email, Eq, Value::Text("d@x".into())),
        ])
    );
    assert_eq!(
        user_filter(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "b-1""#
        )
        .unwrap(),
        Condition::Compare(UserAttribute::EmployeeNumber, Eq, Value::Text("b-1".into()))
    );
    assert!(user_filter(r#"urn:other:schema:userName eq "x""#).is_err());
    assert!(user_filter(r#"name.middleName eq "x""#).is_err());
}
