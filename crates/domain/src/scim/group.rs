//! A SCIM group as ConfiTrek keeps it: a name, the identity provider's id, and members
//! (provisioned users, by their ids). How members are added and removed follows Entra ID
//! (`add`/`remove` of `members` with a list of `{"value": id}`) and Okta (`remove` of
//! `members[value eq "id"]`, `replace` without a path of `displayName` and `members`).

use std::collections::BTreeSet;

use confitrek_vocabulary::scim::{GROUP_SCHEMA, ScimGroup, ScimMember};
use serde_json::Value as Json;

use super::filter::{self, AttrPath, Condition, Kind, Named, Value};
use super::patch::{self, OpKind, Patched, Target};
use super::{ScimProblem, identifier, optional_identifier};

/// The most member values one operation (or a POST or PUT) may name.
pub const MAX_MEMBERS_PER_REQUEST: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionedGroup {
    pub display_name: String,
    pub external_id: Option<String>,
    /// The members' `value`s: the ids of provisioned users, as lower-case text (the API
    /// checks that each is one of the agency's).
    pub members: BTreeSet<String>,
}

fn member_values(value: Option<&Json>) -> Result<Vec<String>, ScimProblem> {
    let list = match value {
        Some(Json::Array(list)) => list.clone(),
        Some(object @ Json::Object(_)) => vec![object.clone()],
        None | Some(Json::Null) => Vec::new(),
        Some(_) => {
            return Err(ScimProblem::InvalidValue(
                "members takes a list of {\"value\": id}".into(),
            ));
        }
    };
    if list.len() > MAX_MEMBERS_PER_REQUEST {
        return Err(ScimProblem::InvalidValue(format!(
            "at most {MAX_MEMBERS_PER_REQUEST} members may be named in one request"
        )));
    }
    let members: Vec<ScimMember> = serde_json::from_value(Json::Array(list))
        .map_err(|_| ScimProblem::InvalidValue("members takes a list of {\"value\": id}".into()))?;
    Ok(members
        .into_iter()
        .map(|m| m.value.trim().to_lowercase())
        .collect())
}

impl ProvisionedGroup {
    /// The group a POST or PUT sends.
    pub fn from_resource(resource: &ScimGroup) -> Result<Self, ScimProblem> {
        let members = resource.members.clone().unwrap_or_default();
        if resource.schemas.len() > super::MAX_SCHEMAS {
            return Err(ScimProblem::InvalidValue(format!(
                "a group names at most {} schemas",
                super::MAX_SCHEMAS
            )));
        }
        if members.len() > MAX_MEMBERS_PER_REQUEST {
            return Err(ScimProblem::InvalidValue(format!(
                "at most {MAX_MEMBERS_PER_REQUEST} members may be named in one request"
            )));
        }
        Ok(ProvisionedGroup {
            display_name: identifier("displayName", &resource.display_name)?,
            external_id: optional_identifier("externalId", resource.external_id.as_deref())?,
            members: members
                .into_iter()
                .map(|m| m.value.trim().to_lowercase())
                .collect(),
        })
    }
}

