//! Certificates, policy documents and receipts, encrypted at rest with AES-256-GCM before they
//! leave the server, kept through the `object_store` crate: under the data directory by
//! default, in an S3-compatible bucket when one is configured (see
//! [`crate::config::ObjectStorage`]). Each object holds a fresh 96-bit nonce followed by the
//! ciphertext, at `{agency}/{file}`; the SHA-256 of the plain content is kept in the database and
//! checked on every read, so a file swapped or damaged in storage is never served as someone's
//! certificate.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::{Context, anyhow, bail};
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use confitrek_domain::files::{self, FileKind, FileProblem};

use crate::config::{Config, ObjectStorage};
use crate::db::AgencyScope;
use crate::http::{ApiError, ApiResult};

const NONCE_LEN: usize = 12;

/// Where the encrypted files live, and the key.
pub struct FileStore {
    objects: Arc<dyn ObjectStore>,
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

/// The files of a data directory: `files/` under it.
pub fn local_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("files")
}

impl FileStore {
    /// The store the configuration names: its bucket, or the data directory's `files/`.
    pub fn open(config: &Config) -> anyhow::Result<Self> {
        match &config.object_storage {
            Some(bucket) => Self::in_bucket(bucket, &config.file_key),
            None => Self::new(local_dir(&config.data_dir), &config.file_key),
        }
    }

    /// Files in a local directory. `key_material` is at least 32 characters of secret; the
    /// AES-256 key is its SHA-256.
    pub fn new(dir: PathBuf, key_material: &SecretString) -> anyhow::Result<Self> {
        private_dir(&dir).with_context(|| format!("creating file directory {}", dir.display()))?;
        let objects = LocalFileSystem::new_with_prefix(&dir)
            .with_context(|| format!("opening file directory {}", dir.display()))?;
        Self::with(Arc::new(objects), key_material)
    }

