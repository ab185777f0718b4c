//! `confitrek import FILE --agency NAME --kind training [--dry-run]`: the same import as
//! the API's, recorded under one of the agency's logins.

use std::path::Path;

use confitrek_domain::import::ImportKind;
use confitrek_domain::permissions::Role;
use confitrek_types::{ImportPreviewDto, ImportUploadQuery};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::entity::{agency, user};
use crate::imports::service;

pub struct ImportArgs<'a> {
    pub file: &'a Path,
    pub agency: &'a str,
    pub kind: &'a str,
    pub login: Option<&'a str>,
    pub sheet: Option<String>,
    pub dry_run: bool,
}

/// The agency by its id or its exact name.
async fn agency_named(db: &DatabaseConnection, name: &str) -> anyhow::Result<agency::Model> {
    let found = match Uuid::parse_str(name) {
        Ok(id) => agency::Entity::find_by_id(id).one(db).await?,
        Err(_) => {
            agency::Entity::find()
                .filter(agency::Column::Name.eq(name))
                .one(db)
                .await?
        }
    };
    found.ok_or_else(|| anyhow::anyhow!("no agency has the id or name {name:?}"))
}

/// The login the import is recorded under: the one named, or the agency's first admin.
async fn login_of(
    db: &DatabaseConnection,
    agency: &agency::Model,
    email: Option<&str>,
) -> anyhow::Result<user::Model> {
    let mut query = user::Entity::find().filter(user::Column::AgencyId.eq(agency.id));
    query = match email {
        Some(email) => query.filter(user::Column::Email.eq(email.to_lowercase())),
        None => query.filter(user::Column::Role.eq(Role::AgencyAdmin)),
    };
    query
        .order_by_asc(user::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| match email {
            Some(e) => anyhow::anyhow!("{e} is not a login of {}", agency.name),
            None => anyhow::anyhow!(
                "{} has no admin login to record the import under",
                agency.name
            ),
        })
}

fn print_preview(preview: &ImportPreviewDto) {
    println!("{}", preview.summary);
    if let Some(rule) = preview.matched_by {
        println!("people matched by {}", rule.label().to_lowercase());
    }
    if !preview.unknown_topics.is_empty() {
        println!("topics to map: {}", preview.unknown_topics.join(", "));
    }
    for e in preview.errors.iter().take(50) {
        println!(
            "  row {}{}{}: {}",
            e.row,
            e.column
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default(),
            e.value
                .as_deref()
                .map(|v| format!(" ({v:?})"))
                .unwrap_or_default(),
            e.reason
        );
    }
    if preview.errors.len() > 50 {
        println!("  and {} more", preview.counts.errors as usize - 50);
    }
}

pub async fn import(
    config: Config,
    db: DatabaseConnection,
    args: ImportArgs<'_>,
) -> anyhow::Result<()> {
    let kind = ImportKind::parse(args.kind).ok_or_else(|| {
        anyhow::anyhow!(
            "--kind must be one of: {}",
            ImportKind::ALL
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    let bytes = std::fs::read(args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let agency = agency_named(&db, args.agency).await?;
    let login = login_of(&db, &agency, args.login).await?;
    let keys = TokenKeys::new(
        &config.token_secret,
        config.access_token_minutes,
        config.refresh_token_days,
    );
    let clock = crate::clock::Clock::system();
    let state = AppState::new(config, db, keys, clock.clone())?;
    let caller = Caller::acting_as(&login, clock);
    let query = ImportUploadQuery {
        kind,
        file_name: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "import".into()),
        sheet: args.sheet,
    };
    let problem = |e: crate::http::ApiError| anyhow::anyhow!("{}", describe(e));
    let (batch, preview) = service::dry_run(&state, &caller, query.clone(), bytes.clone())
        .await
        .map_err(problem)?;
    for c in &batch.mapping.columns {
        let read_as = match (&c.field, &c.topic) {
            (Some(f), _) => f.as_str().to_owned(),
            (None, Some(t)) => format!("hours of {t}"),
            (None, None) => "(ignored)".into(),
        };
        println!("  {:30} -> {read_as}", c.column);
    }
    if let Some(same) = batch.same_file_as {
        println!("this file was imported before, as batch {same}");
    }
    print_preview(&preview);
    if args.dry_run {
        println!("dry run: nothing was written");
        return Ok(());
    }
    if preview.counts.errors > 0 {
        anyhow::bail!("nothing was imported: fix the rows above and run again");
    }
    let uploaded = service::upload(&state, &caller, query, &bytes)
        .await
        .map_err(problem)?;
    let committed = service::commit(&state, &caller, uploaded.id)
        .await
        .map_err(problem)?;
    let counts = committed.counts.unwrap_or_default();
    println!(
        "imported as batch {} under {}: {} new, {} updated, {} unchanged",
        committed.id, login.email, counts.new, counts.updated, counts.unchanged
    );
    Ok(())
}

fn describe(e: crate::http::ApiError) -> String {
    match e {
        crate::http::ApiError::Validation(errors) => errors
            .0
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}
