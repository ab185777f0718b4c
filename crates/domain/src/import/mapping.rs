//! Which column holds which field: suggested from the headers people write, confirmed or
//! changed by the user, then checked once for the whole file.

use std::collections::BTreeMap;

use super::{ColumnMapping, ImportField, ImportKind, ImportMapping, MatchRule, RowError};

/// A topic the file may name: its code and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicName {
    pub code: String,
    pub title: String,
}

/// The fields a file of `kind` may hold.
pub fn fields_of(kind: ImportKind) -> &'static [ImportField] {
    kind.fields()
}

/// The headers people write for a field, normalized (see [`normalize`]).
fn names(field: ImportField) -> &'static [&'static str] {
    use ImportField as F;
    match field {
        F::LastName => &["lastname", "last", "surname", "familyname", "lname"],
        F::FirstName => &["firstname", "first", "givenname", "fname", "forename"],
        F::Badge => &[
            "badge",
            "badgeno",
            "badgenumber",
            "badgeid",
            "employeeid",
            "employeeno",
            "employeenumber",
            "empid",
            "id",
        ],
        F::Email => &["email", "emailaddress", "mail"],
        F::Unit => &[
            "unit",
            "division",
            "assignment",
            "shift",
            "squad",
            "department",
        ],
        F::Rank => &["rank", "title", "jobtitle", "position"],
        F::Kind => &["kind", "sworn", "swornorcivilian", "type", "employeetype"],
        F::Status => &["status", "employmentstatus", "active"],
        F::RoleFlags => &["roles", "roleflags", "flags"],
        F::HireDate => &["hiredate", "hired", "dateofhire", "datehired", "startdate"],
        F::CertifiedOn => &[
            "certifiedon",
            "certified",
            "certificationdate",
            "datecertified",
            "licensedate",
            "licenseddate",
        ],
        F::LicenseNumber => &[
            "licensenumber",
            "licenseno",
            "license",
            "licence",
            "licencenumber",
            "postnumber",
            "postid",
            "postlicense",
            "postlicensenumber",
            "certificationnumber",
            "peacnumber",
        ],
        F::LicenseCycleStart => &["licensecyclestart", "cyclestart", "licensestart"],
        F::LicenseCycleEnd => &[
            "licensecycleend",
            "cycleend",
            "licenseend",
            "licenseexpires",
            "licenseexpiration",
        ],
        F::HistoryFrom => &["historyfrom", "recordsfrom", "recordscompletefrom"],
        F::CompletedOn => &[
            "completedon",
            "datecompleted",
            "completiondate",
            "completed",
            "date",
            "trainingdate",
            "dateoftraining",
            "classdate",
            "coursedate",
        ],
        F::CourseTitle => &[
            "coursetitle",
            "course",
            "coursename",
            "training",
            "trainingtitle",
            "class",
            "classname",
            "title",
            "description",
        ],
        F::CourseNumber => &[
            "coursenumber",
            "postcoursenumber",
            "courseno",
            "postcourse",
            "postcourseid",
            "courseid",
            "postnumber",
        ],
        F::Topic => &["topic", "category", "subject", "topiccode"],
        F::Hours => &[
            "hours",
            "hrs",
            "hr",
            "credithours",
            "totalhours",
            "contacthours",
            "ceh",
        ],
        F::Events => &["events", "event", "qualification", "qualifications"],
        F::Verification => &["verification", "verified", "status"],
        F::CredentialType => &[
            "credentialtype",
            "credential",
            "certification",
            "certificationtype",
            "cert",
            "type",
        ],
        F::IssuedOn => &[
            "issuedon",
            "issued",
            "issuedate",
            "dateissued",
            "awarded",
            "awardedon",
            "dateawarded",
        ],
        F::ExpiresOn => &[
            "expireson",
            "expires",
            "expiration",
            "expirationdate",
            "expiry",
            "expirydate",
            "validuntil",
        ],
        F::Note => &["note", "notes", "comment", "comments", "remarks"],
        F::Policy => &[
            "policy",
            "policycode",
            "policynumber",
            "policytitle",
            "policyname",
            "directive",
        ],
        F::PolicyVersion => &["policyversion", "version", "revision", "rev"],
        F::AcknowledgedOn => &[
            "acknowledgedon",
            "acknowledged",
            "dateacknowledged",
            "acknowledgementdate",
            "signed",
            "signedon",
            "datesigned",
            "date",
        ],
        F::Provider => &[
            "provider",
            "trainingprovider",
            "vendor",
            "academy",
            "presenter",
        ],
        F::Delivery => &["delivery", "deliverymethod", "format", "method"],
        F::Cost => &["cost", "costusd", "price", "tuition", "fee"],
    }
}

