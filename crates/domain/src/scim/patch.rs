//! PATCH (RFC 7644 §3.5.2) as identity providers send it: `op` in any case (Entra ID writes
//! `Replace`, Okta `replace`); a `path` naming an attribute (`active`), a sub-attribute
//! (`name.givenName`), a value of a multi-valued attribute (`emails[type eq "work"].value`,
//! `members[value eq "…"]`) or a whole extension (`urn:…:enterprise:2.0:User`); or no path,
//! with an object whose keys are such paths. [`user`](super::user) and
//! [`group`](super::group) apply the operations.

use confitrek_vocabulary::scim::{PATCH_OP_SCHEMA, ScimPatchRequest};
use serde_json::Value as Json;

use super::ScimProblem;
use super::filter::{self, AttrPath, Filter, is_name};

/// The longest path of an operation.
pub const MAX_PATH: usize = 1024;

/// The most operations one PATCH may hold.
pub const MAX_OPERATIONS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Add,
    Replace,
    Remove,
}

/// Where an operation applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every attribute of an extension schema, named by its URN.
    Schema(String),
    /// An attribute (`path` holds no sub-attribute: that is `sub`), perhaps narrowed to the
    /// values of a multi-valued attribute that `filter` matches.
    Attribute {
        path: AttrPath,
        filter: Option<Filter>,
        sub: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub kind: OpKind,
    pub target: Option<Target>,
    pub value: Option<Json>,
}

/// A resource a PATCH changes, one operation after another: an operation with a path
/// changes what the path names; one without a path is spread into an operation per key of
/// its value. What the operations leave is checked again at the end.
pub trait Patched {
    /// The schemas whose URNs may stand for their attributes in a PATCH of this resource.
    const SCHEMAS: &'static [&'static str];

    /// Applies one operation with a path.
    fn apply_at(
        &mut self,
        kind: OpKind,
        target: &Target,
        value: Option<&Json>,
    ) -> Result<(), ScimProblem>;

    /// Checks and normalises the identifiers the operations may have changed.
    fn check(&mut self) -> Result<(), ScimProblem>;

    /// Applies a PATCH's operations in order.
    fn apply(&mut self, operations: &[Operation]) -> Result<(), ScimProblem> {
        for op in operations {
            match (&op.target, &op.value) {
                (Some(target), value) => self.apply_at(op.kind, target, value.as_ref())?,
                (None, Some(value)) => self.apply(&spread(op.kind, value, Self::SCHEMAS)?)?,
                (None, None) => {
                    return Err(ScimProblem::NoTarget("an operation needs a path".into()));
                }
            }
        }
        self.check()
    }

    /// The resource after a PATCH's operations.
    fn patched(mut self, operations: &[Operation]) -> Result<Self, ScimProblem>
    where
        Self: Sized,
    {
        self.apply(operations)?;
        Ok(self)
    }
}

/// What a PUT or a PATCH asks of a stored resource: to become the one sent, or to change by
/// operations.
pub enum Edit<P> {
    Replace(P),
    Patch(Vec<Operation>),
}

impl<P: Patched> Edit<P> {
    /// The word the audit log records the edit by.
    pub fn verb(&self) -> &'static str {
        match self {
            Edit::Replace(_) => "replace",
            Edit::Patch(_) => "patch",
        }
    }

    /// The resource after the edit of `current`.
    pub fn apply(self, current: P) -> Result<P, ScimProblem> {
        match self {
            Edit::Replace(wanted) => Ok(wanted),
            Edit::Patch(operations) => current.patched(&operations),
        }
    }
}

fn invalid_path(text: &str) -> ScimProblem {
    ScimProblem::InvalidPath(format!("`{text}` is not an attribute path"))
}

