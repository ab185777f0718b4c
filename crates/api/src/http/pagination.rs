//! Cursor pagination: `?limit=&cursor=` in, `{ items, next_cursor }` out. A cursor is the
//! opaque, URL-safe encoding of the sort key of the last item returned.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use confitrek_types::Page;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::ApiError;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

pub fn limit(requested: Option<u64>) -> Result<u64, ApiError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::field(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        )),
    }
}

pub fn encode<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

pub fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| ApiError::field("cursor", "is not a cursor this list returned"))
}

/// The query of a list with no filter of its own.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListQuery {
    pub fn page<K: DeserializeOwned>(&self) -> Result<PageRequest<K>, ApiError> {
        PageRequest::parse(self.limit, self.cursor.as_deref())
    }
}

/// A page asked for: its size, and the sort key `K` of the last item of the previous page.
#[derive(Debug, Clone)]
pub struct PageRequest<K> {
    pub limit: u64,
    pub after: Option<K>,
}

impl<K> PageRequest<K> {
    /// Checks `?limit=` and decodes `?cursor=`, naming the field that is wrong.
    pub fn parse(limit: Option<u64>, cursor: Option<&str>) -> Result<Self, ApiError>
    where
        K: DeserializeOwned,
    {
        Ok(Self {
            limit: self::limit(limit)?,
            after: cursor.map(decode).transpose()?,
        })
    }

    /// How many rows to read: one more than the page, to know whether another follows.
    pub fn rows(&self) -> u64 {
        self.limit + 1
    }

    /// Cuts rows read with [`Self::rows`] to the page and returns the cursor of the next
    /// page, if any.
    pub fn cut<T>(&self, rows: &mut Vec<T>, key: impl Fn(&T) -> K) -> Option<String>
    where
        K: Serialize,
    {
        if rows.len() as u64 > self.limit {
            rows.truncate(self.limit as usize);
            rows.last().map(|r| encode(&key(r)))
        } else {
            None
        }
    }

    /// The page of rows read with [`Self::rows`], each made an item.
    pub fn page<T, U>(
        &self,
        mut rows: Vec<T>,
        key: impl Fn(&T) -> K,
        item: impl FnMut(T) -> U,
    ) -> Page<U>
    where
        K: Serialize,
    {
        let next_cursor = self.cut(&mut rows, key);
        Page {
            items: rows.into_iter().map(item).collect(),
            next_cursor,
        }
    }
}