/// A header reduced to what tells it apart: lower-case letters and digits, without "#",
/// "(hrs)", dots or spaces, with British "licence" read as "license".
pub fn normalize(header: &str) -> String {
    let flat: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    flat.replace("licence", "license")
}

/// A topic header without its unit: "Crisis Intervention (hrs)" is "crisisintervention".
fn topic_header(header: &str) -> String {
    let name = normalize(header);
    for unit in ["hours", "hrs", "hr"] {
        if let Some(stem) = name.strip_suffix(unit)
            && !stem.is_empty()
        {
            return stem.to_owned();
        }
    }
    name
}

/// The topic a header or a cell names, by code or title.
pub(super) fn topic_named<'a>(name: &str, topics: &'a [TopicName]) -> Option<&'a TopicName> {
    let wanted = topic_header(name);
    topics
        .iter()
        .find(|t| normalize(&t.code) == wanted || normalize(&t.title) == wanted)
}

/// The mapping suggested for `headers`: each header that names a field of `kind` (the first
/// column wins a field), and in a training file each header that names a topic.
pub fn suggest(kind: ImportKind, headers: &[String], topics: &[TopicName]) -> ImportMapping {
    let allowed = fields_of(kind);
    let mut taken: Vec<ImportField> = Vec::new();
    let columns = headers
        .iter()
        .map(|header| {
            let name = normalize(header);
            let field = allowed
                .iter()
                .copied()
                .find(|f| !taken.contains(f) && names(*f).contains(&name.as_str()));
            if let Some(f) = field {
                taken.push(f);
            }
            let topic = match field {
                None if kind.has_topic_columns() => {
                    topic_named(header, topics).map(|t| t.code.clone())
                }
                _ => None,
            };
            ColumnMapping {
                column: header.clone(),
                field,
                topic,
            }
        })
        .collect();
    let hours_topic = topics
        .iter()
        .find(|t| t.code == "general")
        .map(|t| t.code.clone());
    ImportMapping {
        columns,
        topics: Vec::new(),
        hours_topic,
    }
}

/// A mapping checked against the file: where each field is, and which columns hold hours
/// of which topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub kind: ImportKind,
    pub headers: Vec<String>,
    fields: BTreeMap<ImportField, usize>,
    /// `(column, topic code)` for each column of one topic's hours.
    pub topic_columns: Vec<(usize, String)>,
    /// A topic name of the file's `topic` column and its code.
    pub topic_names: BTreeMap<String, String>,
    pub hours_topic: Option<String>,
}

fn file_error(reason: impl Into<String>) -> RowError {
    RowError {
        row: 0,
        column: None,
        value: None,
        reason: reason.into(),
    }
}