/// Reads a path; `schemas` are the extension URNs that may stand for their attributes.
pub fn target(text: &str, schemas: &[&str]) -> Result<Target, ScimProblem> {
    let text = text.trim();
    if text.chars().count() > MAX_PATH {
        return Err(ScimProblem::InvalidPath(format!(
            "a path is at most {MAX_PATH} characters"
        )));
    }
    if let Some(schema) = schemas.iter().find(|s| s.eq_ignore_ascii_case(text)) {
        return Ok(Target::Schema((*schema).to_owned()));
    }
    let (head, filter, trailing) = match text.find('[') {
        Some(open) => {
            let close = text
                .rfind(']')
                .filter(|close| *close > open)
                .ok_or_else(|| invalid_path(text))?;
            let filter = filter::parse(&text[open + 1..close])
                .map_err(|e| ScimProblem::InvalidPath(format!("the filter of `{text}` {e}")))?;
            let rest = &text[close + 1..];
            let sub = match rest {
                "" => None,
                _ => Some(
                    rest.strip_prefix('.')
                        .filter(|s| is_name(s))
                        .ok_or_else(|| invalid_path(text))?,
                ),
            };
            (&text[..open], Some(filter), sub)
        }
        None => (text, None, None),
    };
    let mut path = AttrPath::parse(head).ok_or_else(|| invalid_path(text))?;
    if filter.is_some() && path.sub.is_some() {
        return Err(invalid_path(text));
    }
    let sub = trailing.map(str::to_owned).or_else(|| path.sub.take());
    Ok(Target::Attribute { path, filter, sub })
}

/// The operations of a PATCH body, checked for their shape.
pub fn operations(
    request: &ScimPatchRequest,
    schemas: &[&str],
) -> Result<Vec<Operation>, ScimProblem> {
    if !request.schemas.is_empty()
        && !request
            .schemas
            .iter()
            .any(|s| s.eq_ignore_ascii_case(PATCH_OP_SCHEMA))
    {
        return Err(ScimProblem::InvalidSyntax(format!(
            "schemas must name {PATCH_OP_SCHEMA}"
        )));
    }
    if request.schemas.len() > super::MAX_SCHEMAS {
        return Err(ScimProblem::InvalidValue(format!(
            "schemas may name at most {} URNs",
            super::MAX_SCHEMAS
        )));
    }
    if request.operations.is_empty() {
        return Err(ScimProblem::InvalidValue(
            "Operations must hold at least one operation".into(),
        ));
    }
    if request.operations.len() > MAX_OPERATIONS {
        return Err(ScimProblem::InvalidValue(format!(
            "Operations may hold at most {MAX_OPERATIONS} operations"
        )));
    }
    request
        .operations
        .iter()
        .map(|op| {
            let kind = match op.op.to_ascii_lowercase().as_str() {
                "add" => OpKind::Add,
                "replace" => OpKind::Replace,
                "remove" => OpKind::Remove,
                _ => {
                    return Err(ScimProblem::InvalidSyntax(format!(
                        "`{}` is not an operation: use add, replace or remove",
                        op.op.chars().take(32).collect::<String>()
                    )));
                }
            };
            let target = op
                .path
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(|p| target(p, schemas))
                .transpose()?;
            match (&target, kind, &op.value) {
                (None, OpKind::Remove, _) => Err(ScimProblem::NoTarget(
                    "remove needs a path: what to remove".into(),
                )),
                (None, _, Some(Json::Object(_))) => Ok(()),
                (None, _, _) => Err(ScimProblem::InvalidValue(
                    "an operation without a path takes an object of attributes as its value".into(),
                )),
                (Some(_), OpKind::Add | OpKind::Replace, None | Some(Json::Null)) => Err(
                    ScimProblem::InvalidValue(format!("{:?} needs a value", kind).to_lowercase()),
                ),
                _ => Ok(()),
            }?;
            Ok(Operation {
                kind,
                target,
                value: op.value.clone(),
            })
        })
        .collect()
}

/// The paths and values of an operation without a path (`{"active": false,
/// "name.givenName": "Dana"}`), each as an operation of its own.
pub fn spread(kind: OpKind, value: &Json, schemas: &[&str]) -> Result<Vec<Operation>, ScimProblem> {
    let Json::Object(fields) = value else {
        return Err(ScimProblem::InvalidValue(
            "an operation without a path takes an object of attributes as its value".into(),
        ));
    };
    fields
        .iter()
        .map(|(key, value)| {
            Ok(Operation {
                kind,
                target: Some(target(key, schemas)?),
                value: Some(value.clone()),
            })
        })
        .collect()
}

/// Text as an attribute's value: a string (a number is read as its digits); blank or null
/// is no value.
pub fn text(attribute: &str, value: Option<&Json>) -> Result<Option<String>, ScimProblem> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        Some(Json::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(ScimProblem::InvalidValue(format!(
            "{attribute} takes a string"
        ))),
    }
}

