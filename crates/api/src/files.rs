//! Certificates, policy documents and receipts on disk under the data directory, encrypted at rest
//! with AES-256-GCM. Each file holds a fresh 96-bit nonce followed by the ciphertext; the
//! SHA-256 of the plain content is kept in the database and checked on every read, so a
//! file swapped or damaged on disk is never served as someone's certificate.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::{Context, anyhow, bail};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use confitrek_domain::files::{self, FileKind, FileProblem};

use crate::db::AgencyScope;
use crate::http::{ApiError, ApiResult};

const NONCE_LEN: usize = 12;

/// Where the encrypted files live, and the key.
pub struct FileStore {
    dir: PathBuf,
    cipher: Aes256Gcm,
}

/// What is known of a stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: Uuid,
    pub sha256: String,
    pub size: usize,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl FileStore {
    /// `key_material` is at least 32 characters of secret; the AES-256 key is its SHA-256.
    pub fn new(dir: PathBuf, key_material: &SecretString) -> anyhow::Result<Self> {
        if key_material.expose_secret().len() < 32 {
            bail!("the file key must be at least 32 characters");
        }
        let key: [u8; 32] = Sha256::digest(key_material.expose_secret().as_bytes()).into();
        private_dir(&dir).with_context(|| format!("creating file directory {}", dir.display()))?;
        Ok(FileStore {
            dir,
            cipher: Aes256Gcm::new(&key.into()),
        })
    }

    fn path(&self, scope: AgencyScope, id: Uuid) -> PathBuf {
        self.dir.join(scope.id().to_string()).join(id.to_string())
    }

    /// Encrypts and writes `bytes` under a new id. The file appears whole or not at all.
    pub fn put(&self, scope: AgencyScope, bytes: &[u8]) -> anyhow::Result<Stored> {
        self.put_as(scope, Uuid::now_v7(), bytes)
    }

    /// Encrypts and writes `bytes` under a given id: restoring an export keeps the ids its
    /// rows refer to. Refuses to replace a file that exists.
    pub fn put_as(&self, scope: AgencyScope, id: Uuid, bytes: &[u8]) -> anyhow::Result<Stored> {
        if self.path(scope, id).exists() {
            bail!("file {id} already exists");
        }
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| anyhow!("random nonce: {e}"))?;
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), bytes)
            .map_err(|_| anyhow!("encrypting a file failed"))?;
        let path = self.path(scope, id);
        let dir = path.parent().unwrap_or(&self.dir);
        private_dir(dir)?;
        let partial = dir.join(format!(".{id}.partial"));
        write_new(&partial, &[&nonce, &sealed])?;
        fs::rename(&partial, &path)?;
        Ok(Stored {
            id,
            sha256: sha256_hex(bytes),
            size: bytes.len(),
        })
    }

    /// Reads and decrypts a file, and checks it is the content recorded as `sha256`.
    pub fn get(&self, scope: AgencyScope, id: Uuid, sha256: &str) -> anyhow::Result<Vec<u8>> {
        let raw = fs::read(self.path(scope, id)).with_context(|| format!("reading file {id}"))?;
        if raw.len() < NONCE_LEN {
            bail!("file {id} is damaged");
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into()?;
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), sealed)
            .map_err(|_| anyhow!("file {id} does not decrypt: damaged or another key"))?;
        if sha256_hex(&plain) != sha256 {
            bail!("file {id} does not match its recorded checksum");
        }
        Ok(plain)
    }

    /// Encrypts a small secret to keep in a database column (URL-safe base64 of nonce and
    /// ciphertext): a copy of the database alone does not reveal it.
    pub fn seal(&self, secret: &[u8]) -> anyhow::Result<String> {
        use base64::Engine;
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| anyhow!("random nonce: {e}"))?;
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), secret)
            .map_err(|_| anyhow!("encrypting a secret failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out))
    }

    /// The secret [`FileStore::seal`] kept.
    pub fn unseal(&self, sealed: &str) -> anyhow::Result<Vec<u8>> {
        use base64::Engine;
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sealed)?;
        if raw.len() < NONCE_LEN {
            bail!("a sealed secret is damaged");
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into()?;
        self.cipher
            .decrypt(&Nonce::from(nonce), sealed)
            .map_err(|_| anyhow!("a sealed secret does not decrypt: damaged or another key"))
    }

    /// Removes every file of the agency, for good; none there is not an error.
    pub fn remove_agency(&self, scope: AgencyScope) -> anyhow::Result<()> {
        match fs::remove_dir_all(self.dir.join(scope.id().to_string())) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Removes a file for good; a file already gone is not an error.
    pub fn delete(&self, scope: AgencyScope, id: Uuid) -> anyhow::Result<()> {
        match fs::remove_file(self.path(scope, id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// A refused upload: 413 for its size, 422 naming `file` otherwise.
/// Removes a file whose row a committed transaction deleted, once no export of the agency
/// is reading it (see [`crate::db::guard_files`]).
pub async fn remove_committed(
    db: &sea_orm::DatabaseConnection,
    store: &FileStore,
    scope: AgencyScope,
    id: Uuid,
) -> ApiResult<()> {
    let txn = crate::db::begin_write(db).await?;
    crate::db::guard_files(&txn, scope, false).await?;
    store.delete(scope, id)?;
    txn.commit().await?;
    Ok(())
}

fn refused(problem: FileProblem) -> ApiError {
    match problem {
        FileProblem::TooLarge => ApiError::PayloadTooLarge {
            limit: files::MAX_BYTES,
        },
        other => ApiError::field("file", other.to_string()),
    }
}

/// Checks an upload by its content, stores it, then lets `record` write what refers to it
/// (in its own transaction). If that fails, the file is removed again: nothing of a refused
/// upload stays behind.
pub async fn keep_upload<T>(
    store: &FileStore,
    scope: AgencyScope,
    bytes: &[u8],
    record: impl AsyncFnOnce(FileKind, &Stored) -> ApiResult<T>,
) -> ApiResult<T> {
    let kind = files::check(bytes).map_err(refused)?;
    let stored = store.put(scope, bytes)?;
    match record(kind, &stored).await {
        Ok(done) => Ok(done),
        Err(e) => {
            store.delete(scope, stored.id)?;
            Err(e)
        }
    }
}

/// A stored document as a download: the file decrypted and checked against its checksum,
/// served with its content's type and named `stem` plus the type's extension, never
/// sniffed by the browser nor kept in a shared cache.
pub fn download(
    store: &FileStore,
    scope: AgencyScope,
    stored: (Uuid, &str),
    content_type: &str,
    stem: &str,
) -> ApiResult<actix_web::HttpResponse> {
    use actix_web::http::header;
    let (id, sha256) = stored;
    let bytes = store.get(scope, id, sha256)?;
    let extension = FileKind::from_content_type(content_type).map_or("pdf", FileKind::extension);
    Ok(actix_web::HttpResponse::Ok()
        .content_type(content_type.to_owned())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{stem}.{extension}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}

/// A directory only the server's user may list or enter.
fn private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

fn write_new(path: &Path, parts: &[&[u8]]) -> anyhow::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    for part in parts {
        file.write_all(part)?;
    }
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, key: &str) -> FileStore {
        FileStore::new(dir.to_path_buf(), &SecretString::from(key.to_owned())).unwrap()
    }

    #[test]
    fn a_file_is_stored_encrypted_and_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let files = store(dir.path(), "a-file-key-of-at-least-thirty-two-chars");
        let scope = AgencyScope::new(Uuid::now_v7());
        let content = b"%PDF-1.4 certificate of completion %%EOF";
        let stored = files.put(scope, content).unwrap();
        assert_eq!(stored.size, content.len());
        let on_disk = fs::read(files.path(scope, stored.id)).unwrap();
        assert!(
            !on_disk.windows(9).any(|w| w == b"%PDF-1.4 "),
            "encrypted at rest"
        );
        assert_eq!(
            files.get(scope, stored.id, &stored.sha256).unwrap(),
            content
        );
        // Another agency's scope does not reach it.
        let other = AgencyScope::new(Uuid::now_v7());
        assert!(files.get(other, stored.id, &stored.sha256).is_err());
        files.delete(scope, stored.id).unwrap();
        assert!(files.get(scope, stored.id, &stored.sha256).is_err());
        files.delete(scope, stored.id).unwrap();
    }

    #[test]
    fn a_damaged_file_or_another_key_is_never_served() {
        let dir = tempfile::tempdir().unwrap();
        let files = store(dir.path(), "a-file-key-of-at-least-thirty-two-chars");
        let scope = AgencyScope::new(Uuid::now_v7());
        let stored = files.put(scope, b"%PDF- original %%EOF").unwrap();
        let wrong_key = store(dir.path(), "another-key-of-at-least-thirty-two-chars");
        assert!(wrong_key.get(scope, stored.id, &stored.sha256).is_err());
        let path = files.path(scope, stored.id);
        let mut raw = fs::read(&path).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 1;
        fs::write(&path, raw).unwrap();
        assert!(files.get(scope, stored.id, &stored.sha256).is_err());
    }
}
