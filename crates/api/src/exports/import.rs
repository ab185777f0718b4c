//! Restoring an export into an instance that does not hold the agency: every table in one
//! transaction, every file checked against its recorded SHA-256 and encrypted again with this
//! instance's key. Logins come back without passwords, each with a fresh invitation.

use std::collections::HashMap;

use anyhow::{Context, bail};
use sea_orm::DatabaseConnection;
use serde_json::Value as Json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::archive::Opened;
use super::tables::{self, FILE_TABLES, Row};
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::{AgencyScope, agencies};
use crate::files::FileStore;

/// How long the invitations of restored logins can be accepted.
const INVITATION_DAYS: i64 = 14;

#[derive(Debug)]
pub struct Restored {
    pub agency_id: Uuid,
    pub agency_name: String,
    pub rows: usize,
    pub files: usize,
    /// Each restored login's email and the one-time token that sets its password.
    pub invitations: Vec<(String, String)>,
    pub invitations_expire_at: OffsetDateTime,
}

pub async fn restore(
    db: &DatabaseConnection,
    files: &FileStore,
    archive: &[u8],
    now: OffsetDateTime,
) -> anyhow::Result<Restored> {
    let opened = Opened::read(archive)?;
    let manifest = &opened.manifest;
    let scope = AgencyScope::new(manifest.agency_id);
    if agencies::get_by_id(db, manifest.agency_id).await?.is_some() {
        bail!(
            "agency {:?} ({}) already exists in this instance; an export is restored only into an instance that does not hold its agency",
            manifest.agency_name,
            manifest.agency_id
        );
    }
    let known = tables::tables();
    if let Some(unknown) = manifest
        .tables
        .iter()
        .find(|t| !known.iter().any(|k| k.name == t.name))
    {
        bail!(
            "the archive holds table {}, which this version of ConfiTrek does not know; restore it with the version that made it, or a newer one",
            unknown.name
        );
    }
    let expires_at = now + time::Duration::days(INVITATION_DAYS);
    let mut invitations = Vec::new();
    let mut written = Vec::new();
    let outcome = async {
        let txn = crate::db::begin_write(db).await?;
        let mut count = 0;
        let mut officer_order = HashMap::new();
        for table in &known {
            let mut rows = opened.rows(table.name)?;
            let expected = manifest
                .tables
                .iter()
                .find(|t| t.name == table.name)
                .map_or(0, |t| t.rows);
            if rows.len() != expected {
                bail!(
                    "{} holds {} rows, its manifest says {expected}",
                    table.name,
                    rows.len()
                );
            }
            if rows.iter().any(|r| {
                table.carries_agency()
                    && r.get("agency_id").and_then(Json::as_str)
                        != Some(manifest.agency_id.to_string().as_str())
            }) {
                bail!("{} holds rows of another agency", table.name);
            }
            if table.name == "users" {
                for row in &mut rows {
                    let token = random_token(32);
                    let email = row.get("email").and_then(Json::as_str).unwrap_or_default();
                    invitations.push((email.to_owned(), token.clone()));
                    row.insert("invitation_token_hash".into(), sha256_hex(&token).into());
                    row.insert(
                        "invitation_expires_at".into(),
                        expires_at.format(&Rfc3339)?.into(),
                    );
                }
            }
            if FILE_TABLES.contains(&table.name) {
                for row in &rows {
                    let id = row
                        .get("id")
                        .and_then(Json::as_str)
                        .and_then(|s| Uuid::parse_str(s).ok())
                        .with_context(|| format!("a row of {} has no id", table.name))?;
                    let recorded = row.get("sha256").and_then(Json::as_str).unwrap_or_default();
                    let bytes = opened.file(table.name, id).with_context(|| {
                        format!("the archive lacks the file of {} {id}", table.name)
                    })?;
                    if crate::files::sha256_hex(bytes) != recorded {
                        bail!(
                            "the file of {} {id} does not match its recorded checksum",
                            table.name
                        );
                    }
                    files.put_as(scope, id, bytes).await?;
                    written.push(id);
                }
            }
            upgrade(table.name, &mut rows, &mut officer_order);
            count += rows.len();
            table
                .load(&txn, rows)
                .await
                .with_context(|| format!("restoring {}", table.name))?;
        }
        txn.commit().await?;
        anyhow::Ok(count)
    }
    .await;
    match outcome {
        Ok(rows) => Ok(Restored {
            agency_id: manifest.agency_id,
            agency_name: manifest.agency_name.clone(),
            rows,
            files: written.len(),
            invitations,
            invitations_expire_at: expires_at,
        }),
        Err(e) => {
            for id in written {
                files.delete(scope, id).await.ok();
            }
            Err(e)
        }
    }
}