/// A boolean as an attribute's value: `true`, or the string `"True"` (Entra ID sends it so).
pub fn boolean(attribute: &str, value: Option<&Json>) -> Result<bool, ScimProblem> {
    match value {
        Some(Json::Bool(b)) => Ok(*b),
        Some(Json::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(Json::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimProblem::InvalidValue(format!(
            "{attribute} takes true or false"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use confitrek_vocabulary::scim::{ENTERPRISE_USER_SCHEMA, ScimPatchOperation};
    use serde_json::json;

    fn request(ops: Json) -> ScimPatchRequest {
        serde_json::from_value(json!({ "schemas": [PATCH_OP_SCHEMA], "Operations": ops })).unwrap()
    }

    #[test]
    fn paths_read_as_attributes_values_and_schemas() {
        let schemas = [ENTERPRISE_USER_SCHEMA];
        let attribute = |t: &str| match target(t, &schemas).unwrap() {
            Target::Attribute { path, filter, sub } => (path.name, filter.is_some(), sub),
            Target::Schema(s) => (s, false, None),
        };
        assert_eq!(attribute("active"), ("active".into(), false, None));
        assert_eq!(
            attribute("name.givenName"),
            ("name".into(), false, Some("givenName".into()))
        );
        assert_eq!(
            attribute(r#"emails[type eq "work"].value"#),
            ("emails".into(), true, Some("value".into()))
        );
        assert_eq!(
            attribute(r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#),
            ("members".into(), true, None)
        );
        assert_eq!(
            attribute("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"),
            ("employeeNumber".into(), false, None)
        );
        assert_eq!(
            target(
                "URN:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                &schemas
            )
            .unwrap(),
            Target::Schema(ENTERPRISE_USER_SCHEMA.into())
        );
        for bad in [
            "emails[type eq",
            "name..x",
            "emails[type eq \"work\"]value",
            "a b",
        ] {
            assert_eq!(
                target(bad, &schemas).unwrap_err().scim_type(),
                "invalidPath",
                "{bad}"
            );
        }
    }

    #[test]
    fn operations_are_checked_for_their_shape() {
        let ok = request(json!([
            { "op": "Replace", "path": "active", "value": "False" },
            { "op": "replace", "value": { "active": false } },
            { "op": "remove", "path": "title" },
        ]));
        let ops = operations(&ok, &[]).unwrap();
        assert_eq!(
            ops.iter().map(|o| o.kind).collect::<Vec<_>>(),
            [OpKind::Replace, OpKind::Replace, OpKind::Remove]
        );
        // (operations, scimType, a sentence)
        let refused = [
            (json!([]), "invalidValue", "no operation"),
            (
                json!([{ "op": "move", "path": "a" }]),
                "invalidSyntax",
                "an unknown op",
            ),
            (
                json!([{ "op": "remove" }]),
                "noTarget",
                "remove without a path",
            ),
            (
                json!([{ "op": "add", "value": 3 }]),
                "invalidValue",
                "no path and no object",
            ),
            (
                json!([{ "op": "add", "path": "title" }]),
                "invalidValue",
                "add without a value",
            ),
        ];
        for (ops, kind, why) in refused {
            assert_eq!(
                operations(&request(ops), &[]).unwrap_err().scim_type(),
                kind,
                "{why}"
            );
        }
        let too_many = ScimPatchRequest {
            schemas: vec![],
            operations: vec![
                ScimPatchOperation {
                    op: "remove".into(),
                    path: Some("title".into()),
                    value: None,
                };
                MAX_OPERATIONS + 1
            ],
        };
        assert!(operations(&too_many, &[]).is_err());
        let wrong_schema = ScimPatchRequest {
            schemas: vec!["urn:other".into()],
            ..too_many
        };
        assert_eq!(
            operations(&wrong_schema, &[]).unwrap_err().scim_type(),
            "invalidSyntax"
        );
    }

    #[test]
    fn values_are_read_leniently_where_providers_differ() {
        assert_eq!(
            text("title", Some(&json!(" Sgt "))).unwrap(),
            Some("Sgt".into())
        );
        assert_eq!(text("title", Some(&json!(""))).unwrap(), None);
        assert_eq!(
            text("employeeNumber", Some(&json!(4711))).unwrap(),
            Some("4711".into())
        );
        assert!(text("title", Some(&json!(["x"]))).is_err());
        assert!(!boolean("active", Some(&json!("False"))).unwrap());
        assert!(boolean("active", Some(&json!(true))).unwrap());
        assert!(boolean("active", Some(&json!("no"))).is_err());
    }
}
