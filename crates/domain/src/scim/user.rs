//! A SCIM user as ConfiTrek keeps it, and how it becomes a person of the roster: the given
//! and family names are the person's, the e-mail is the person's and the login's, the
//! enterprise extension's employee number is the badge, and `active` false takes the person
//! off duty.

use confitrek_vocabulary::scim::{ENTERPRISE_USER_SCHEMA, ScimEmail, ScimUser, USER_SCHEMA};
use serde_json::Value as Json;

use super::filter::{self, AttrPath, Condition, Kind, Named, Value};
use super::patch::{self, OpKind, Patched, Target};
use super::{ScimProblem, identifier, optional_identifier};
use crate::people::{PersonDraft, PersonStatus};

/// What an identity provider says of a user, as far as ConfiTrek keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionedUser {
    pub user_name: String,
    pub external_id: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// Read only to name a person whose given or family name is not sent.
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub employee_number: Option<String>,
    pub title: Option<String>,
    pub active: bool,
}

/// The one e-mail ConfiTrek keeps of several: the primary one, else the `work` one, else
/// the first.
pub fn kept_email(emails: &[ScimEmail]) -> Option<String> {
    let given: Vec<&ScimEmail> = emails
        .iter()
        .filter(|e| !e.value.trim().is_empty())
        .collect();
    let work = |e: &&&ScimEmail| {
        e.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("work"))
    };
    given
        .iter()
        .find(|e| e.primary == Some(true))
        .or_else(|| given.iter().find(work))
        .or_else(|| given.first())
        .map(|e| e.value.trim().to_owned())
}

/// The most e-mails one user may be sent with (one is kept).
pub const MAX_EMAILS: usize = 16;

/// The extensions a user's PATCH may name as a whole.
pub const EXTENSIONS: [&str; 2] = [ENTERPRISE_USER_SCHEMA, USER_SCHEMA];

impl ProvisionedUser {
    /// The user a POST or PUT sends (`active` omitted reads as true).
    pub fn from_resource(resource: &ScimUser) -> Result<Self, ScimProblem> {
        if resource.schemas.len() > super::MAX_SCHEMAS || resource.emails.len() > MAX_EMAILS {
            return Err(ScimProblem::InvalidValue(format!(
                "a user names at most {} schemas and {MAX_EMAILS} e-mails",
                super::MAX_SCHEMAS
            )));
        }
        let name = resource.name.clone().unwrap_or_default();
        let blank = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let user = ProvisionedUser {
            user_name: identifier("userName", &resource.user_name)?,
            external_id: optional_identifier("externalId", resource.external_id.as_deref())?,
            given_name: blank(name.given_name),
            family_name: blank(name.family_name),
            display_name: optional_identifier(
                "displayName",
                resource
                    .display_name
                    .as_deref()
                    .or(name.formatted.as_deref()),
            )?,
            email: kept_email(&resource.emails),
            employee_number: blank(
                resource
                    .enterprise
                    .as_ref()
                    .and_then(|e| e.employee_number.clone()),
            ),
            title: blank(resource.title.clone()),
            active: resource.active.unwrap_or(true),
        };
        Ok(user)
    }
}

