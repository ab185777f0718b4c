//! `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5): which attributes of a resource
//! an answer holds. `id`, `schemas` and `meta` are always returned.

use serde_json::{Map, Value as Json};

/// The most attribute names one list may hold.
pub const MAX_NAMES: usize = 64;

/// The attributes a list names, as `(attribute, sub-attribute)` in lower case (a schema URN
/// before the attribute is dropped: attribute names do not repeat across our schemas).
pub fn names(list: &str) -> Vec<(String, Option<String>)> {
    list.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .take(MAX_NAMES)
        .map(|name| {
            let name = name.rsplit_once(':').map_or(name, |(_, n)| n);
            let (name, sub) = match name.split_once('.') {
                Some((n, s)) => (n, Some(s.to_lowercase())),
                None => (name, None),
            };
            (name.to_lowercase(), sub)
        })
        .collect()
}

const ALWAYS: [&str; 3] = ["id", "schemas", "meta"];

/// What `resource` (a JSON object) holds of `attributes` (if given), less `excluded`.
/// Attributes of an extension (`urn:…:enterprise:2.0:User`) are named by their own names.
pub fn project(resource: Json, attributes: Option<&str>, excluded: Option<&str>) -> Json {
    let Json::Object(fields) = resource else {
        return resource;
    };
    let wanted = attributes.map(names);
    let unwanted = excluded.map(names).unwrap_or_default();
    let mut kept = Map::new();
    for (key, value) in fields {
        let lower = key.to_lowercase();
        if ALWAYS.contains(&lower.as_str()) {
            kept.insert(key, value);
            continue;
        }
        if key.starts_with("urn:") {
            // An extension: its own attributes are projected like the core ones.
            let inner = project(value, attributes, excluded);
            let empty = inner.as_object().is_some_and(Map::is_empty);
            if !empty {
                kept.insert(key, inner);
            }
            continue;
        }
        let subs = |list: &[(String, Option<String>)]| -> Option<Vec<Option<String>>> {
            let found: Vec<Option<String>> = list
                .iter()
                .filter(|(n, _)| *n == lower)
                .map(|(_, s)| s.clone())
                .collect();
            (!found.is_empty()).then_some(found)
        };
        let value = match &wanted {
            None => Some(value),
            Some(wanted) => match subs(wanted) {
                None => None,
                Some(subs) if subs.contains(&None) => Some(value),
                Some(subs) => Some(only(value, &subs, true)),
            },
        };
        let value = match (value, subs(&unwanted)) {
            (None, _) => None,
            (Some(v), None) => Some(v),
            (Some(_), Some(subs)) if subs.contains(&None) => None,
            (Some(v), Some(subs)) => Some(only(v, &subs, false)),
        };
        if let Some(value) = value {
            kept.insert(key, value);
        }
    }
    Json::Object(kept)
}

/// The sub-attributes of a complex value (or of each value of a multi-valued one) that are
/// (`keep`) or are not named.
fn only(value: Json, subs: &[Option<String>], keep: bool) -> Json {
    match value {
        Json::Object(fields) => Json::Object(
            fields
                .into_iter()
                .filter(|(k, _)| subs.contains(&Some(k.to_lowercase())) == keep)
                .collect(),
        ),
        Json::Array(values) => {
            Json::Array(values.into_iter().map(|v| only(v, subs, keep)).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Json {
        json!({
            "schemas": ["s"], "id": "1", "meta": { "resourceType": "User" },
            "userName": "dana", "active": true,
            "name": { "givenName": "Dana", "familyName": "Lindqvist" },
            "emails": [{ "value": "d@x", "type": "work" }],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "7" },
        })
    }

    #[test]
    fn attributes_narrow_an_answer_and_excluded_ones_leave_it() {
        assert_eq!(project(user(), None, None), user());
        assert_eq!(
            project(user(), Some("userName, name.givenName, emails.value"), None),
            json!({
                "schemas": ["s"], "id": "1", "meta": { "resourceType": "User" },
                "userName": "dana",
                "name": { "givenName": "Dana" },
                "emails": [{ "value": "d@x" }],
            })
        );
        assert_eq!(
            project(
                user(),
                None,
                Some(
                    "members,name.familyName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber,active,id"
                )
            ),
            json!({
                "schemas": ["s"], "id": "1", "meta": { "resourceType": "User" },
                "userName": "dana",
                "name": { "givenName": "Dana" },
                "emails": [{ "value": "d@x", "type": "work" }],
            })
        );
    }
}
