//! Provisioning over SCIM 2.0: a client in the test speaks the RFC 7644 flows the way Entra
//! ID's and Okta's provisioning services do (look up by filter, create, get, PATCH, PUT,
//! deactivate, groups with members), against the real server, on both databases.

use confitrek_types::scim::{
    ERROR_SCHEMA, NewScimToken, ScimError, ScimGroupDto, ScimGroupMapping, ScimTokenCreated,
    ScimTokenDto,
};
use confitrek_types::{
    AcceptInviteRequest, AuditEventDto, Page, PersonDto, PersonInput, PersonStatus, Role, UserDto,
    UserInvited,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    entra_id_provisions_a_user_and_deactivation_ends_the_login,
    okta_replaces_a_user_and_a_roster_person_is_taken_not_doubled,
    groups_give_their_members_a_unit_and_a_role,
    a_token_sees_only_its_agency_and_a_revoked_one_is_refused,
    bad_requests_are_scim_errors_and_change_nothing,
);

const SCIM_JSON: &str = "application/scim+json";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// An identity provider's provisioning client, with its SCIM token.
struct Scim {
    base: String,
    client: reqwest::Client,
    token: String,
}

impl Scim {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .request(method, format!("{}/scim/v2{path}", self.base))
            .bearer_auth(&self.token)
            .header("accept", SCIM_JSON);
        if let Some(body) = body {
            request = request
                .header("content-type", SCIM_JSON)
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        if status != StatusCode::NO_CONTENT {
            let content_type = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert_eq!(content_type, SCIM_JSON, "{path}");
        }
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, body)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    async fn patch(&self, path: &str, operations: Value) -> (StatusCode, Value) {
        let body = json!({ "schemas": [PATCH_OP], "Operations": operations });
        self.send(reqwest::Method::PATCH, path, Some(&body)).await
    }

    async fn delete(&self, path: &str) -> StatusCode {
        self.send(reqwest::Method::DELETE, path, None).await.0
    }