    /// Files in an S3-compatible bucket. What the configuration leaves unset (credentials,
    /// region) comes from the standard `AWS_*` environment, so an instance role works too.
    pub fn in_bucket(bucket: &ObjectStorage, key_material: &SecretString) -> anyhow::Result<Self> {
        // reqwest brings no TLS provider of its own here (see webhooks::sender).
        crate::webhooks::sender::install_tls_provider();
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(&bucket.bucket);
        if let Some(endpoint) = &bucket.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false)
                .with_client_options(
                    ClientOptions::new().with_allow_http(endpoint.starts_with("http://")),
                );
        }
        if let Some(region) = &bucket.region {
            builder = builder.with_region(region);
        }
        if let Some(id) = &bucket.access_key_id {
            builder = builder.with_access_key_id(id);
        }
        if let Some(secret) = &bucket.secret_access_key {
            builder = builder.with_secret_access_key(secret.expose_secret());
        }
        let objects = builder
            .build()
            .with_context(|| format!("configuring bucket {}", bucket.bucket))?;
        Self::with(Arc::new(objects), key_material)
    }

    fn with(objects: Arc<dyn ObjectStore>, key_material: &SecretString) -> anyhow::Result<Self> {
        if key_material.expose_secret().len() < 32 {
            bail!("the file key must be at least 32 characters");
        }
        let key: [u8; 32] = Sha256::digest(key_material.expose_secret().as_bytes()).into();
        Ok(FileStore {
            objects,
            cipher: Aes256Gcm::new(&key.into()),
        })
    }

    /// Fails unless the storage answers (a bucket that does not exist, wrong credentials, an
    /// endpoint down): the server says so at start rather than at the first upload.
    pub async fn check(&self) -> anyhow::Result<()> {
        // A listing, unlike a read, tells a missing bucket from a missing object.
        let probe = ObjectPath::from("confitrek-probe");
        match self.objects.list_with_delimiter(Some(&probe)).await {
            Ok(_) => Ok(()),
            Err(e) => Err(anyhow!(
                "the file storage {} does not answer: {e}",
                self.objects
            )),
        }
    }

    fn path(scope: AgencyScope, id: Uuid) -> ObjectPath {
        ObjectPath::from(format!("{}/{id}", scope.id()))
    }

    /// Encrypts and writes `bytes` under a new id. The file appears whole or not at all.
    pub async fn put(&self, scope: AgencyScope, bytes: &[u8]) -> anyhow::Result<Stored> {
        self.put_as(scope, Uuid::now_v7(), bytes).await
    }

    /// Encrypts and writes `bytes` under a given id: restoring an export keeps the ids its
    /// rows refer to. Refuses to replace a file that exists.
    pub async fn put_as(
        &self,
        scope: AgencyScope,
        id: Uuid,
        bytes: &[u8],
    ) -> anyhow::Result<Stored> {
        let path = Self::path(scope, id);
        // A conditional put is not offered by every S3-compatible server; ids are fresh
        // UUIDv7s or an export's own, so a look first is enough.
        match self.objects.head(&path).await {
            Ok(_) => bail!("file {id} already exists"),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| anyhow!("random nonce: {e}"))?;
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), bytes)
            .map_err(|_| anyhow!("encrypting a file failed"))?;
        let mut object = Vec::with_capacity(NONCE_LEN + sealed.len());
        object.extend_from_slice(&nonce);
        object.extend_from_slice(&sealed);
        self.objects
            .put(&path, PutPayload::from(object))
            .await
            .with_context(|| format!("writing file {id}"))?;
        Ok(Stored {
            id,
            sha256: sha256_hex(bytes),
            size: bytes.len(),
        })
    }

    /// Reads and decrypts a file, and checks it is the content recorded as `sha256`.
    pub async fn get(&self, scope: AgencyScope, id: Uuid, sha256: &str) -> anyhow::Result<Vec<u8>> {
        let raw = self
            .objects
            .get(&Self::path(scope, id))
            .await
            .with_context(|| format!("reading file {id}"))?
            .bytes()
            .await
            .with_context(|| format!("reading file {id}"))?;
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
    pub async fn remove_agency(&self, scope: AgencyScope) -> anyhow::Result<()> {
        let prefix = ObjectPath::from(scope.id().to_string());
        let listed = self
            .objects
            .list(Some(&prefix))
            .map_ok(|meta| meta.location);
        let mut deleted = self.objects.delete_stream(listed.boxed());
        while let Some(done) = deleted.next().await {
            match done {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Removes a file for good; a file already gone is not an error.
    pub async fn delete(&self, scope: AgencyScope, id: Uuid) -> anyhow::Result<()> {
        match self.objects.delete(&Self::path(scope, id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Every file kept, as (agency, file) ids; what is not one of ours is skipped.
    pub fn list(&self) -> impl futures_util::Stream<Item = anyhow::Result<(Uuid, Uuid)>> + '_ {
        self.objects.list(None).filter_map(|meta| async move {
            match meta {
                Err(e) => Some(Err(e.into())),
                Ok(meta) => {
                    let mut parts = meta.location.parts();
                    let agency = parts.next()?.as_ref().parse().ok()?;
                    let file = parts.next()?.as_ref().parse().ok()?;
                    parts.next().is_none().then_some(Ok((agency, file)))
                }
            }
        })
    }

    /// Copies one stored object, as it is (still encrypted), into `target`, unless it is
    /// there already. Says whether it copied.
    pub async fn copy_to(
        &self,
        target: &FileStore,
        agency: Uuid,
        id: Uuid,
    ) -> anyhow::Result<bool> {
        let path = Self::path(AgencyScope::new(agency), id);
        match target.objects.head(&path).await {
            Ok(_) => return Ok(false),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let bytes = self.objects.get(&path).await?.bytes().await?;
        target.objects.put(&path, PutPayload::from(bytes)).await?;
        Ok(true)
    }
}

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
    store.delete(scope, id).await?;
    txn.commit().await?;
    Ok(())
}

/// A refused upload: 413 for its size, 422 naming `file` otherwise.
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
    let stored = store.put(scope, bytes).await?;
    match record(kind, &stored).await {
        Ok(done) => Ok(done),
        Err(e) => {
            store.delete(scope, stored.id).await?;
            Err(e)
        }
    }
}

/// A stored document as a download: the file decrypted and checked against its checksum,
/// served with its content's type and named `stem` plus the type's extension, never
/// sniffed by the browser nor kept in a shared cache.
pub async fn download(
    store: &FileStore,
    scope: AgencyScope,
    stored: (Uuid, &str),
    content_type: &str,
    stem: &str,
) -> ApiResult<actix_web::HttpResponse> {
    let (id, sha256) = stored;
    let bytes = store.get(scope, id, sha256).await?;
    let extension = FileKind::from_content_type(content_type).map_or("pdf", FileKind::extension);
    Ok(crate::http::download::attachment(content_type, stem, extension).body(bytes))
}

/// A directory only the server's user may list or enter.
fn private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, key: &str) -> FileStore {
        FileStore::new(dir.to_path_buf(), &SecretString::from(key.to_owned())).unwrap()
    }

    fn on_disk(dir: &Path, scope: AgencyScope, id: Uuid) -> PathBuf {
        dir.join(scope.id().to_string()).join(id.to_string())
    }

    #[tokio::test]
    async fn a_file_is_stored_encrypted_and_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let files = store(dir.path(), "a-file-key-of-at-least-thirty-two-chars");
        let scope = AgencyScope::new(Uuid::now_v7());
        let content = b"%PDF-1.4 certificate of completion %%EOF";
        let stored = files.put(scope, content).await.unwrap();
        assert_eq!(stored.size, content.len());
        let raw = fs::read(on_disk(dir.path(), scope, stored.id)).unwrap();
        assert!(
            !raw.windows(9).any(|w| w == b"%PDF-1.4 "),
            "encrypted at rest"
        );
        assert_eq!(
            files.get(scope, stored.id, &stored.sha256).await.unwrap(),
            content
        );
        assert!(
            files.put_as(scope, stored.id, b"another").await.is_err(),
            "a stored file is never replaced"
        );
        // Another agency's scope does not reach it.
        let other = AgencyScope::new(Uuid::now_v7());
        assert!(files.get(other, stored.id, &stored.sha256).await.is_err());
        files.delete(scope, stored.id).await.unwrap();
        assert!(files.get(scope, stored.id, &stored.sha256).await.is_err());
        files.delete(scope, stored.id).await.unwrap();
    }

    #[tokio::test]
    async fn a_damaged_file_or_another_key_is_never_served() {
        let dir = tempfile::tempdir().unwrap();
        let files = store(dir.path(), "a-file-key-of-at-least-thirty-two-chars");
        let scope = AgencyScope::new(Uuid::now_v7());
        let stored = files.put(scope, b"%PDF- original %%EOF").await.unwrap();
        let wrong_key = store(dir.path(), "another-key-of-at-least-thirty-two-chars");
        assert!(
            wrong_key
                .get(scope, stored.id, &stored.sha256)
                .await
                .is_err()
        );
        let path = on_disk(dir.path(), scope, stored.id);
        let mut raw = fs::read(&path).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 1;
        fs::write(&path, raw).unwrap();
        assert!(files.get(scope, stored.id, &stored.sha256).await.is_err());
    }

    #[tokio::test]
    async fn an_agency_removed_takes_its_files_and_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let files = store(dir.path(), "a-file-key-of-at-least-thirty-two-chars");
        let (gone, kept) = (
            AgencyScope::new(Uuid::now_v7()),
            AgencyScope::new(Uuid::now_v7()),
        );
        let a = files.put(gone, b"%PDF- one %%EOF").await.unwrap();
        files.put(gone, b"%PDF- two %%EOF").await.unwrap();
        let b = files.put(kept, b"%PDF- three %%EOF").await.unwrap();
        files.remove_agency(gone).await.unwrap();
        assert!(files.get(gone, a.id, &a.sha256).await.is_err());
        assert!(files.get(kept, b.id, &b.sha256).await.is_ok());
        let listed: Vec<_> = files.list().try_collect().await.unwrap();
        assert_eq!(listed, vec![(kept.id(), b.id)]);
        files.remove_agency(gone).await.unwrap();
    }
}