impl Columns {
    /// Checks `mapping` for `headers`: it names each column once, in order; a field at most
    /// once and only a field of the kind; topics the agency knows; and the fields a row
    /// needs. Every problem is a file-level error (row 0).
    pub fn resolve(
        kind: ImportKind,
        headers: &[String],
        mapping: &ImportMapping,
        topics: &[TopicName],
    ) -> Result<Self, Vec<RowError>> {
        use ImportField as F;
        let mut errors = Vec::new();
        let known = |code: &str| topics.iter().any(|t| t.code == code);
        if mapping.columns.len() != headers.len()
            || mapping
                .columns
                .iter()
                .zip(headers)
                .any(|(m, h)| &m.column != h)
        {
            errors.push(file_error(
                "the mapping must name every column of the file once, in the file's order",
            ));
            return Err(errors);
        }
        let mut fields = BTreeMap::new();
        let mut topic_columns = Vec::new();
        for (i, m) in mapping.columns.iter().enumerate() {
            match (m.field, &m.topic) {
                (Some(_), Some(_)) => errors.push(RowError {
                    column: Some(m.column.clone()),
                    ..file_error("map a column to a field or to a topic, not both")
                }),
                (Some(f), None) if !fields_of(kind).contains(&f) => errors.push(RowError {
                    column: Some(m.column.clone()),
                    ..file_error(format!(
                        "{} is not a field of a {} file",
                        f.as_str(),
                        kind.as_str()
                    ))
                }),
                (Some(f), None) => {
                    if fields.insert(f, i).is_some() {
                        errors.push(RowError {
                            column: Some(m.column.clone()),
                            ..file_error(format!("{} is mapped to two columns", f.as_str()))
                        });
                    }
                }
                (None, Some(_)) if !kind.has_topic_columns() => errors.push(RowError {
                    column: Some(m.column.clone()),
                    ..file_error("only a training history or a course catalog has topic columns")
                }),
                (None, Some(code)) if !known(code) => errors.push(RowError {
                    column: Some(m.column.clone()),
                    ..file_error(format!("{code:?} is not a topic of this agency"))
                }),
                (None, Some(code)) => topic_columns.push((i, code.clone())),
                (None, None) => {}
            }
        }
        let mut topic_names = BTreeMap::new();
        for t in &mapping.topics {
            match &t.topic {
                Some(code) if !known(code) => errors.push(file_error(format!(
                    "{code:?}, given for the topic name {:?}, is not a topic of this agency",
                    t.name
                ))),
                Some(code) => {
                    topic_names.insert(normalize(&t.name), code.clone());
                }
                None => {}
            }
        }
        if let Some(code) = &mapping.hours_topic
            && !known(code)
        {
            errors.push(file_error(format!(
                "{code:?}, the topic of hours without one, is not a topic of this agency"
            )));
        }
        let has = |f: F| fields.contains_key(&f);
        let names_person = has(F::Badge) || has(F::LicenseNumber) || has(F::Email);
        let required: &[(bool, &str)] = match kind {
            ImportKind::People => &[
                (has(F::LastName), "a column must hold the last name"),
                (has(F::FirstName), "a column must hold the first name"),
                (has(F::Badge), "a column must hold the badge or employee ID"),
            ],
            ImportKind::Training => &[
                (
                    names_person,
                    "a column must name the person: badge, licence number or email",
                ),
                (has(F::CompletedOn), "a column must hold the date completed"),
                (
                    has(F::CourseTitle) || has(F::CourseNumber),
                    "a column must hold the course title or its POST course number",
                ),
                (
                    has(F::Hours) || !topic_columns.is_empty() || has(F::Events),
                    "a column must hold hours (one per topic, or hours with a topic column) or events",
                ),
            ],
            ImportKind::Credentials => &[
                (
                    names_person,
                    "a column must name the person: badge, licence number or email",
                ),
                (
                    has(F::CredentialType),
                    "a column must hold the credential type",
                ),
                (has(F::IssuedOn), "a column must hold the issue date"),
            ],
            ImportKind::Acknowledgements => &[
                (
                    names_person,
                    "a column must name the person: badge, licence number or email",
                ),
                (has(F::Policy), "a column must hold the policy"),
                (
                    has(F::AcknowledgedOn),
                    "a column must hold the date acknowledged",
                ),
            ],
            ImportKind::Courses => &[(has(F::CourseTitle), "a column must hold the course title")],
        };
        errors.extend(
            required
                .iter()
                .filter(|(ok, _)| !ok)
                .map(|(_, why)| file_error(*why)),
        );
        if kind.has_topic_columns()
            && has(F::Hours)
            && !has(F::Topic)
            && mapping.hours_topic.is_none()
        {
            errors.push(file_error(
                "say which topic the hours count toward: map a topic column or choose the topic of hours without one",
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                kind,
                headers: headers.to_vec(),
                fields,
                topic_columns,
                topic_names,
                hours_topic: mapping.hours_topic.clone(),
            })
        } else {
            Err(errors)
        }
    }

    /// The column of `field`, if the file has one.
    pub fn of(&self, field: ImportField) -> Option<usize> {
        self.fields.get(&field).copied()
    }

    /// The non-blank cell of `field` in `row`.
    pub fn cell<'r>(&self, row: &'r [String], field: ImportField) -> Option<&'r str> {
        self.of(field)
            .and_then(|i| row.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// How people are matched: by the first of badge, licence number and email the file has.
    pub fn match_rule(&self) -> Option<MatchRule> {
        [
            (ImportField::Badge, MatchRule::Badge),
            (ImportField::LicenseNumber, MatchRule::LicenseNumber),
            (ImportField::Email, MatchRule::Email),
        ]
        .into_iter()
        .find(|(f, _)| self.of(*f).is_some())
        .map(|(_, rule)| rule)
    }

    /// The header of the column of `field`.
    pub fn header(&self, field: ImportField) -> Option<String> {
        self.of(field).map(|i| self.headers[i].clone())
    }
}
