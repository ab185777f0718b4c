//! Calendar feed secrets. The URL's token is HMAC-SHA256(server secret, nonce): the database
//! holds the nonce and the token's SHA-256 (to find a feed by its URL), so a copy of the
//! database alone opens no feed, and the URL can still be shown to its owner again. Rotating
//! draws a new nonce, and the old URL names nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use confitrek_types::CalendarFeedKind;
use hmac::{Hmac, Mac};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::{self, Entity as Feeds};
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::AgencyScope;

/// The URL token of a feed with this nonce.
pub fn token(secret: &SecretString, nonce: &str) -> String {
    // HMAC accepts keys of any length; this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(b"confitrek calendar feed\0");
    mac.update(nonce.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// The feed a URL token names, in whichever agency it is.
pub async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<entity::Model>, DbErr> {
    Feeds::find()
        .filter(entity::Column::TokenHash.eq(sha256_hex(token)))
        .one(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<entity::Model>, DbErr> {
    Feeds::find_by_id(id)
        .filter(entity::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn find(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    kind: CalendarFeedKind,
    subject: Uuid,
) -> Result<Option<entity::Model>, DbErr> {
    Feeds::find()
        .filter(entity::Column::AgencyId.eq(scope.id()))
        .filter(entity::Column::Kind.eq(kind))
        .filter(entity::Column::SubjectId.eq(subject))
        .one(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    secret: &SecretString,
    kind: CalendarFeedKind,
    subject: Uuid,
    now: OffsetDateTime,
) -> Result<entity::Model, DbErr> {
    let nonce = random_token(24);
    entity::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        kind: Set(kind),
        subject_id: Set(subject),
        token_hash: Set(sha256_hex(&token(secret, &nonce))),
        nonce: Set(nonce),
        created_at: Set(now),
        rotated_at: Set(now),
    }
    .insert(db)
    .await
}

/// A new secret for the feed: its previous URL stops working at once.
pub async fn rotate(
    db: &impl ConnectionTrait,
    secret: &SecretString,
    feed: entity::Model,
    now: OffsetDateTime,
) -> Result<entity::Model, DbErr> {
    let nonce = random_token(24);
    let mut model: entity::ActiveModel = feed.into();
    model.token_hash = Set(sha256_hex(&token(secret, &nonce)));
    model.nonce = Set(nonce);
    model.rotated_at = Set(now);
    model.update(db).await
}
