//! Files in an S3-compatible bucket: a real S3 server on loopback (moto, from the test
//! Python that scripts/setup prepares), the files encrypted before they leave the server, and
//! `confitrek files migrate` moving a data directory's files into the bucket.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use confitrek_api::config::ObjectStorage;
use confitrek_api::db::AgencyScope;
use confitrek_api::files::FileStore;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    files_go_to_the_bucket_encrypted_and_come_back_whole,
    files_migrate_copies_the_data_directory_into_the_bucket,
);

/// A small but complete PDF.
pub(crate) const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// The moto S3 server, stopped when dropped. It closes the file descriptors it inherits
/// (a build lock held by the test command must not outlive the test) and dies with the
/// thread that started it, should the test process be killed.
pub(crate) struct S3Server {
    child: Child,
    port: u16,
}

impl S3Server {
    pub(crate) async fn started() -> Self {
        confitrek_api::webhooks::sender::install_tls_provider();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let python = std::env::var("CONFITREK_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let child = Command::new(python)
            .arg("-c")
            .arg(
                "import ctypes, os, sys\n\
                 ctypes.CDLL(None).prctl(1, 9)\n\
                 os.closerange(3, 65536)\n\
                 from moto.server import main\n\
                 main(['-H', '127.0.0.1', '-p', sys.argv[1]])",
            )
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("a Python with moto (scripts/setup installs it)");
        let server = Self { child, port };
        // Up to 60 s: moto imports a lot, slowly on a machine busy compiling.
        for _ in 0..1200 {
            if reqwest::get(server.endpoint()).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the S3 server did not start");
    }

    pub(crate) fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A new empty bucket (moto takes unsigned requests).
    pub(crate) async fn bucket(&self) -> ObjectStorage {
        let name = format!("confitrek-{}", Uuid::now_v7().simple());
        let made = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint()))
            .send()
            .await
            .unwrap();
        assert!(made.status().is_success(), "{}", made.status());
        ObjectStorage {
            bucket: name,
            endpoint: Some(self.endpoint()),
            region: Some("us-east-1".into()),
            access_key_id: Some("confitrek-test".into()),
            secret_access_key: Some(SecretString::from("confitrek-test-secret")),
        }
    }

    /// The keys the bucket holds.
    pub(crate) async fn keys(&self, bucket: &ObjectStorage) -> Vec<String> {
        let listing = reqwest::get(format!("{}/{}", self.endpoint(), bucket.bucket))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        listing
            .split("<Key>")
            .skip(1)
            .filter_map(|s| s.split_once("</Key>").map(|(key, _)| key.to_owned()))
            .collect()
    }