impl Patched for ProvisionedUser {
    const SCHEMAS: &'static [&'static str] = &EXTENSIONS;

    fn check(&mut self) -> Result<(), ScimProblem> {
        self.user_name = identifier("userName", &self.user_name)?;
        self.external_id = optional_identifier("externalId", self.external_id.as_deref())?;
        Ok(())
    }

    fn apply_at(
        &mut self,
        kind: OpKind,
        target: &Target,
        value: Option<&Json>,
    ) -> Result<(), ScimProblem> {
        let (path, filter, sub) = match target {
            Target::Schema(schema) if schema == ENTERPRISE_USER_SCHEMA => {
                return self.apply_enterprise(kind, value);
            }
            Target::Schema(_) => {
                return match (kind, value) {
                    (OpKind::Remove, _) => Err(ScimProblem::InvalidValue(
                        "the user's core schema cannot be removed".into(),
                    )),
                    (_, Some(value)) => self.apply(&patch::spread(kind, value, &EXTENSIONS)?),
                    (_, None) => Ok(()),
                };
            }
            Target::Attribute { path, filter, sub } => (path, filter, sub.as_deref()),
        };
        let set = |value: Option<&Json>, attribute: &str| match kind {
            OpKind::Remove => Ok(None),
            _ => patch::text(attribute, value),
        };
        if path.in_schema(ENTERPRISE_USER_SCHEMA) && path.schema.is_some() {
            if path.is("employeeNumber", None) {
                self.employee_number = set(value, "employeeNumber")?;
            }
            return Ok(());
        }
        if !path.in_schema(USER_SCHEMA) {
            // Another extension's attribute: not kept.
            return Ok(());
        }
        let name = path.name.to_ascii_lowercase();
        match (name.as_str(), sub) {
            ("username", None) => {
                self.user_name = set(value, "userName")?.ok_or_else(|| {
                    ScimProblem::InvalidValue("userName is required and cannot be removed".into())
                })?;
            }
            ("externalid", None) => self.external_id = set(value, "externalId")?,
            ("displayname", None) => self.display_name = set(value, "displayName")?,
            ("title", None) => self.title = set(value, "title")?,
            ("active", None) => {
                if kind == OpKind::Remove {
                    return Err(ScimProblem::InvalidValue(
                        "active cannot be removed: set it to true or false".into(),
                    ));
                }
                self.active = patch::boolean("active", value)?;
            }
            ("name", None) => match (kind, value) {
                (OpKind::Remove, _) => {
                    self.given_name = None;
                    self.family_name = None;
                }
                (_, Some(Json::Object(fields))) => {
                    for (key, value) in fields {
                        self.apply_name(kind, key, Some(value))?;
                    }
                }
                _ => return Err(ScimProblem::InvalidValue("name takes an object".into())),
            },
            ("name", Some(sub)) => self.apply_name(kind, sub, value)?,
            ("emails", sub) => self.apply_emails(kind, filter.as_ref(), sub, value)?,
            // What ConfiTrek does not keep (phone numbers, addresses, a nickname...) and
            // what only it writes (id, meta, groups) are accepted and left alone.
            _ => {}
        }
        Ok(())
    }
}

impl ProvisionedUser {
    fn apply_enterprise(&mut self, kind: OpKind, value: Option<&Json>) -> Result<(), ScimProblem> {
        match (kind, value) {
            (OpKind::Remove, _) => self.employee_number = None,
            (_, Some(Json::Object(fields))) => {
                for (key, value) in fields {
                    if key.eq_ignore_ascii_case("employeeNumber") {
                        self.employee_number = patch::text("employeeNumber", Some(value))?;
                    }
                }
            }
            _ => {
                return Err(ScimProblem::InvalidValue(format!(
                    "{ENTERPRISE_USER_SCHEMA} takes an object"
                )));
            }
        }
        Ok(())
    }

    fn apply_name(
        &mut self,
        kind: OpKind,
        sub: &str,
        value: Option<&Json>,
    ) -> Result<(), ScimProblem> {
        let text = match kind {
            OpKind::Remove => None,
            _ => patch::text(&format!("name.{sub}"), value)?,
        };
        if sub.eq_ignore_ascii_case("givenName") {
            self.given_name = text;
        } else if sub.eq_ignore_ascii_case("familyName") {
            self.family_name = text;
        } else if sub.eq_ignore_ascii_case("formatted") {
            self.display_name = text.or(self.display_name.take());
        }
        Ok(())
    }

