//! SCIM 2.0 resources as RFC 7643 defines them and identity providers send them (users,
//! groups, patches). SCIM's attribute names (camelCase), not this API's snake_case.

use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A boolean as identity providers send it: `true`, or the string `"True"` (Entra ID did).
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Bool(bool),
        Text(String),
    }
    match Option::<Either>::deserialize(d)? {
        None => Ok(None),
        Some(Either::Bool(b)) => Ok(Some(b)),
        Some(Either::Text(t)) if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Either::Text(t)) if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(Either::Text(_)) => Err(serde::de::Error::custom("must be true or false")),
    }
}

/// A string that some identity providers send as a number (an employee number).
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<Either>::deserialize(d)?.map(|v| match v {
        Either::Text(t) => t,
        Either::Number(n) => n.to_string(),
    }))
}

/// Where a resource is and when it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimMeta {
    #[cfg_attr(feature = "openapi", schema(example = "User"))]
    pub resource_type: String,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub created: Option<OffsetDateTime>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_modified: Option<OffsetDateTime>,
    /// The resource's own URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A user's name. ConfiTrek keeps the given and family names (a person of the roster has
/// both); `formatted` is answered, and read only when one of them is missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimName {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "Dana", max_length = 100))]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "Lindqvist", max_length = 100))]
    pub family_name: Option<String>,
    /// Read (at most 256 characters) only when a name part is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub formatted: Option<String>,
}

/// An e-mail address. ConfiTrek keeps one: the primary one, else the `work` one, else the
/// first. It is the person's address and the login's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimEmail {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "dana.lindqvist@agency.example", max_length = 254)
    )]
    pub value: String,
    /// Read to pick the kept address; answered as `work`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "work"))]
    pub kind: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub primary: Option<bool>,
}

/// The enterprise extension (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`):
/// its employee number is the person's badge or employee number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimEnterpriseUser {
    #[serde(
        default,
        deserialize_with = "lenient_string",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(example = "B-112", max_length = 32))]
    pub employee_number: Option<String>,
}

/// A SCIM User: a person of the agency's roster with a login found or made by e-mail. The
/// login has no password: its owner signs in through the agency's identity provider, or by
/// a link to set a password that an admin sends. `id` is the person's id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimUser {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]), max_items = 8))]
    pub schemas: Vec<String>,
    /// Given by ConfiTrek; ignored in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The identity provider's own id of the user (case-exact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub external_id: Option<String>,
    /// Unique in the agency, compared without regard to case.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "dana.lindqvist@agency.example",
            min_length = 1,
            max_length = 256
        )
    )]
    pub user_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<ScimName>,
    /// Answered as the given and family names; read only when one of them is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Patrol Officer", max_length = 100)
    )]
    pub title: Option<String>,
    /// False takes the person off duty (inactive) and switches the login off, ending its
    /// sessions; true brings both back. Omitted in a request: true.
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 16))]
    pub emails: Vec<ScimEmail>,
    #[serde(
        rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enterprise: Option<ScimEnterpriseUser>,
    /// Answered by ConfiTrek; ignored in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ScimMeta>,
}

/// A member of a group: a user provisioned in the agency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimMember {
    /// The user's `id`.
    pub value: String,
    /// Ignored in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// `User`; ignored in a request.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "User"))]
    pub kind: Option<String>,
}

/// A SCIM Group. An agency admin maps each group to a unit and/or a role of ConfiTrek; its
/// members then get that unit and their logins that role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimGroup {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["urn:ietf:params:scim:schemas:core:2.0:Group"]), max_items = 8))]
    pub schemas: Vec<String>,
    /// Given by ConfiTrek; ignored in a request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub external_id: Option<String>,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Patrol Division", min_length = 1, max_length = 256)
    )]
    pub display_name: String,
    /// Left out of an answer when `excludedAttributes=members` asks so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub members: Option<Vec<ScimMember>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ScimMeta>,
}

/// One change of a PATCH (RFC 7644 §3.5.2), as Entra ID and Okta send them: `op` in any
/// case; without `path`, `value` is an object of attributes (paths) and their values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimPatchOperation {
    /// `add`, `replace` or `remove`.
    #[cfg_attr(feature = "openapi", schema(example = "replace", max_length = 16))]
    pub op: String,
    /// An attribute path, e.g. `active`, `name.givenName`,
    /// `emails[type eq "work"].value`, `members[value eq "…"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "active", max_length = 1024))]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
}

/// The body of a PATCH.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimPatchRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]), max_items = 8))]
    pub schemas: Vec<String>,
    /// At most 100 operations, and at most 1000 group members in all.
    #[serde(rename = "Operations")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 100))]
    pub operations: Vec<ScimPatchOperation>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_providers_booleans_and_numbers_are_read() {
        let user: ScimUser = serde_json::from_value(serde_json::json!({
            "userName": "a@b.example",
            "active": "False",
            "emails": [{ "value": "a@b.example", "primary": "true" }],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": 4711 },
            "phoneNumbers": [{ "value": "555" }],
        }))
        .unwrap();
        assert_eq!(user.active, Some(false));
        assert_eq!(user.emails[0].primary, Some(true));
        assert_eq!(
            user.enterprise.unwrap().employee_number.as_deref(),
            Some("4711")
        );
    }
}