    /// The users a filter finds (`GET /Users?filter=`), as the identity providers look up.
    async fn find(&self, filter: &str) -> Vec<Value> {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("filter", filter)
            .finish();
        let (status, body) = self.get(&format!("/Users?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{filter}: {body}");
        assert_eq!(
            body["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:ListResponse"
        );
        assert_eq!(
            body["totalResults"].as_u64().unwrap() as usize,
            body["Resources"].as_array().unwrap().len()
        );
        body["Resources"].as_array().unwrap().clone()
    }
}

const TOKENS: &str = "/api/v1/scim-tokens";

/// A SCIM token of the admin's agency.
async fn scim(app: &TestApp, admin: &Api, name: &str) -> (Scim, ScimTokenDto) {
    let body = NewScimToken {
        name: name.into(),
        expires_in_days: Some(365),
    };
    let created: ScimTokenCreated = admin.post_as(TOKENS, &body, StatusCode::CREATED).await;
    assert!(created.secret.starts_with("scim_"));
    let client = Scim {
        base: app.address.clone(),
        client: reqwest::Client::new(),
        token: created.secret,
    };
    (client, created.token)
}

/// A SCIM error as RFC 7644 writes it, read from the answer.
fn scim_error(body: &Value) -> ScimError {
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("no SCIM error: {e}: {body}"))
}

/// A user as Entra ID's provisioning creates one, with its default attribute mappings.
fn entra_user(user_name: &str, given: &str, family: &str, number: Option<&str>) -> Value {
    let mut user = json!({
        "schemas": [USER, ENTERPRISE],
        "externalId": format!("ext-{user_name}"),
        "userName": user_name,
        "active": true,
        "displayName": format!("{given} {family}"),
        "title": "Patrol Officer",
        "emails": [{ "primary": true, "type": "work", "value": user_name }],
        "name": { "formatted": format!("{given} {family}"), "familyName": family, "givenName": given },
        "phoneNumbers": [{ "type": "work", "value": "555-0100" }],
        "addresses": [{ "type": "work", "locality": "Duluth", "primary": false }],
    });
    if let Some(number) = number {
        user[ENTERPRISE] = json!({ "employeeNumber": number, "department": "Patrol" });
    }
    user
}

/// The login with this e-mail, if there is one, as the admin's users page shows it.
async fn find_login(admin: &Api, email: &str) -> Option<UserDto> {
    let page: Page<UserDto> = admin
        .get_as("/api/v1/users?limit=200", StatusCode::OK)
        .await;
    page.items.into_iter().find(|u| u.email == email)
}

/// The login with this e-mail.
async fn login(admin: &Api, email: &str) -> UserDto {
    find_login(admin, email)
        .await
        .unwrap_or_else(|| panic!("no login {email}"))
}

/// The roster entry of a provisioned user (the SCIM id is the person's).
async fn person_of(admin: &Api, id: &str) -> PersonDto {
    admin
        .get_as(&format!("/api/v1/people/{id}"), StatusCode::OK)
        .await
}

/// Sets a password for a provisioned login (as an admin's link would) and signs in with it.
async fn signed_in(app: &TestApp, admin: &Api, email: &str) -> Api {
    let id = login(admin, email).await.id;
    let link: UserInvited = admin
        .send(Method::POST, &format!("/api/v1/users/{id}/password-link"))
        .expect(StatusCode::OK)
        .await;
    let accepted = app
        .client
        .post(app.url("/api/v1/auth/accept-invite"))
        .json(&AcceptInviteRequest {
            token: link.invitation_token,
            password: PASSWORD.into(),
        })
        .send()
        .await
        .unwrap();
    assert!(
        accepted.status().is_success(),
        "{}",
        accepted.text().await.unwrap()
    );
    app.login(email).await
}

async fn entra_id_provisions_a_user_and_deactivation_ends_the_login(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let (idp, _) = scim(&app, &admin, "Entra ID").await;

    // The provisioning service reads what is offered.
    let (status, config) = idp.get("/ServiceProviderConfig").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(config["patch"]["supported"], true);
    assert_eq!(config["filter"]["maxResults"], 200);
    let (_, types) = idp.get("/ResourceTypes").await;
    assert_eq!(types["totalResults"], 2);
    let (_, schemas) = idp.get("/Schemas").await;
    assert_eq!(schemas["Resources"][0]["id"], USER);
    let (status, _) = idp.get(&format!("/Schemas/{ENTERPRISE}")).await;
    assert_eq!(status, StatusCode::OK);

    // Looked up first: nobody; then created.
    let email = "dana.lindqvist@alpha.test";
    assert!(
        idp.find(&format!("userName eq \"{email}\""))
            .await
            .is_empty()
    );
    let (status, created) = idp
        .post(
            "/Users",
            &entra_user(
                "Dana.Lindqvist@alpha.test",
                "Dana",
                "Lindqvist",
                Some("B-112"),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["userName"], "Dana.Lindqvist@alpha.test");
    assert_eq!(created["active"], true);
    assert_eq!(created[ENTERPRISE]["employeeNumber"], "B-112");
    assert_eq!(created["emails"][0]["value"], email);
    assert!(
        created["meta"]["location"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/scim/v2/Users/{id}"))
    );

    // The person is on the roster, with a login by e-mail that has no password.
    let person = person_of(&admin, &id).await;
    assert_eq!(
        (person.first_name.as_str(), person.last_name.as_str()),
        ("Dana", "Lindqvist")
    );
    assert_eq!(person.badge, "B-112");
    assert_eq!(person.title.as_deref(), Some("Patrol Officer"));
    let account = login(&admin, email).await;
    assert_eq!(account.person_id, Some(person.id));
    assert_eq!(person.id.to_string(), id);
    assert_eq!(account.role, Role::Officer);
    assert!(!account.has_password);

    // Found again however the identity providers ask.
    let (status, got) = idp.get(&format!("/Users/{id}")).await;
    assert_eq!(
        (status, got["id"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );
    for filter in [
        "userName eq \"DANA.LINDQVIST@alpha.test\"",
        "externalId eq \"ext-Dana.Lindqvist@alpha.test\"",
        "emails.value eq \"dana.lindqvist@alpha.test\"",
        "emails[type eq \"work\" and value co \"lindqvist\"]",
        "userName sw \"dana\" and active eq true",
        "externalId eq \"nobody\" or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"b-112\"",
        "name.familyName eq \"lindqvist\" and not (title pr and title eq \"Chief\")",
        "externalId sw \"ext-Dana\" and externalId ew \"alpha.test\" and externalId co \"Lindqvist\"",
        "meta.lastModified gt \"2020-01-01T00:00:00Z\" and meta.created le \"2199-01-01T00:00:00Z\"",
        "id eq \"{id}\" and emails[primary eq true]",
    ] {
        let filter = filter.replace("{id}", &id);
        let filter = filter.as_str();
        let found = idp.find(filter).await;
        assert_eq!(found.len(), 1, "{filter}");
    }
    for filter in [
        "externalId eq \"EXT-Dana.Lindqvist@alpha.test\"",
        "externalId co \"lindqvist\"",
        "externalId sw \"EXT\"",
        "externalId ew \"ALPHA.TEST\"",
    ] {
        assert!(
            idp.find(filter).await.is_empty(),
            "externalId is case-exact: {filter}"
        );
    }
    assert!(
        idp.find("meta.lastModified lt \"2020-01-01T00:00:00Z\"")
            .await
            .is_empty()
    );
    let (_, narrowed) = idp.get(&format!("/Users/{id}?attributes=userName")).await;
    assert_eq!(narrowed.get("name"), None);
    assert_eq!(narrowed["userName"], "Dana.Lindqvist@alpha.test");

    // The officer signs in (an admin sent a link); the identity provider deactivates the
    // user as Entra ID does, with a name change in the same PATCH.
    let officer = signed_in(&app, &admin, email).await;
    officer
        .send(Method::GET, "/api/v1/me")
        .expect_status(StatusCode::OK)
        .await;
    let (status, patched) = idp
        .patch(
            &format!("/Users/{id}"),
            json!([
                { "op": "Replace", "path": "name.givenName", "value": "Danielle" },
                { "op": "Replace", "path": "active", "value": "False" },
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["active"], false);
    assert_eq!(patched["name"]["givenName"], "Danielle");
    // The session ended.
    officer
        .send(Method::GET, "/api/v1/me")
        .expect_status(StatusCode::UNAUTHORIZED)
        .await;
    assert_eq!(
        app.login_response(email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let person = person_of(&admin, &id).await;
    assert_eq!(person.status, PersonStatus::Inactive);
    assert_eq!(person.first_name, "Danielle");
    assert!(login(&admin, email).await.disabled);
    assert_eq!(idp.find("active eq false").await.len(), 1);

    // Reactivated as Okta does it: no path, an object of attributes.
    let (status, back) = idp
        .patch(
            &format!("/Users/{id}"),
            json!([{ "op": "replace", "value": { "active": true } }]),
        )
        .await;
    assert_eq!((status, &back["active"]), (StatusCode::OK, &json!(true)));
    assert!(!login(&admin, email).await.disabled);
    assert_eq!(
        app.login_response(email, PASSWORD).await.status(),
        StatusCode::OK
    );

    // Every change is in the audit log, by the token's maker.
    let events: Page<AuditEventDto> = admin
        .get_as("/api/v1/audit-events?action=scim.", StatusCode::OK)
        .await;
    let actions: Vec<&str> = events.items.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "scim.token.create",
        "scim.user.create",
        "scim.login.create",
        "scim.user.patch",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let admin_id = login(&admin, &agency.admin).await.id;
    assert!(
        events
            .items
            .iter()
            .all(|e| e.actor_user_id == Some(admin_id))
    );
}

async fn okta_replaces_a_user_and_a_roster_person_is_taken_not_doubled(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Bravo").await;
    let admin = app.login(&agency.admin).await;
    let (idp, _) = scim(&app, &admin, "Okta").await;

    // The roster came first, from a spreadsheet: the user with that badge is that person.
    let body = PersonInput {
        unit: Some("Traffic".into()),
        ..person_input("Pat", "Quinn", "ALPHA-7")
    };
    let before: PersonDto = admin
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;
    let mut okta = entra_user("pat.quinn@alpha.test", "Pat", "Quinn", Some("alpha-7"));
    okta["password"] = json!("never stored");
    let (status, created) = idp.post("/Users", &okta).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["id"], before.id.to_string(), "taken, not doubled");
    let id = created["id"].as_str().unwrap().to_owned();
    let person = person_of(&admin, &id).await;
    assert_eq!(
        person.unit.as_deref(),
        Some("Traffic"),
        "what SCIM does not speak of stays"
    );
    assert_eq!(person.email.as_deref(), Some("pat.quinn@alpha.test"));

    // Okta replaces the whole user with PUT.
    let mut replaced = entra_user("p.quinn@alpha.test", "Patricia", "Quinn", Some("ALPHA-7"));
    replaced["title"] = json!("Sergeant");
    let (status, put) = idp.put(&format!("/Users/{id}"), &replaced).await;
    assert_eq!(status, StatusCode::OK, "{put}");
    assert_eq!(
        (put["userName"].as_str(), put["title"].as_str()),
        (Some("p.quinn@alpha.test"), Some("Sergeant"))
    );
    assert_eq!(
        login(&admin, "p.quinn@alpha.test").await.person_id,
        Some(before.id),
        "the login's e-mail follows"
    );
    assert_eq!(find_login(&admin, "pat.quinn@alpha.test").await, None);

    // What must be unique stays so.
    let (status, error) = idp
        .post("/Users", &entra_user("P.QUINN@alpha.test", "X", "Y", None))
        .await;
    let error = scim_error(&error);
    assert_eq!(
        (status, error.scim_type.as_deref()),
        (StatusCode::CONFLICT, Some("uniqueness"))
    );
    assert_eq!(error.schemas[0], ERROR_SCHEMA);
    assert_eq!(error.status, "409");
    let (status, error) = idp
        .post(
            "/Users",
            &entra_user("someone@alpha.test", "Some", "One", Some("ALPHA-7")),
        )
        .await;
    assert_eq!(
        (status, error["scimType"].as_str()),
        (StatusCode::CONFLICT, Some("uniqueness")),
        "{error}"
    );
    let (status, error) = idp
        .post(
            "/Users",
            &entra_user(&other.officer, "Other", "Agency", None),
        )
        .await;
    assert_eq!(
        (status, error["scimType"].as_str()),
        (StatusCode::CONFLICT, Some("uniqueness")),
        "another agency's login"
    );
    let (status, _) = idp
        .post(
            "/Users",
            &entra_user("no.number@alpha.test", "No", "Number", None),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "a provisional badge is made");
    let (_, found) = idp
        .get("/Users?filter=userName%20eq%20%22no.number%40alpha.test%22")
        .await;
    assert_eq!(
        found["Resources"][0].get(ENTERPRISE),
        None,
        "and not answered as an employee number"
    );

    // The user is deleted: off duty, switched off, no longer SCIM's; the records stay.
    assert_eq!(
        idp.delete(&format!("/Users/{id}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        idp.get(&format!("/Users/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        idp.delete(&format!("/Users/{id}")).await,
        StatusCode::NOT_FOUND
    );
    let person = person_of(&admin, &id).await;
    assert_eq!(person.status, PersonStatus::Inactive);
    assert!(login(&admin, "p.quinn@alpha.test").await.disabled);

    // The agency's last admin who can sign in is never taken off duty by provisioning.
    let (status, adopted) = idp
        .post("/Users", &entra_user(&agency.admin, "Ada", "Admin", None))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{adopted}");
    let admin_id = adopted["id"].as_str().unwrap();
    assert_eq!(
        login(&admin, &agency.admin)
            .await
            .person_id
            .map(|p| p.to_string())
            .as_deref(),
        Some(admin_id),
        "the admin's login is linked"
    );
    let (status, refused) = idp
        .patch(
            &format!("/Users/{admin_id}"),
            json!([{ "op": "replace", "path": "active", "value": false }]),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    admin
        .send(Method::GET, "/api/v1/me")
        .expect_status(StatusCode::OK)
        .await;
}

async fn group_of(admin: &Api, id: &str) -> ScimGroupDto {
    let page: Page<ScimGroupDto> = admin.get_as("/api/v1/scim-groups", StatusCode::OK).await;
    page.items
        .into_iter()
        .find(|g| g.id.to_string() == id)
        .unwrap()
}

async fn groups_give_their_members_a_unit_and_a_role(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let (idp, _) = scim(&app, &admin, "Entra ID").await;
    let mut ids = Vec::new();
    for (email, given) in [("ann@alpha.test", "Ann"), ("ben@alpha.test", "Ben")] {
        let (status, user) = idp
            .post("/Users", &entra_user(email, given, "Member", None))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        ids.push(user["id"].as_str().unwrap().to_owned());
    }
    let (ann, ben) = (ids[0].clone(), ids[1].clone());
    let unit = |id: String| {
        let admin = admin.clone();
        async move { person_of(&admin, &id).await.unit }
    };

    // Entra ID looks the group up, then creates it with a member.
    let (_, none) = idp
        .get("/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Patrol%20Division%22")
        .await;
    assert_eq!(none["totalResults"], 0);
    let (status, group) = idp
        .post("/Groups", &json!({ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Patrol Division", "externalId": "g-1", "members": [{ "value": ann }] }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{group}");
    let gid = group["id"].as_str().unwrap().to_owned();
    assert_eq!(group["members"][0]["value"], ann.as_str());
    assert_eq!(
        unit(ann.clone()).await,
        None,
        "a group gives nothing until mapped"
    );

    // The admin maps it (only an admin, only to what an agency grants).
    let coordinator = app.login(&agency.coordinator).await;
    let mapping = ScimGroupMapping {
        unit: Some("Patrol".into()),
        role: Some(Role::Supervisor),
    };
    let mapping_path = format!("/api/v1/scim-groups/{gid}/mapping");
    coordinator
        .send(Method::PUT, &mapping_path)
        .json(&mapping)
        .expect_status(StatusCode::FORBIDDEN)
        .await;
    let operator = ScimGroupMapping {
        role: Some(Role::PlatformOperator),
        ..ScimGroupMapping::default()
    };
    let refused = admin
        .put_problem(&mapping_path, &operator, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&refused), ["role"]);
    let mapped: ScimGroupDto = admin.put_as(&mapping_path, &mapping, StatusCode::OK).await;
    assert_eq!(
        (mapped.unit.as_deref(), mapped.role, mapped.members),
        (Some("Patrol"), Some(Role::Supervisor), 1)
    );
    assert_eq!(unit(ann.clone()).await.as_deref(), Some("Patrol"));
    assert_eq!(login(&admin, "ann@alpha.test").await.role, Role::Supervisor);

    // Members come (Entra ID) and go (Okta) with what the group gives.
    let (status, _) = idp
        .patch(
            &format!("/Groups/{gid}"),
            json!([{ "op": "Add", "path": "members", "value": [{ "value": ben }] }]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(unit(ben.clone()).await.as_deref(), Some("Patrol"));
    assert_eq!(login(&admin, "ben@alpha.test").await.role, Role::Supervisor);
    let (status, after) = idp
        .patch(
            &format!("/Groups/{gid}"),
            json!([{ "op": "remove", "path": format!("members[value eq \"{ann}\"]") }]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(after["members"].as_array().unwrap().len(), 1);
    assert_eq!(unit(ann.clone()).await, None);
    assert_eq!(login(&admin, "ann@alpha.test").await.role, Role::Officer);
    assert_eq!(group_of(&admin, &gid).await.members, 1);

    // Found by name or member; members left out when Entra ID asks so.
    let (_, found) = idp
        .get("/Groups?excludedAttributes=members&filter=displayName%20eq%20%22patrol%20division%22")
        .await;
    assert_eq!(found["totalResults"], 1);
    assert_eq!(found["Resources"][0].get("members"), None);
    let (_, by_member) = idp
        .get(&format!(
            "/Groups?filter=members%5Bvalue%20eq%20%22{ben}%22%5D"
        ))
        .await;
    assert_eq!(by_member["Resources"][0]["id"], gid.as_str());

    // Renamed by PUT with the same members; removed, its members lose what it gave.
    let (status, put) = idp
        .put(
            &format!("/Groups/{gid}"),
            &json!({ "displayName": "Patrol", "members": [{ "value": ben }] }),
        )
        .await;
    assert_eq!(
        (status, put["displayName"].as_str()),
        (StatusCode::OK, Some("Patrol"))
    );
    assert_eq!(
        idp.delete(&format!("/Groups/{gid}")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(unit(ben.clone()).await, None);
    assert_eq!(login(&admin, "ben@alpha.test").await.role, Role::Officer);
    assert_eq!(
        idp.get(&format!("/Groups/{gid}")).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn a_token_sees_only_its_agency_and_a_revoked_one_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let bravo = app.seed_agency("Bravo").await;
    let alpha_admin = app.login(&alpha.admin).await;
    let bravo_admin = app.login(&bravo.admin).await;
    let (alpha_idp, alpha_token) = scim(&app, &alpha_admin, "Alpha's").await;
    let (bravo_idp, _) = scim(&app, &bravo_admin, "Bravo's").await;
    let (_, user) = alpha_idp
        .post("/Users", &entra_user("al@alpha.test", "Al", "Pha", None))
        .await;
    let id = user["id"].as_str().unwrap();
    let (_, group) = alpha_idp
        .post("/Groups", &json!({ "displayName": "Alpha group" }))
        .await;
    let gid = group["id"].as_str().unwrap();

    // Bravo's token sees none of Alpha's, and touches none.
    assert!(
        bravo_idp
            .find("userName eq \"al@alpha.test\"")
            .await
            .is_empty()
    );
    assert_eq!(
        bravo_idp.get(&format!("/Users/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bravo_idp
            .put(
                &format!("/Users/{id}"),
                &entra_user("x@bravo.test", "X", "Y", None)
            )
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bravo_idp
            .patch(
                &format!("/Users/{id}"),
                json!([{ "op": "replace", "path": "active", "value": false }])
            )
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bravo_idp.delete(&format!("/Users/{id}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bravo_idp.get(&format!("/Groups/{gid}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, error) = bravo_idp
        .post(
            "/Groups",
            &json!({ "displayName": "Steal", "members": [{ "value": id }] }),
        )
        .await;
    assert_eq!(
        (status, scim_error(&error).scim_type.as_deref()),
        (StatusCode::BAD_REQUEST, Some("invalidValue"))
    );
    assert_eq!(bravo_idp.get("/Groups").await.1["totalResults"], 0);
    assert_eq!(
        person_of(&alpha_admin, id).await.status,
        PersonStatus::Active
    );
    bravo_admin
        .send(
            Method::DELETE,
            &format!("/api/v1/scim-tokens/{}", alpha_token.id),
        )
        .expect_status(StatusCode::NOT_FOUND)
        .await;

    // Tokens are an admin's to make and see; a person's sign-in is no SCIM token.
    let officer = app.login(&alpha.officer).await;
    let token = |name: &str, expires_in_days: Option<u32>| NewScimToken {
        name: name.into(),
        expires_in_days,
    };
    officer
        .send(Method::POST, TOKENS)
        .json(&token("mine", None))
        .expect_status(StatusCode::FORBIDDEN)
        .await;
    officer
        .send(Method::GET, TOKENS)
        .expect_status(StatusCode::FORBIDDEN)
        .await;
    let blank = alpha_admin
        .post_problem(
            TOKENS,
            &token(" ", Some(0)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&blank), ["name", "expires_in_days"]);
    let forever = alpha_admin
        .post_problem(
            TOKENS,
            &token("x", Some(5000)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&forever), ["expires_in_days"]);
    let as_person = alpha_idp.clone_with(&alpha_admin.token);
    assert_eq!(as_person.get("/Users").await.0, StatusCode::FORBIDDEN);
    let nobody = alpha_idp.clone_with("scim_not-a-token");
    assert_eq!(nobody.get("/Users").await.0, StatusCode::UNAUTHORIZED);

    // The list shows when a token was used; once revoked it is refused at once.
    let reply = alpha_admin
        .send(Method::GET, TOKENS)
        .expect_status(StatusCode::OK)
        .await;
    let tokens: Page<ScimTokenDto> = reply.json();
    let listed = &tokens.items[0];
    assert_eq!(listed.name, "Alpha's");
    assert!(listed.last_used_at.is_some());
    // On the wire: no `secret` member, and the secret nowhere in the answer.
    let raw: Value = reply.json();
    assert!(raw["items"][0].get("secret").is_none() && !reply.text.contains(&alpha_idp.token));
    let token_path = format!("/api/v1/scim-tokens/{}", listed.id);
    alpha_admin
        .delete_expect(&token_path, StatusCode::NO_CONTENT)
        .await;
    let (status, error) = alpha_idp.get("/Users").await;
    assert_eq!(
        (status, scim_error(&error).status.as_str()),
        (StatusCode::UNAUTHORIZED, "401")
    );
    let tokens: Page<ScimTokenDto> = alpha_admin.get_as(TOKENS, StatusCode::OK).await;
    assert!(tokens.items[0].revoked_at.is_some());
    alpha_admin
        .delete_expect(&token_path, StatusCode::NO_CONTENT)
        .await;
    assert_eq!(
        bravo_idp.get("/Users").await.0,
        StatusCode::OK,
        "Bravo's token still works"
    );

    // A token stands until the end of its last day, and is refused like a revoked one after.
    let body = NewScimToken {
        name: "Short-lived".into(),
        expires_in_days: Some(1),
    };
    let made: ScimTokenCreated = bravo_admin
        .post_as(TOKENS, &body, StatusCode::CREATED)
        .await;
    let short_lived = bravo_idp.clone_with(&made.secret);
    app.clock
        .advance(time::Duration::days(1) - time::Duration::minutes(1));
    assert_eq!(short_lived.get("/Users").await.0, StatusCode::OK);
    app.clock.advance(time::Duration::minutes(2));
    assert_eq!(short_lived.get("/Users").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(bravo_idp.get("/Users").await.0, StatusCode::OK);
}

impl Scim {
    /// A request with the token and nothing else, for what the SCIM client would never send.
    fn raw(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}/scim/v2{path}", self.base))
            .bearer_auth(&self.token)
    }

    fn clone_with(&self, token: &str) -> Scim {
        Scim {
            base: self.base.clone(),
            client: self.client.clone(),
            token: token.to_owned(),
        }
    }
}

async fn bad_requests_are_scim_errors_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let (idp, _) = scim(&app, &admin, "Entra ID").await;
    let (_, user) = idp
        .post("/Users", &entra_user("dee@alpha.test", "Dee", "Lim", None))
        .await;
    let id = user["id"].as_str().unwrap();
    let people = app.count("people").await;
    let user_path = format!("/Users/{id}");
    let patch_user = |operations: Value| idp.patch(&user_path, operations);

    // (request, status, scimType, a sentence)
    let filter = |f: &str| {
        format!(
            "/Users?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("filter", f)
                .finish()
        )
    };
    let cases = [
        (
            idp.get(&filter("userName eq")).await,
            StatusCode::BAD_REQUEST,
            Some("invalidFilter"),
            "a filter cut short",
        ),
        (
            idp.get(&filter("nickName eq \"x\"")).await,
            StatusCode::BAD_REQUEST,
            Some("invalidFilter"),
            "an attribute not kept",
        ),
        (
            idp.get(&filter("active eq \"yes\"")).await,
            StatusCode::BAD_REQUEST,
            Some("invalidFilter"),
            "a boolean compared with text",
        ),
        (
            idp.get("/Users?count=many").await,
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "a count that is no number",
        ),
        (
            idp.post("/Users", &json!({ "userName": "no.name@alpha.test" }))
                .await,
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "a person needs names",
        ),
        (
            idp.post("/Users", &json!({ "name": { "givenName": "A" } }))
                .await,
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "no userName",
        ),
        (
            idp.post("/Users", &entra_user("bad email", "A", "B", None))
                .await,
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "an e-mail that is none",
        ),
        (
            idp.post("/Users", &entra_user("c@alpha.test", "A", "B", Some("B#1")))
                .await,
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "a badge with a symbol",
        ),
        (
            patch_user(json!([{ "op": "remove", "path": "userName" }])).await,
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "the user name removed",
        ),
        (
            patch_user(json!([{ "op": "remove" }])).await,
            StatusCode::BAD_REQUEST,
            Some("noTarget"),
            "remove without a path",
        ),
        (
            patch_user(json!([{ "op": "replace", "path": "emails[type eq", "value": "x" }])).await,
            StatusCode::BAD_REQUEST,
            Some("invalidPath"),
            "a path cut short",
        ),
        (
            patch_user(json!([{ "op": "jump", "path": "title" }])).await,
            StatusCode::BAD_REQUEST,
            Some("invalidSyntax"),
            "an unknown op",
        ),
        (
            idp.get("/Users/not-an-id").await,
            StatusCode::NOT_FOUND,
            None,
            "an id that is none of ours",
        ),
        (
            idp.get("/Nowhere").await,
            StatusCode::NOT_FOUND,
            None,
            "an unknown path",
        ),
        (
            idp.send(reqwest::Method::DELETE, "/Users", None).await,
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            "a method the path does not take",
        ),
    ];
    for ((status, body), expected, kind, why) in cases {
        assert_eq!(status, expected, "{why}: {body}");
        let error = scim_error(&body);
        assert_eq!(error.scim_type.as_deref(), kind, "{why}: {body}");
        assert_eq!(error.schemas[0], ERROR_SCHEMA, "{why}");
        assert_eq!(error.status, expected.as_u16().to_string(), "{why}");
    }
    let traced = idp
        .raw(reqwest::Method::TRACE, "/Users")
        .send()
        .await
        .unwrap();
    assert_eq!(traced.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(traced.headers()["allow"], "GET, POST");
    let malformed = idp
        .raw(reqwest::Method::POST, "/Users")
        .header("content-type", SCIM_JSON)
        .body("{\"userName\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let body: Value = malformed.json().await.unwrap();
    assert_eq!(
        scim_error(&body).scim_type.as_deref(),
        Some("invalidSyntax")
    );
    let plain = idp
        .raw(reqwest::Method::POST, "/Users")
        .header("content-type", "text/plain")
        .body("userName=x")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        app.count("people").await,
        people,
        "bad input writes nothing"
    );
    let (_, unchanged) = idp.get(&format!("/Users/{id}")).await;
    assert_eq!(unchanged["userName"], "dee@alpha.test");
}
