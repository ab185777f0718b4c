//! What the SCIM service offers (RFC 7644 §4): its configuration, its resource types, and
//! their schemas with the attributes ConfiTrek keeps. Asked with the SCIM token, like the
//! rest of `/scim/v2`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use confitrek_domain::scim::MAX_PAGE;
use confitrek_types::scim::{
    ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, RESOURCE_TYPE_SCHEMA, SCHEMA_SCHEMA,
    SERVICE_PROVIDER_CONFIG_SCHEMA, ScimAttribute, ScimAuthenticationScheme, ScimBulk,
    ScimFilterSupport, ScimMeta, ScimResourceType, ScimResourceTypeList, ScimSchema,
    ScimSchemaExtension, ScimSchemaList, ScimServiceProviderConfig, ScimSupported, USER_SCHEMA,
};

use super::auth::ScimClient;
use super::http::{ScimError, ScimResult, scim_response};

fn meta(kind: &str, location: String) -> ScimMeta {
    ScimMeta {
        resource_type: kind.into(),
        created: None,
        last_modified: None,
        location: Some(location),
    }
}

/// The service's configuration, its URL under `base`.
fn service_provider_config(base: &str) -> ScimServiceProviderConfig {
    ScimServiceProviderConfig {
        schemas: vec![SERVICE_PROVIDER_CONFIG_SCHEMA.into()],
        patch: ScimSupported { supported: true },
        bulk: ScimBulk {
            supported: false,
            max_operations: 0,
            max_payload_size: 0,
        },
        filter: ScimFilterSupport {
            supported: true,
            max_results: MAX_PAGE as u32,
        },
        change_password: ScimSupported { supported: false },
        sort: ScimSupported { supported: false },
        etag: ScimSupported { supported: false },
        authentication_schemes: vec![ScimAuthenticationScheme {
            kind: "oauthbearertoken".into(),
            name: "SCIM token".into(),
            description: "A token an agency admin makes in ConfiTrek (Integrations, Provisioning), sent as `Authorization: Bearer <token>`.".into(),
            primary: true,
        }],
        meta: meta(
            "ServiceProviderConfig",
            format!("{}/ServiceProviderConfig", base),
        ),
    }
}

/// What is offered: PATCH and filters; no bulk, sorting, ETags or password changes.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_service_provider_config",
    security(("scim_token" = [])),
    responses((status = 200, description = "The configuration.", body = ScimServiceProviderConfig, content_type = "application/scim+json"))
)]
#[get("/ServiceProviderConfig")]
pub async fn get_service_provider_config(client: ScimClient) -> HttpResponse {
    scim_response(StatusCode::OK, &service_provider_config(&client.base))
}

fn resource_types_of(base: &str) -> Vec<ScimResourceType> {
    let kind = |id: &str, endpoint: &str, schema: &str, description: &str| ScimResourceType {
        schemas: vec![RESOURCE_TYPE_SCHEMA.into()],
        id: id.into(),
        name: id.into(),
        description: description.into(),
        endpoint: endpoint.into(),
        schema: schema.into(),
        schema_extensions: Vec::new(),
        meta: meta("ResourceType", format!("{base}/ResourceTypes/{id}")),
    };
    let mut user = kind(
        "User",
        "/Users",
        USER_SCHEMA,
        "A person of the agency's roster, with a login by e-mail",
    );
    user.schema_extensions.push(ScimSchemaExtension {
        schema: ENTERPRISE_USER_SCHEMA.into(),
        required: false,
    });
    let group = kind(
        "Group",
        "/Groups",
        GROUP_SCHEMA,
        "A group of provisioned users, which an admin maps to a unit and/or a role",
    );
    vec![user, group]
}

/// The resource types: User and Group.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_resource_types",
    security(("scim_token" = [])),
    responses((status = 200, description = "The resource types.", body = ScimResourceTypeList, content_type = "application/scim+json"))
)]
#[get("/ResourceTypes")]
pub async fn list_resource_types(client: ScimClient) -> HttpResponse {
    let list = ScimResourceTypeList::all(resource_types_of(&client.base));
    scim_response(StatusCode::OK, &list)
}

/// One resource type (`User` or `Group`).
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_resource_type",
    params(("id" = String, Path, description = "`User` or `Group`", max_length = 16)),
    security(("scim_token" = [])),
    responses((status = 200, description = "The resource type.", body = ScimResourceType, content_type = "application/scim+json"))
)]
#[get("/ResourceTypes/{id}")]
pub async fn get_resource_type(
    client: ScimClient,
    id: web::Path<String>,
) -> ScimResult<HttpResponse> {
    let found = resource_types_of(&client.base)
        .into_iter()
        .find(|r| r.id == *id)
        .ok_or_else(ScimError::not_found)?;
    Ok(scim_response(StatusCode::OK, &found))
}