    fn apply_emails(
        &mut self,
        kind: OpKind,
        filter: Option<&filter::Filter>,
        sub: Option<&str>,
        value: Option<&Json>,
    ) -> Result<(), ScimProblem> {
        // ConfiTrek keeps one e-mail, the work one: a filter that does not match it (say,
        // `emails[type eq "home"]`) names an e-mail that is not kept.
        if let Some(filter) = filter {
            let condition = filter::resolve(filter, &email_attribute)
                .map_err(|e| ScimProblem::InvalidPath(e.to_string()))?;
            let email = self.email.as_ref().map(|e| Value::Text(e.to_lowercase()));
            let targeted = condition.holds(&|a| match a {
                EmailAttribute::Value => email.clone(),
                EmailAttribute::Work => Some(Value::Text("work".into())),
            });
            if !targeted {
                return Ok(());
            }
        }
        let sub = sub.map(str::to_ascii_lowercase);
        self.email = match (kind, sub.as_deref(), value) {
            (OpKind::Remove, None | Some("value"), _) => None,
            (_, Some("value"), value) => patch::text("emails.value", value)?,
            // Its type, primary flag or display are not the address.
            (_, Some(_), _) => return Ok(()),
            (_, None, Some(Json::Array(values))) => {
                let emails: Vec<ScimEmail> = serde_json::from_value(Json::Array(values.clone()))
                    .map_err(|_| {
                        ScimProblem::InvalidValue("emails takes a list of {\"value\": …}".into())
                    })?;
                kept_email(&emails).or(self.email.take())
            }
            (_, None, Some(object @ Json::Object(_))) => {
                let email: ScimEmail = serde_json::from_value(object.clone()).map_err(|_| {
                    ScimProblem::InvalidValue("an e-mail takes {\"value\": …}".into())
                })?;
                kept_email(&[email]).or(self.email.take())
            }
            (_, None, _) => {
                return Err(ScimProblem::InvalidValue(
                    "emails takes a list of {\"value\": …}".into(),
                ));
            }
        };
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EmailAttribute {
    Value,
    /// Every kept e-mail is the work one, and primary.
    Work,
}

fn email_attribute(path: &AttrPath, _: Option<&AttrPath>) -> Option<Named<EmailAttribute>> {
    if path.is("value", None) {
        Some(Named::Attribute(
            EmailAttribute::Value,
            Kind::Text { case_exact: false },
        ))
    } else if path.is("type", None) {
        Some(Named::Attribute(
            EmailAttribute::Work,
            Kind::Text { case_exact: false },
        ))
    } else if path.is("primary", None) {
        Some(Named::Fixed {
            of: EmailAttribute::Work,
            value: Value::Bool(true),
        })
    } else {
        None
    }
}

/// The prefix of a badge ConfiTrek makes for a provisioned person whose employee number the
/// identity provider does not send: a badge is required and unique in the agency.
pub const PROVISIONAL_BADGE_PREFIX: &str = "SCIM-";

/// A provisional badge from 40 random bits.
pub fn provisional_badge(random: u64) -> String {
    format!("{PROVISIONAL_BADGE_PREFIX}{:010X}", random & 0xFF_FFFF_FFFF)
}

/// Whether a badge is one ConfiTrek made, not the identity provider's employee number.
pub fn is_provisional(badge: &str) -> bool {
    badge
        .strip_prefix(PROVISIONAL_BADGE_PREFIX)
        .is_some_and(|rest| rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The employee number to answer for a badge: none for a provisional one.
pub fn employee_number(badge: &str) -> Option<&str> {
    (!is_provisional(badge)).then_some(badge)
}

/// The person a provisioned user is, from `base` (the person as stored, or `None` for a new
/// one) with what SCIM speaks of changed: names, e-mail, badge, title, whether on duty.
/// `provisional_badge` is the badge of a new person whose employee number is not sent.
pub fn person_draft(
    user: &ProvisionedUser,
    base: Option<PersonDraft>,
    provisional_badge: &str,
) -> Result<PersonDraft, ScimProblem> {
    // A display name "Dana Lindqvist" names a person whose names were not sent one by one.
    let shown = user.display_name.as_deref().map(str::trim);
    let split = shown.and_then(|d| d.rsplit_once(' '));
    let first = user
        .given_name
        .clone()
        .or_else(|| split.map(|(given, _)| given.trim().to_owned()));
    let last = user
        .family_name
        .clone()
        .or_else(|| split.map(|(_, family)| family.trim().to_owned()));
    let (Some(first_name), Some(last_name)) = (first, last) else {
        return Err(ScimProblem::InvalidValue(
            "name.givenName and name.familyName are required: a person of the roster has both"
                .into(),
        ));
    };
    let mut draft = base.unwrap_or_else(|| PersonDraft {
        badge: provisional_badge.to_owned(),
        ..PersonDraft::active_officer()
    });
    draft.first_name = first_name;
    draft.last_name = last_name;
    draft.email = user.email.clone();
    draft.title = user.title.clone();
    if let Some(number) = &user.employee_number {
        draft.badge = number.clone();
    }
    draft.status = match (user.active, draft.status) {
        (true, _) => PersonStatus::Active,
        // A separated person stays separated: that is not on duty either.
        (false, PersonStatus::Active) => PersonStatus::Inactive,
        (false, status) => status,
    };
    Ok(draft)
}

/// The SCIM attribute a field of the person stands for, to name it in an error.
pub fn attribute_of(field: &str) -> &str {
    match field {
        "first_name" => "name.givenName",
        "last_name" => "name.familyName",
        "badge" => "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
        "email" => "emails",
        other => other,
    }
}

/// A person of the roster that a new SCIM user may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub person: uuid::Uuid,
    /// Already a provisioned user.
    pub provisioned: bool,
}

/// Whether a new SCIM user is a person already on the roster (the roster came first, from a
/// spreadsheet) or a new one: the person whose badge is the employee number, else the one
/// person with the e-mail. A person already provisioned is not taken again.
pub fn adoption(
    by_badge: Option<Candidate>,
    by_email: &[Candidate],
) -> Result<Option<uuid::Uuid>, ScimProblem> {
    match by_badge {
        Some(c) if c.provisioned => Err(ScimProblem::Uniqueness(
            "employeeNumber is already another provisioned user's badge".into(),
        )),
        Some(c) => Ok(Some(c.person)),
        None => {
            let free: Vec<&Candidate> = by_email.iter().filter(|c| !c.provisioned).collect();
            match free.as_slice() {
                [] => Ok(None),
                [one] => Ok(Some(one.person)),
                _ => Err(ScimProblem::Uniqueness(
                    "several people of the roster have this e-mail: give the user's employeeNumber (the badge) to say which".into(),
                )),
            }
        }
    }
}

/// What a user filter may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserAttribute {
    Id,
    UserName,
    ExternalId,
    Email,
    GivenName,
    FamilyName,
    Title,
    Active,
    EmployeeNumber,
    Created,
    LastModified,
}

/// What a path of a user filter names.
pub fn user_attribute(path: &AttrPath, within: Option<&AttrPath>) -> Option<Named<UserAttribute>> {
    use UserAttribute::*;
    let text = Kind::Text { case_exact: false };
    if let Some(within) = within {
        return within
            .is("emails", None)
            .then(|| email_named(path))
            .flatten();
    }
    if path.schema.is_some() && path.in_schema(ENTERPRISE_USER_SCHEMA) {
        return path
            .is("employeeNumber", None)
            .then_some(Named::Attribute(EmployeeNumber, text));
    }
    if !path.in_schema(USER_SCHEMA) {
        return None;
    }
    let attribute = |a, kind| Some(Named::Attribute(a, kind));
    match (path.name.to_ascii_lowercase().as_str(), path.sub.as_deref()) {
        ("id", None) => attribute(Id, Kind::Id),
        ("username", None) => attribute(UserName, text),
        ("externalid", None) => attribute(ExternalId, Kind::Text { case_exact: true }),
        ("title", None) => attribute(Title, text),
        ("active", None) => attribute(Active, Kind::Boolean),
        ("emails", sub) => {
            let sub = AttrPath {
                schema: None,
                name: sub.unwrap_or("value").to_owned(),
                sub: None,
            };
            email_named(&sub)
        }
        ("name", Some(sub)) if sub.eq_ignore_ascii_case("givenName") => attribute(GivenName, text),
        ("name", Some(sub)) if sub.eq_ignore_ascii_case("familyName") => {
            attribute(FamilyName, text)
        }
        ("meta", Some(sub)) if sub.eq_ignore_ascii_case("created") => {
            attribute(Created, Kind::DateTime)
        }
        ("meta", Some(sub)) if sub.eq_ignore_ascii_case("lastModified") => {
            attribute(LastModified, Kind::DateTime)
        }
        _ => None,
    }
}

fn email_named(path: &AttrPath) -> Option<Named<UserAttribute>> {
    if path.is("value", None) {
        Some(Named::Attribute(
            UserAttribute::Email,
            Kind::Text { case_exact: false },
        ))
    } else if path.is("type", None) {
        Some(Named::Fixed {
            of: UserAttribute::Email,
            value: Value::Text("work".into()),
        })
    } else if path.is("primary", None) {
        Some(Named::Fixed {
            of: UserAttribute::Email,
            value: Value::Bool(true),
        })
    } else {
        None
    }
}

/// A user filter, parsed and checked.
pub fn user_filter(text: &str) -> Result<Condition<UserAttribute>, ScimProblem> {
    filter::resolve(&filter::parse(text)?, &user_attribute)
}

#[cfg(test)]
#[path = "user_tests.rs"]
mod tests;