/// Fills what an archive made by an earlier version lacks and this version counts by: an
/// incident's number of subjects and their injuries, an officer's place in the incident's
/// order, each from the incident's document as a write of this version fills them.
/// `officer_order` carries each incident's officers from its row to its officers' rows
/// (incidents are restored first).
fn upgrade(table: &str, rows: &mut [Row], officer_order: &mut HashMap<String, Vec<String>>) {
    let text = |v: &Json| v.as_str().map(str::to_owned);
    match table {
        "uof_incidents" => {
            for row in rows.iter_mut() {
                let document = row.get("document").cloned().unwrap_or(Json::Null);
                if let Some(id) = row.get("id").and_then(text) {
                    let officers = document["officers"].as_array().cloned().unwrap_or_default();
                    let order = officers.iter().filter_map(|o| text(&o["person_id"]));
                    officer_order.insert(id, order.collect());
                }
                let (subject_count, injuries) = crate::uof::service::subject_columns(&document);
                row.entry("subject_count").or_insert(subject_count.into());
                row.entry("injuries").or_insert(injuries.into());
            }
        }
        "uof_incident_officers" => {
            for row in rows.iter_mut().filter(|r| !r.contains_key("position")) {
                let incident = row.get("incident_id").and_then(text).unwrap_or_default();
                let person = row.get("person_id").and_then(text).unwrap_or_default();
                let position = officer_order
                    .get(&incident)
                    .and_then(|order| order.iter().position(|p| *p == person))
                    .unwrap_or(0);
                row.insert("position".into(), position.into());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn row(value: Json) -> Row {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn an_earlier_archive_gets_the_counted_columns_from_each_incident_document() {
        let document = json!({
            "officers": [{ "person_id": "p-2" }, { "person_id": "p-1" }],
            "subjects": [
                { "injuries": ["minor", "serious"] },
                { "injuries": ["minor"] },
                { "injuries": [] },
            ],
        });
        let mut order = HashMap::new();
        let mut incidents = [row(json!({ "id": "i-1", "document": document }))];
        upgrade("uof_incidents", &mut incidents, &mut order);
        assert_eq!(incidents[0]["subject_count"], json!(3));
        assert_eq!(incidents[0]["injuries"], json!(r#"["minor","serious"]"#));
        let mut officers = [
            row(json!({ "incident_id": "i-1", "person_id": "p-1" })),
            row(json!({ "incident_id": "i-1", "person_id": "p-2" })),
        ];
        upgrade("uof_incident_officers", &mut officers, &mut order);
        assert_eq!(officers[0]["position"], json!(1));
        assert_eq!(officers[1]["position"], json!(0));
    }

    #[test]
    fn an_archive_of_this_version_is_restored_as_it_is() {
        let mut order = HashMap::new();
        let mut incidents = [row(json!({
            "id": "i-1", "document": { "subjects": [{}] },
            "subject_count": 7, "injuries": "[]",
        }))];
        upgrade("uof_incidents", &mut incidents, &mut order);
        assert_eq!(incidents[0]["subject_count"], json!(7));
        let mut officers = [row(
            json!({ "incident_id": "i-1", "person_id": "p", "position": 4 }),
        )];
        upgrade("uof_incident_officers", &mut officers, &mut order);
        assert_eq!(officers[0]["position"], json!(4));
    }
}
