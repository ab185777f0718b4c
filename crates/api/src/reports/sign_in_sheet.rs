//! A session's sign-in sheet: the course, days, place and instructor, then one line per
//! person on the roster (by name) with room to sign, and blank lines for walk-ins. Signed,
//! it is the attendance record the training office keys in.

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::Generated;
use super::pdf::{Block, Column, Document};
use crate::access::require;
use crate::auth::Caller;
use crate::db::agencies;
use crate::http::{ApiError, ApiResult};
use confitrek_domain::permissions::Action;

/// Lines left for people who come without being on the roster.
const WALK_INS: usize = 5;

/// The sheet as a PDF, and its file name.
pub async fn build(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    generated: &Generated,
) -> ApiResult<(String, Vec<u8>)> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let detail = crate::training::session_service::detail(db, caller, id).await?;
    let session = &detail.session;
    let days = if session.starts_on == session.ends_on {
        session.starts_on.to_string()
    } else {
        format!("{} to {}", session.starts_on, session.ends_on)
    };
    let mut about = vec![format!("Date: {days}")];
    if let Some(location) = &session.location {
        about.push(format!("Place: {location}"));
    }
    if let Some(instructor) = &session.instructor {
        about.push(format!("Instructor: {instructor}"));
    }
    let mut roster = detail.roster.clone();
    roster.sort_by(|a, b| a.name.cmp(&b.name));
    let mut rows: Vec<Vec<String>> = roster
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name.clone(),
                r.badge.clone(),
                r.unit.clone().unwrap_or_default(),
                "\n".into(),
                String::new(),
            ]
        })
        .collect();
    let walk_ins = (1..=WALK_INS).map(|i| {
        vec![
            (roster.len() + i).to_string(),
            String::new(),
            String::new(),
            String::new(),
            "\n".into(),
            String::new(),
        ]
    });
    rows.extend(walk_ins);
    let blocks = vec![
        Block::Heading(session.course_title.clone()),
        Block::Text(about.join(". ")),
        Block::Text(format!(
            "{} people on the roster. Sign on your line; if you are not listed, write your name and badge on an empty line.",
            roster.len()
        )),
        Block::Table {
            columns: vec![
                Column::right("#", 0.4),
                Column::left("Name", 2.6),
                Column::left("Badge", 1.0),
                Column::left("Unit", 1.2),
                Column::left("Signature", 3.0),
                Column::left("Time in", 0.9),
            ],
            rows,
            bold_last: false,
        },
        Block::Text(
            "Instructor's signature: ______________________________   Date: ____________".into(),
        ),
    ];
    let bytes = super::pdf::render(&Document {
        header: generated.header(&agency, "Sign-in sheet", days),
        landscape: false,
        blocks,
    });
    Ok((format!("sign-in-{}", session.starts_on), bytes))
}