    /// An object as it lies in the bucket (a signed read: moto refuses anonymous ones).
    pub(crate) async fn raw(&self, bucket: &ObjectStorage, key: &str) -> Vec<u8> {
        use object_store::ObjectStoreExt;
        let store = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&bucket.bucket)
            .with_endpoint(self.endpoint())
            .with_region("us-east-1")
            .with_access_key_id("confitrek-test")
            .with_secret_access_key("confitrek-test-secret")
            .with_client_options(object_store::ClientOptions::new().with_allow_http(true))
            .build()
            .unwrap();
        let path = object_store::path::Path::from(key);
        store
            .get(&path)
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A record of `person`'s, entered by the training office, with the PDF as its certificate;
/// the certificate's id.
async fn a_certificate(app: &TestApp, api: &Api, person: Uuid) -> (Uuid, Uuid) {
    let record = crate::certificates::a_record(api, person).await;
    let uploaded = api
        .put_bytes(&certificate(record), "application/pdf", PDF.to_vec())
        .await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    use confitrek_api::db::entity::certificate;
    let row = certificate::Entity::find()
        .filter(certificate::Column::RecordId.eq(record))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (record, row.id)
}

fn certificate(record: Uuid) -> String {
    format!("/api/v1/training-records/{record}/certificate")
}

async fn files_go_to_the_bucket_encrypted_and_come_back_whole(backend: Backend) {
    let s3 = S3Server::started().await;
    let bucket = s3.bucket().await;
    let configured = bucket.clone();
    let app = spawn_app_with(backend, move |c| c.object_storage = Some(configured)).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let (record, id) = a_certificate(&app, &coordinator, agency.officer_person).await;

    // In the bucket at the agency's prefix, encrypted; nothing in the data directory.
    let key = format!("{}/{id}", agency.id);
    assert_eq!(s3.keys(&bucket).await, vec![key.clone()]);
    let raw = s3.raw(&bucket, &key).await;
    assert_eq!(raw.len(), 12 + PDF.len() + 16, "nonce, content, tag");
    assert!(!raw.windows(5).any(|w| w == b"%PDF-"), "encrypted at rest");
    assert!(app.files_on_disk().is_empty());

    let download = coordinator.get(&certificate(record)).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    // The agency's export reads it from the bucket too (a file it cannot read fails it).
    let admin = app.login(&agency.admin).await;
    let export = admin.get("/api/v1/exports").await;
    assert_eq!(export.status(), StatusCode::OK);

    // Deleting the record deletes the object for good.
    let deleted = coordinator
        .delete(&format!("/api/v1/training-records/{record}"))
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(s3.keys(&bucket).await.is_empty());
}

async fn files_migrate_copies_the_data_directory_into_the_bucket(backend: Backend) {
    let s3 = S3Server::started().await;
    let bucket = s3.bucket().await;
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let (_, id) = a_certificate(&app, &coordinator, agency.officer_person).await;
    let (_, other) = a_certificate(&app, &coordinator, agency.supervisor_person).await;
    assert_eq!(app.files_on_disk().len(), 2);

    let migrate = |bucket: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_confitrek"));
        command
            .args(["files", "migrate"])
            .env_remove("CONFITREK_CONFIG")
            .env("DATABASE_URL", app.config.database_url.expose_secret())
            .env("CONFITREK_DATA_DIR", app.data_dir())
            .env(
                "CONFITREK_TOKEN_SECRET",
                app.config.token_secret.expose_secret(),
            )
            .env("CONFITREK_FILE_KEY", app.config.file_key.expose_secret())
            .stdin(Stdio::null());
        if let Some(bucket) = bucket {
            command
                .env("CONFITREK_S3_BUCKET", bucket)
                .env("CONFITREK_S3_ENDPOINT", s3.endpoint())
                .env("CONFITREK_S3_REGION", "us-east-1")
                .env("CONFITREK_S3_ACCESS_KEY_ID", "confitrek-test")
                .env("CONFITREK_S3_SECRET_ACCESS_KEY", "confitrek-test-secret");
        }
        command.output().unwrap()
    };

    let refused = migrate(None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("CONFITREK_S3_BUCKET"));
    let missing = migrate(Some("no-such-bucket"));
    assert!(!missing.status.success());
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(said.contains("does not answer"), "{said}");
    assert!(s3.keys(&bucket).await.is_empty());

    let first = migrate(Some(&bucket.bucket));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        said.contains("copied into the bucket: 2, already there: 0"),
        "{said}"
    );
    // Run again after an interruption: nothing is copied twice.
    let again = migrate(Some(&bucket.bucket));
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("copied into the bucket: 0, already there: 2"),
        "{said}"
    );

    // The bucket serves them, decrypted with the same key and checked against their checksum.
    let store = FileStore::in_bucket(&bucket, &app.config.file_key).unwrap();
    let sha256 = confitrek_api::files::sha256_hex(PDF);
    let scope = AgencyScope::new(agency.id);
    for file in [id, other] {
        assert_eq!(store.get(scope, file, &sha256).await.unwrap(), PDF);
    }
    let mut keys = s3.keys(&bucket).await;
    keys.sort();
    let mut expected = vec![
        format!("{}/{id}", agency.id),
        format!("{}/{other}", agency.id),
    ];
    expected.sort();
    assert_eq!(keys, expected);
}
