//! The stored people, links and groups as the SCIM resources an identity provider reads.

use confitrek_domain::people::PersonStatus;
use confitrek_domain::scim::user::{ProvisionedUser, employee_number};
use confitrek_types::scim::{
    ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, ScimEmail, ScimEnterpriseUser, ScimGroup, ScimMember,
    ScimMeta, ScimName, ScimUser, USER_SCHEMA,
};
use uuid::Uuid;

use crate::db::entity::{person, scim_group, scim_user};

/// A provisioned person as a SCIM user; `base` is the service's URL.
pub fn user(link: &scim_user::Model, person: &person::Model, base: &str) -> ScimUser {
    let number = employee_number(&person.badge).map(str::to_owned);
    let mut schemas = vec![USER_SCHEMA.to_owned()];
    if number.is_some() {
        schemas.push(ENTERPRISE_USER_SCHEMA.to_owned());
    }
    let shown = format!("{} {}", person.first_name, person.last_name);
    ScimUser {
        schemas,
        id: Some(person.id.to_string()),
        external_id: link.external_id.clone(),
        user_name: link.user_name.clone(),
        name: Some(ScimName {
            given_name: Some(person.first_name.clone()),
            family_name: Some(person.last_name.clone()),
            formatted: Some(shown.clone()),
        }),
        display_name: Some(shown),
        title: person.title.clone(),
        active: Some(person.status == PersonStatus::Active),
        emails: person
            .email
            .iter()
            .map(|e| ScimEmail {
                value: e.clone(),
                kind: Some("work".into()),
                primary: Some(true),
            })
            .collect(),
        enterprise: number.map(|n| ScimEnterpriseUser {
            employee_number: Some(n),
        }),
        meta: Some(ScimMeta {
            resource_type: "User".into(),
            created: Some(link.created_at),
            last_modified: Some(link.updated_at.max(person.updated_at)),
            location: Some(format!("{base}/Users/{}", person.id)),
        }),
    }
}

/// A provisioned person as the domain's user, to PATCH.
pub fn provisioned(link: &scim_user::Model, person: &person::Model) -> ProvisionedUser {
    ProvisionedUser {
        user_name: link.user_name.clone(),
        external_id: link.external_id.clone(),
        given_name: Some(person.first_name.clone()),
        family_name: Some(person.last_name.clone()),
        display_name: None,
        email: person.email.clone(),
        employee_number: employee_number(&person.badge).map(str::to_owned),
        title: person.title.clone(),
        active: person.status == PersonStatus::Active,
    }
}

/// A pushed group as a SCIM group; `members` when they are asked for.
pub fn group(group: &scim_group::Model, members: Option<&[Uuid]>, base: &str) -> ScimGroup {
    ScimGroup {
        schemas: vec![GROUP_SCHEMA.to_owned()],
        id: Some(group.id.to_string()),
        external_id: group.external_id.clone(),
        display_name: group.display_name.clone(),
        members: members.map(|ids| {
            ids.iter()
                .map(|id| ScimMember {
                    value: id.to_string(),
                    display: None,
                    reference: Some(format!("{base}/Users/{id}")),
                    kind: Some("User".into()),
                })
                .collect()
        }),
        meta: Some(ScimMeta {
            resource_type: "Group".into(),
            created: Some(group.created_at),
            last_modified: Some(group.updated_at),
            location: Some(format!("{base}/Groups/{}", group.id)),
        }),
    }
}