impl Patched for ProvisionedGroup {
    const SCHEMAS: &'static [&'static str] = &[GROUP_SCHEMA];

    fn check(&mut self) -> Result<(), ScimProblem> {
        self.display_name = identifier("displayName", &self.display_name)?;
        self.external_id = optional_identifier("externalId", self.external_id.as_deref())?;
        Ok(())
    }

    fn apply_at(
        &mut self,
        kind: OpKind,
        target: &Target,
        value: Option<&Json>,
    ) -> Result<(), ScimProblem> {
        let Target::Attribute { path, filter, sub } = target else {
            return match (kind, value) {
                (OpKind::Remove, _) => Err(ScimProblem::InvalidValue(
                    "the group's schema cannot be removed".into(),
                )),
                (_, Some(value)) => self.apply(&patch::spread(kind, value, &[])?),
                (_, None) => Ok(()),
            };
        };
        if !path.in_schema(GROUP_SCHEMA) {
            return Ok(());
        }
        let name = path.name.to_ascii_lowercase();
        match (name.as_str(), filter, sub) {
            ("displayname", None, None) => {
                self.display_name = match kind {
                    OpKind::Remove => None,
                    _ => patch::text("displayName", value)?,
                }
                .ok_or_else(|| {
                    ScimProblem::InvalidValue(
                        "displayName is required and cannot be removed".into(),
                    )
                })?;
            }
            ("externalid", None, None) => {
                self.external_id = match kind {
                    OpKind::Remove => None,
                    _ => patch::text("externalId", value)?,
                };
            }
            ("members", None, None) => {
                let values = member_values(value)?;
                match kind {
                    OpKind::Add => self.members.extend(values),
                    OpKind::Replace => self.members = values.into_iter().collect(),
                    // Without a value: every member goes.
                    OpKind::Remove if value.is_none() => self.members.clear(),
                    OpKind::Remove => {
                        for v in values {
                            self.members.remove(&v);
                        }
                    }
                }
            }
            ("members", Some(filter), None) => {
                if kind != OpKind::Remove {
                    return Err(ScimProblem::InvalidPath(
                        "members[...] is taken by remove only; add members with the path `members`"
                            .into(),
                    ));
                }
                let condition = filter::resolve(filter, &member_attribute)
                    .map_err(|e| ScimProblem::InvalidPath(e.to_string()))?;
                self.members.retain(|m| !holds(&condition, m));
            }
            ("members", _, Some(_)) => {
                return Err(ScimProblem::InvalidPath(
                    "a member is added or removed whole, not by its sub-attributes".into(),
                ));
            }
            // What ConfiTrek does not keep, or only it writes (id, meta): left alone.
            _ => {}
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MemberValue;

fn member_attribute(path: &AttrPath, _: Option<&AttrPath>) -> Option<Named<MemberValue>> {
    // Ids are UUIDs, which compare the same in any case.
    path.is("value", None).then_some(Named::Attribute(
        MemberValue,
        Kind::Text { case_exact: false },
    ))
}

fn holds(condition: &Condition<MemberValue>, member: &str) -> bool {
    condition.holds(&|_| Some(Value::Text(member.to_lowercase())))
}

/// What a group filter may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupAttribute {
    Id,
    DisplayName,
    ExternalId,
    /// A member's id (`members.value`, `members[value eq "…"]`).
    Member,
    Created,
    LastModified,
}

/// What a path of a group filter names.
pub fn group_attribute(
    path: &AttrPath,
    within: Option<&AttrPath>,
) -> Option<Named<GroupAttribute>> {
    use GroupAttribute::*;
    if let Some(within) = within {
        return (within.is("members", None) && path.is("value", None))
            .then_some(Named::Attribute(Member, Kind::Id));
    }
    if !path.in_schema(GROUP_SCHEMA) {
        return None;
    }
    let attribute = |a, kind| Some(Named::Attribute(a, kind));
    match (path.name.to_ascii_lowercase().as_str(), path.sub.as_deref()) {
        ("id", None) => attribute(Id, Kind::Id),
        ("displayname", None) => attribute(DisplayName, Kind::Text { case_exact: false }),
        ("externalid", None) => attribute(ExternalId, Kind::Text { case_exact: true }),
        ("members", None) => attribute(Member, Kind::Id),
        ("members", Some(sub)) if sub.eq_ignore_ascii_case("value") => attribute(Member, Kind::Id),
        ("meta", Some(sub)) if sub.eq_ignore_ascii_case("created") => {
            attribute(Created, Kind::DateTime)
        }
        ("meta", Some(sub)) if sub.eq_ignore_ascii_case("lastModified") => {
            attribute(LastModified, Kind::DateTime)
        }
        _ => None,
    }
}

/// A group filter, parsed and checked.
pub fn group_filter(text: &str) -> Result<Condition<GroupAttribute>, ScimProblem> {
    filter::resolve(&filter::parse(text)?, &group_attribute)
}

#[cfg(test)]
mod tests {
    use super::patch::Edit;
    use super::*;
    use confitrek_vocabulary::scim::ScimPatchRequest;
    use serde_json::json;

    const A: &str = "0190f0a2-0000-7000-8000-00000000000a";
    const B: &str = "0190f0a2-0000-7000-8000-00000000000b";
    const C: &str = "0190f0a2-0000-7000-8000-00000000000c";

    fn group() -> ProvisionedGroup {
        ProvisionedGroup::from_resource(
            &serde_json::from_value(json!({
                "schemas": [GROUP_SCHEMA],
                "displayName": " Patrol Division ",
                "externalId": "8f2e",
                "members": [{ "value": A }],
            }))
            .unwrap(),
        )
        .unwrap()
    }

    fn edit(ops: Json) -> Result<Edit<ProvisionedGroup>, ScimProblem> {
        let request: ScimPatchRequest =
            serde_json::from_value(json!({ "schemas": [], "Operations": ops })).unwrap();
        Ok(Edit::Patch(patch::operations(
            &request,
            ProvisionedGroup::SCHEMAS,
        )?))
    }

    fn patched(ops: Json) -> Result<ProvisionedGroup, ScimProblem> {
        edit(ops)?.apply(group())
    }

    fn members(group: &ProvisionedGroup) -> Vec<&str> {
        group.members.iter().map(String::as_str).collect()
    }

    #[test]
    fn members_come_and_go_as_entra_id_and_okta_send_them() {
        assert_eq!(group().display_name, "Patrol Division");
        let entra = patched(json!([
            { "op": "Add", "path": "members", "value": [{ "value": B }, { "value": C }] },
            { "op": "Remove", "path": "members", "value": [{ "value": A }] },
        ]))
        .unwrap();
        assert_eq!(members(&entra), [B, C]);
        let okta = patched(json!([
            { "op": "remove", "path": format!("members[value eq \"{}\"]", A.to_uppercase()) },
            { "op": "add", "path": "members", "value": [{ "value": B, "display": "b@x" }] },
            { "op": "replace", "value": { "id": "ignored", "displayName": "Patrol" } },
        ]))
        .unwrap();
        assert_eq!(members(&okta), [B]);
        assert_eq!(okta.display_name, "Patrol");
        let replaced = patched(json!([
            { "op": "replace", "path": "members", "value": [{ "value": C }] },
        ]))
        .unwrap();
        assert_eq!(members(&replaced), [C]);
        let emptied = patched(json!([{ "op": "remove", "path": "members" }])).unwrap();
        assert!(emptied.members.is_empty());
    }

    #[test]
    fn a_put_replaces_the_whole_group_and_a_patch_changes_the_stored_one() {
        let sent = ProvisionedGroup {
            display_name: "Traffic".into(),
            external_id: None,
            members: Default::default(),
        };
        let replace = Edit::Replace(sent.clone());
        assert_eq!(replace.verb(), "replace");
        assert_eq!(replace.apply(group()).unwrap(), sent);
        let patch = edit(json!([{ "op": "replace", "path": "displayName", "value": " Traffic " }]))
            .unwrap();
        assert_eq!(patch.verb(), "patch");
        let patched = patch.apply(group()).unwrap();
        assert_eq!(patched.display_name, "Traffic");
        assert_eq!(patched.external_id.as_deref(), Some("8f2e"));
        assert_eq!(members(&patched), [A]);
        // The identifiers are checked again after the operations.
        let blank = edit(json!([{ "op": "replace", "path": "displayName", "value": "  " }]));
        assert!(blank.unwrap().apply(group()).is_err());
    }

    #[test]
    fn group_filters_name_the_name_the_id_and_members() {
        use filter::CompareOp::Eq;
        let id = uuid::Uuid::parse_str(A).unwrap();
        assert_eq!(
            group_filter(r#"displayName eq "Patrol Division""#).unwrap(),
            Condition::Compare(
                GroupAttribute::DisplayName,
                Eq,
                Value::Text("patrol division".into())
            )
        );
        assert_eq!(
            group_filter(&format!("members[value eq \"{A}\"]")).unwrap(),
            Condition::Compare(GroupAttribute::Member, Eq, Value::Id(id))
        );
        assert!(group_filter(r#"members co "0190""#).is_err());
        assert!(group_filter(r#"userName eq "x""#).is_err());
    }

    #[test]
    fn group_patches_that_cannot_be_kept_are_refused() {
        let too_many: Vec<Json> = (0..=MAX_MEMBERS_PER_REQUEST)
            .map(|i| json!({ "value": i.to_string() }))
            .collect();
        // (operations, scimType, a sentence)
        let cases = [
            (
                json!([{ "op": "remove", "path": "displayName" }]),
                "invalidValue",
                "the name is required",
            ),
            (
                json!([{ "op": "add", "path": "members", "value": "x" }]),
                "invalidValue",
                "members are a list",
            ),
            (
                json!([{ "op": "add", "path": "members[value eq \"x\"]", "value": [] }]),
                "invalidPath",
                "a filter only removes",
            ),
            (
                json!([{ "op": "add", "path": "members", "value": too_many }]),
                "invalidValue",
                "too many members",
            ),
        ];
        for (ops, kind, why) in cases {
            assert_eq!(patched(ops).unwrap_err().scim_type(), kind, "{why}");
        }
    }
}
