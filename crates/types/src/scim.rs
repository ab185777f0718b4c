//! Provisioning from an agency's identity provider over SCIM 2.0 (RFC 7643, RFC 7644): the
//! resources `/scim/v2` speaks (users, groups, lists, patches, errors, discovery) as the
//! identity provider sends and reads them, and the admin's own view of SCIM tokens and pushed
//! groups under `/api/v1`.
//!
//! SCIM bodies are sent as `application/scim+json`; attribute names are SCIM's (camelCase),
//! not this API's snake_case. What ConfiTrek does not keep is accepted and ignored.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Role;

pub use confitrek_vocabulary::scim::*;

pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const SERVICE_PROVIDER_CONFIG_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
pub const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
pub const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
/// The media type of SCIM bodies (RFC 7644 §8.1).
pub const SCIM_MEDIA_TYPE: &str = "application/scim+json";

/// A refused SCIM request (RFC 7644 §3.12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimError {
    #[cfg_attr(feature = "openapi", schema(example = json!(["urn:ietf:params:scim:api:messages:2.0:Error"])))]
    pub schemas: Vec<String>,
    /// The HTTP status, as a string (as RFC 7644 writes it).
    #[cfg_attr(feature = "openapi", schema(example = "400"))]
    pub status: String,
    /// `invalidFilter`, `invalidValue`, `invalidPath`, `invalidSyntax`, `mutability`,
    /// `noTarget`, `tooMany` or `uniqueness`, where one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "invalidFilter"))]
    pub scim_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

macro_rules! scim_list {
    ($(#[doc = $doc:literal])* $name:ident of $item:ty) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            #[cfg_attr(feature = "openapi", schema(example = json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"])))]
            pub schemas: Vec<String>,
            /// How many match, on every page.
            pub total_results: u64,
            /// The 1-based index of the first resource of this page.
            pub start_index: u64,
            pub items_per_page: u64,
            #[serde(rename = "Resources")]
            pub resources: Vec<$item>,
        }

        impl $name {
            /// The page of `total_results` that starts at `start_index` and holds `resources`.
            pub fn page(resources: Vec<$item>, start_index: u64, total_results: u64) -> Self {
                $name {
                    schemas: vec![LIST_RESPONSE_SCHEMA.into()],
                    total_results,
                    start_index,
                    items_per_page: resources.len() as u64,
                    resources,
                }
            }

            /// All there are, on one page.
            pub fn all(resources: Vec<$item>) -> Self {
                let total = resources.len() as u64;
                Self::page(resources, 1, total)
            }
        }
    };
}

scim_list!(
    /// A page of users (`startIndex` 1-based, `count` at most 200).
    ScimUserList of ScimUser
);
scim_list!(
    /// A page of groups (`startIndex` 1-based, `count` at most 200).
    ScimGroupList of ScimGroup
);
scim_list!(
    /// The resource types: User and Group.
    ScimResourceTypeList of ScimResourceType
);
scim_list!(
    /// The schemas of the resources, with the attributes ConfiTrek keeps.
    ScimSchemaList of ScimSchema
);

/// Whether a feature of RFC 7644 is offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimSupported {
    pub supported: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimBulk {
    pub supported: bool,
    pub max_operations: u32,
    pub max_payload_size: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimFilterSupport {
    pub supported: bool,
    pub max_results: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimAuthenticationScheme {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub description: String,
    pub primary: bool,
}

/// What this SCIM service offers (RFC 7643 §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimServiceProviderConfig {
    pub schemas: Vec<String>,
    pub patch: ScimSupported,
    pub bulk: ScimBulk,
    pub filter: ScimFilterSupport,
    pub change_password: ScimSupported,
    pub sort: ScimSupported,
    pub etag: ScimSupported,
    pub authentication_schemes: Vec<ScimAuthenticationScheme>,
    pub meta: ScimMeta,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimSchemaExtension {
    pub schema: String,
    pub required: bool,
}

/// A resource type (RFC 7643 §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimResourceType {
    pub schemas: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(example = "User"))]
    pub id: String,
    pub name: String,
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(example = "/Users"))]
    pub endpoint: String,
    pub schema: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schema_extensions: Vec<ScimSchemaExtension>,
    pub meta: ScimMeta,
}

/// An attribute of a schema (RFC 7643 §7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScimAttribute {
    pub name: String,
    /// `string`, `boolean`, `complex`, `dateTime`, `reference`.
    #[serde(rename = "type")]
    pub kind: String,
    pub multi_valued: bool,
    pub description: String,
    pub required: bool,
    pub case_exact: bool,
    /// `readWrite`, `readOnly`, `immutable`, `writeOnly`.
    pub mutability: String,
    /// `always`, `default`, `never`, `request`.
    pub returned: String,
    /// `none`, `server`, `global`.
    pub uniqueness: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub sub_attributes: Vec<ScimAttribute>,
}

/// A schema (RFC 7643 §7), with the attributes ConfiTrek keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimSchema {
    pub schemas: Vec<String>,
    pub id: String,
    pub name: String,
    pub description: String,
    pub attributes: Vec<ScimAttribute>,
    pub meta: ScimMeta,
}

// ---------------------------------------------------------------- the admin's view (/api/v1)

/// A SCIM token of the agency. Its secret is shown once, when it is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimTokenDto {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "Entra ID provisioning"))]
    pub name: String,
    /// The login that made it; null once that login is gone.
    pub created_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// Null: it does not expire.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<OffsetDateTime>,
    /// Roughly (to the minute): when the identity provider last used it; null if never.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<OffsetDateTime>,
    /// Set once revoked: it is refused from then on.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub revoked_at: Option<OffsetDateTime>,
}

/// The body of `POST /scim-tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewScimToken {
    /// What it is for, e.g. the identity provider's name.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Entra ID provisioning", min_length = 1, max_length = 100)
    )]
    pub name: String,
    /// Days until it expires, 1 to 1095; omitted or null: it does not expire.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = 365, minimum = 1, maximum = 1095)
    )]
    pub expires_in_days: Option<u32>,
}

/// A new SCIM token with its secret: give the secret to the identity provider now, it is
/// not shown again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimTokenCreated {
    pub token: ScimTokenDto,
    /// Sent by the identity provider as `Authorization: Bearer <secret>`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "scim_3q2-7wEXAMPLEk1cR0fVt3e9l2m8n0p4q6s8u0w2y4A")
    )]
    pub secret: String,
}

/// A group the identity provider pushed, with what it maps to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScimGroupDto {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "Patrol Division"))]
    pub display_name: String,
    pub external_id: Option<String>,
    /// How many provisioned users are in it.
    pub members: u64,
    /// Its members' unit; null: membership sets no unit.
    #[cfg_attr(feature = "openapi", schema(example = "Patrol"))]
    pub unit: Option<String>,
    /// Its members' logins' role; null: membership sets no role.
    pub role: Option<Role>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

/// The body of `PUT /scim-groups/{id}/mapping`: what membership of the group gives. A person
/// in several mapped groups gets the highest of their roles, and the unit of the first of
/// them by name; leaving the last group that gave a unit or a role takes it back (the role
/// becomes officer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScimGroupMapping {
    /// A unit of the roster (a new name makes a new unit); null or omitted: none.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Patrol", max_length = 64))]
    pub unit: Option<String>,
    /// Any role but the platform operator's; null or omitted: none.
    #[serde(default)]
    pub role: Option<Role>,
}
