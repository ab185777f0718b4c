//! The export archive: a ZIP holding `manifest.json`, `tables/<table>.json` (an array of rows)
//! and `files/<table>/<row id>` (the decrypted certificates and policy documents). The
//! manifest lists every other entry with its SHA-256, so a damaged archive is refused whole.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use anyhow::{Context, anyhow, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
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

/// An archive written entry by entry: a table's rows can be dropped once written, so an
/// export holds one table at a time (and the compressed archive), not the whole agency.
pub struct ArchiveWriter {
    zip: zip::ZipWriter<Cursor<Vec<u8>>>,
    options: SimpleFileOptions,
    sha256: BTreeMap<String, String>,
    tables: Vec<TableEntry>,
}

impl Default for ArchiveWriter {
    fn default() -> Self {
        Self {
            zip: zip::ZipWriter::new(Cursor::new(Vec::new())),
            options: SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .unix_permissions(0o600),
            sha256: BTreeMap::new(),
            tables: Vec::new(),
        }
    }
}

impl ArchiveWriter {
    /// `tables/<name>.json`, the rows as a JSON array, compressed as it is serialized.
    pub fn table(&mut self, name: &str, rows: &[Row]) -> anyhow::Result<()> {
        let path = table_path(name);
        self.zip.start_file(path.as_str(), self.options)?;
        let mut entry = Hashed {
            inner: &mut self.zip,
            hasher: Sha256::new(),
        };
        // The serializer writes a few bytes at a time; the compressor is fed in blocks.
        let mut buffered = std::io::BufWriter::new(&mut entry);
        serde_json::to_writer_pretty(&mut buffered, rows)?;
        buffered
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        let digest = entry.hasher.finalize();
        self.sha256
            .insert(path, digest.iter().map(|b| format!("{b:02x}")).collect());
        self.tables.push(TableEntry {
            name: name.to_owned(),
            rows: rows.len(),
        });
        Ok(())
    }

    pub fn file(&mut self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.sha256.insert(path.to_owned(), sha256_hex(bytes));
        self.zip.start_file(path, self.options)?;
        self.zip.write_all(bytes)?;
        Ok(())
    }

    /// Writes the manifest last, listing every entry written; the archive's bytes.
    pub fn finish(
        mut self,
        agency_id: Uuid,
        agency_name: String,
        exported_at: OffsetDateTime,
    ) -> anyhow::Result<Vec<u8>> {
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            agency_id,
            agency_name,
            exported_at,
            tables: self.tables,
            sha256: self.sha256,
        };
        self.zip.start_file(MANIFEST, self.options)?;
        self.zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
        Ok(self.zip.finish()?.into_inner())
    }
}

/// A writer that hashes what passes through it.
struct Hashed<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
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
