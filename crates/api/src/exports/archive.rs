//! The export archive: a ZIP holding `manifest.json`, `tables/<table>.json` (an array of rows)
//! and `files/<table>/<row id>` (the decrypted certificates and policy documents). The
//! manifest lists every other entry with its SHA-256, so a damaged archive is refused whole.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use anyhow::{Context, anyhow, bail};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;
use zip::write::SimpleFileOptions;

use super::tables::Row;
use crate::files::sha256_hex;

pub const FORMAT: &str = "confitrek-export";
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub agency_id: Uuid,
    pub agency_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub exported_at: OffsetDateTime,
    /// Rows per table, in restoring order.
    pub tables: Vec<TableEntry>,
    /// Every entry of the archive but the manifest, with the SHA-256 of its bytes.
    pub sha256: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub rows: usize,
}

pub fn table_path(name: &str) -> String {
    format!("tables/{name}.json")
}

pub fn file_path(table: &str, id: Uuid) -> String {
    format!("files/{table}/{id}")
}

/// What goes into an archive, gathered from the database and the file store.
pub struct Contents {
    pub agency_id: Uuid,
    pub agency_name: String,
    pub exported_at: OffsetDateTime,
    pub tables: Vec<(String, Vec<Row>)>,
    pub files: Vec<(String, Vec<u8>)>,
}

pub fn write(contents: Contents) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    let mut sha256 = BTreeMap::new();
    let mut tables = Vec::new();
    for (name, rows) in &contents.tables {
        let bytes = serde_json::to_vec_pretty(rows)?;
        let path = table_path(name);
        sha256.insert(path.clone(), sha256_hex(&bytes));
        zip.start_file(path, options)?;
        zip.write_all(&bytes)?;
        tables.push(TableEntry {
            name: name.clone(),
            rows: rows.len(),
        });
    }
    for (path, bytes) in &contents.files {
        sha256.insert(path.clone(), sha256_hex(bytes));
        zip.start_file(path.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        agency_id: contents.agency_id,
        agency_name: contents.agency_name,
        exported_at: contents.exported_at,
        tables,
        sha256,
    };
    zip.start_file(MANIFEST, options)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    Ok(zip.finish()?.into_inner())
}

/// An archive read back whole, every entry checked against the manifest.
pub struct Opened {
    pub manifest: Manifest,
    entries: BTreeMap<String, Vec<u8>>,
}

impl Opened {
    pub fn read(bytes: &[u8]) -> anyhow::Result<Self> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).context("not a ZIP archive")?;
        let mut entries = BTreeMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i)?;
            let name = entry.name()?.into_owned();
            if entry.is_dir() {
                continue;
            }
            let mut buf = Vec::new();
            entry.read_to_end(&mut buf)?;
            entries.insert(name, buf);
        }
        let manifest: Manifest = serde_json::from_slice(
            entries
                .get(MANIFEST)
                .ok_or_else(|| anyhow!("the archive has no {MANIFEST}: not a ConfiTrek export"))?,
        )
        .context("reading manifest.json")?;
        if manifest.format != FORMAT {
            bail!("the archive is not a ConfiTrek export");
        }
        if manifest.format_version != FORMAT_VERSION {
            bail!(
                "the archive is format version {}; this ConfiTrek reads version {FORMAT_VERSION}",
                manifest.format_version
            );
        }
        for (path, expected) in &manifest.sha256 {
            let bytes = entries
                .get(path)
                .ok_or_else(|| anyhow!("the archive lacks {path}, which its manifest lists"))?;
            if &sha256_hex(bytes) != expected {
                bail!("{path} does not match its checksum in the manifest: the archive is damaged");
            }
        }
        if let Some(extra) = entries
            .keys()
            .find(|k| *k != MANIFEST && !manifest.sha256.contains_key(*k))
        {
            bail!("{extra} is in the archive but not in its manifest");
        }
        Ok(Opened { manifest, entries })
    }

    pub fn rows(&self, table: &str) -> anyhow::Result<Vec<Row>> {
        match self.entries.get(&table_path(table)) {
            Some(bytes) => {
                serde_json::from_slice(bytes).with_context(|| format!("reading {table}"))
            }
            None => Ok(Vec::new()),
        }
    }

    pub fn file(&self, table: &str, id: Uuid) -> Option<&[u8]> {
        self.entries.get(&file_path(table, id)).map(Vec::as_slice)
    }
}
