//! `confitrek files migrate`: moving an instance's files from its data directory into the
//! S3-compatible bucket it is now configured with.

use futures_util::TryStreamExt;

use crate::config::Config;
use crate::files::{FileStore, local_dir};

/// How many objects were copied, and how many the bucket held already.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Migrated {
    pub copied: u64,
    pub present: u64,
}

/// Copies every file under the data directory's `files/` into the configured bucket, as it
/// is (still encrypted with the instance's file key), skipping what the bucket holds
/// already, so a run cut short is simply run again. The directory is left as it was: delete
/// it once the servers read from the bucket.
pub async fn migrate(config: &Config) -> anyhow::Result<Migrated> {
    if config.object_storage.is_none() {
        anyhow::bail!(
            "no bucket is configured: set CONFITREK_S3_BUCKET (and CONFITREK_S3_ENDPOINT, \
             CONFITREK_S3_REGION, credentials) to the bucket the files move to"
        );
    }
    let source = FileStore::new(local_dir(&config.data_dir), &config.file_key)?;
    let target = FileStore::open(config)?;
    target.check().await?;
    let mut done = Migrated::default();
    let mut files = std::pin::pin!(source.list());
    while let Some((agency, id)) = files.try_next().await? {
        if source.copy_to(&target, agency, id).await? {
            done.copied += 1;
        } else {
            done.present += 1;
        }
    }
    Ok(done)
}