fn attribute(name: &str, kind: &str, description: &str) -> ScimAttribute {
    ScimAttribute {
        name: name.into(),
        kind: kind.into(),
        multi_valued: false,
        description: description.into(),
        required: false,
        case_exact: false,
        mutability: "readWrite".into(),
        returned: "default".into(),
        uniqueness: "none".into(),
        sub_attributes: Vec::new(),
    }
}

fn schemas_of(base: &str) -> Vec<ScimSchema> {
    let schema = |id: &str, name: &str, description: &str, attributes| ScimSchema {
        schemas: vec![SCHEMA_SCHEMA.into()],
        id: id.into(),
        name: name.into(),
        description: description.into(),
        attributes,
        meta: meta("Schema", format!("{base}/Schemas/{id}")),
    };
    let user_name = ScimAttribute {
        required: true,
        uniqueness: "server".into(),
        ..attribute(
            "userName",
            "string",
            "Unique in the agency, compared without regard to case.",
        )
    };
    let external_id = ScimAttribute {
        case_exact: true,
        ..attribute(
            "externalId",
            "string",
            "The identity provider's id of the resource.",
        )
    };
    let name = ScimAttribute {
        kind: "complex".into(),
        sub_attributes: vec![
            attribute(
                "givenName",
                "string",
                "The person's first name (required of a person).",
            ),
            attribute(
                "familyName",
                "string",
                "The person's last name (required of a person).",
            ),
            attribute("formatted", "string", "Read when a name part is missing."),
        ],
        ..attribute("name", "complex", "The person's name.")
    };
    let emails = ScimAttribute {
        multi_valued: true,
        sub_attributes: vec![
            attribute("value", "string", "The address."),
            attribute("type", "string", "The kept address is `work`."),
            attribute("primary", "boolean", "The kept address is primary."),
        ],
        ..attribute(
            "emails",
            "complex",
            "One address is kept (the primary, else the work one, else the first): the person's and the login's.",
        )
    };
    let user = vec![
        user_name,
        external_id.clone(),
        name,
        attribute(
            "displayName",
            "string",
            "Answered as the given and family names.",
        ),
        attribute("title", "string", "The person's title."),
        attribute(
            "active",
            "boolean",
            "False: the person is off duty and the login switched off.",
        ),
        emails,
    ];
    let employee_number = vec![attribute(
        "employeeNumber",
        "string",
        "The person's badge or employee number, unique in the agency.",
    )];
    let members = ScimAttribute {
        multi_valued: true,
        sub_attributes: vec![
            ScimAttribute {
                mutability: "immutable".into(),
                ..attribute("value", "string", "The member's id.")
            },
            attribute("$ref", "reference", "The member's URL."),
            attribute("type", "string", "`User`."),
        ],
        ..attribute("members", "complex", "Provisioned users of the agency.")
    };
    let group = vec![
        ScimAttribute {
            required: true,
            ..attribute("displayName", "string", "The group's name.")
        },
        external_id,
        members,
    ];
    vec![
        schema(
            USER_SCHEMA,
            "User",
            "A person of the roster and a login",
            user,
        ),
        schema(
            ENTERPRISE_USER_SCHEMA,
            "EnterpriseUser",
            "The employee number",
            employee_number,
        ),
        schema(GROUP_SCHEMA, "Group", "A group of users", group),
    ]
}

/// The schemas of the resources, with the attributes ConfiTrek keeps (others are taken
/// and ignored).
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_schemas",
    security(("scim_token" = [])),
    responses((status = 200, description = "The schemas.", body = ScimSchemaList, content_type = "application/scim+json"))
)]
#[get("/Schemas")]
pub async fn list_schemas(client: ScimClient) -> HttpResponse {
    let list = ScimSchemaList::all(schemas_of(&client.base));
    scim_response(StatusCode::OK, &list)
}

/// One schema, by its URN.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_schema",
    params(("id" = String, Path, description = "The schema's URN", max_length = 128)),
    security(("scim_token" = [])),
    responses((status = 200, description = "The schema.", body = ScimSchema, content_type = "application/scim+json"))
)]
#[get("/Schemas/{id}")]
pub async fn get_schema(client: ScimClient, id: web::Path<String>) -> ScimResult<HttpResponse> {
    let found = schemas_of(&client.base)
        .into_iter()
        .find(|s| s.id.eq_ignore_ascii_case(&id))
        .ok_or_else(ScimError::not_found)?;
    Ok(scim_response(StatusCode::OK, &found))
}
