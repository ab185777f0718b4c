//! Provisioning from an agency's identity provider over SCIM 2.0 (RFC 7643, RFC 7644).
//!
//! `/scim/v2` (outside `/api/v1`) is the service the identity provider calls, with a SCIM
//! token an agency admin made (`Authorization: Bearer …`): the token names the agency and
//! every query is scoped to it. A SCIM user is a person of the roster and a login found or
//! made by e-mail, with no password; `active` false takes the person off duty and switches
//! the login off. Groups map, by an admin's choice, to a unit and/or a role.
//!
//! Bodies are `application/scim+json` (plain JSON is taken too); errors are SCIM errors, not
//! problem+json. The people and logins are changed through the same code the roster and the
//! users pages use ([`crate::people::service`], [`crate::users::service`]), so the same rules
//! hold (badge unique, the last admin kept, sessions ended).
//!
//! Under `/api/v1`, admins make and revoke SCIM tokens ([`tokens`]) and map the pushed
//! groups ([`mappings`]).

pub mod assignment;
pub mod auth;
pub mod discovery;
pub mod group_service;
pub mod groups;
pub mod http;
pub mod logins;
pub mod mapping_service;
pub mod mappings;
pub mod resources;
pub mod token_service;
pub mod tokens;
pub mod user_service;
pub mod users;

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::http::fallback::RouteTable;
pub use auth::ScimClient;
pub use http::{ScimError, ScimResult};

/// The SCIM service, for the server and its OpenAPI document.
pub fn scope() -> utoipa_actix_web::scope::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope::scope("/scim/v2")
        .service(discovery::get_service_provider_config)
        .service(discovery::list_resource_types)
        .service(discovery::get_resource_type)
        .service(discovery::list_schemas)
        .service(discovery::get_schema)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::get_user)
        .service(users::replace_user)
        .service(users::patch_user)
        .service(users::delete_user)
        .service(groups::list_groups)
        .service(groups::create_group)
        .service(groups::get_group)
        .service(groups::replace_group)
        .service(groups::patch_group)
        .service(groups::delete_group)
}

/// What answers under `/scim/v2` when no operation matched: a SCIM error, 405 where the path
/// is SCIM's under another method, else 404.
pub async fn unrouted(req: HttpRequest, routes: web::Data<Arc<RouteTable>>) -> HttpResponse {
    match routes.allowed(req.path()) {
        Some(allow) if !allow.contains(&req.method().as_str()) => {
            let allowed = allow.join(", ");
            let error = ScimError::new(
                actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
                None,
                format!("Allowed: {allowed}."),
            );
            let mut response = actix_web::ResponseError::error_response(&error);
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&allowed) {
                response
                    .headers_mut()
                    .insert(actix_web::http::header::ALLOW, value);
            }
            response
        }
        _ => actix_web::ResponseError::error_response(&ScimError::not_found()),
    }
}
