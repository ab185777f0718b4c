//! Certificates: uploaded as the body, recognised by content, encrypted at rest, served only
//! to those who may see the person; refused uploads leave nothing behind.

use confitrek_types::{
    CertificateDto, RejectRequest, TrainingRecordDetailDto, TrainingRecordDto, Verification,
};
use reqwest::{Method, StatusCode};
use time::macros::date;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_pdf_is_stored_encrypted_and_served_back_whole_to_those_who_may_see_it,
    wrong_empty_oversized_and_truncated_uploads_are_refused_and_leave_nothing,
);

/// A small but complete PDF, as a scanner app writes one.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// A record reported through the API by `api` for `person`: pending when one reports one's
/// own, verified when the training office enters it.
pub async fn a_record(api: &Api, person: Uuid) -> Uuid {
    let body = record_input(
        person,
        "Crisis intervention refresher",
        date!(2026 - 03 - 14),
        &[("crisis_intervention", 4.0)],
    );
    let created: TrainingRecordDto = api
        .post_as("/api/v1/training-records", &body, StatusCode::CREATED)
        .await;
    created.id
}

fn path(record: Uuid) -> String {
    format!("/api/v1/training-records/{record}/certificate")
}

/// The certificate upload of `record`: `body` declared as `content_type`.
fn upload(api: &Api, record: Uuid, content_type: &str, body: Vec<u8>) -> Call {
    api.send(Method::PUT, &path(record))
        .bytes(content_type, body)
}

async fn a_pdf_is_stored_encrypted_and_served_back_whole_to_those_who_may_see_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let own = a_record(&officer, agency.officer_person).await;
    let supervisors = a_record(&coordinator, agency.supervisor_person).await;

    // The declared type is ignored: the content says PDF.
    let uploaded: CertificateDto = upload(&officer, own, "application/octet-stream", PDF.to_vec())
        .expect(StatusCode::CREATED)
        .await;
    assert_eq!(uploaded.content_type, "application/pdf");
    assert_eq!(uploaded.size_bytes, PDF.len() as u64);
    assert_eq!(uploaded.sha256, confitrek_api::files::sha256_hex(PDF));

    // Encrypted at rest: one file, and the PDF is not in it.
    let on_disk = app.files_on_disk();
    assert_eq!(on_disk.len(), 1);
    let raw = std::fs::read(&on_disk[0]).unwrap();
    assert!(!raw.windows(5).any(|w| w == b"%PDF-"));

    for reader in [&officer, &coordinator] {
        let download = reader.get(&path(own)).await;
        assert_eq!(download.status(), StatusCode::OK);
        assert_eq!(download.headers()["content-type"], "application/pdf");
        assert!(
            download.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("certificate-2026-03-14.pdf")
        );
        assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    }

    // Nobody reads or files another person's certificate without seeing that person.
    let _: CertificateDto = upload(&coordinator, supervisors, "application/pdf", PDF.to_vec())
        .expect(StatusCode::CREATED)
        .await;
    officer
        .get_problem(&path(supervisors), StatusCode::NOT_FOUND)
        .await;
    upload(&officer, supervisors, "application/pdf", PDF.to_vec())
        .problem(StatusCode::NOT_FOUND)
        .await;
    officer
        .delete_problem(&path(supervisors), StatusCode::NOT_FOUND)
        .await;
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    intruder
        .get_problem(&path(own), StatusCode::NOT_FOUND)
        .await;
    intruder
        .delete_problem(&path(own), StatusCode::NOT_FOUND)
        .await;
    // The officer's supervisor (same unit) reads it but may not remove it.
    let supervisor = app.login(&agency.supervisor).await;
    supervisor
        .send(Method::GET, &path(own))
        .expect_status(StatusCode::OK)
        .await;
    supervisor
        .delete_problem(&path(own), StatusCode::FORBIDDEN)
        .await;

    // Replaced: the old file is gone from disk; removed: nothing is left.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x00IEND\xaeB`\x82".to_vec();
    let replaced: CertificateDto = upload(&officer, own, "image/png", png.clone())
        .expect(StatusCode::CREATED)
        .await;
    assert_eq!(replaced.content_type, "image/png");
    assert_eq!(
        app.files_on_disk().len(),
        2,
        "the officer's and the supervisor's"
    );
    assert_eq!(
        officer
            .get(&path(own))
            .await
            .bytes()
            .await
            .unwrap()
            .as_ref(),
        png
    );
    officer
        .delete_expect(&path(own), StatusCode::NO_CONTENT)
        .await;
    officer.get_problem(&path(own), StatusCode::NOT_FOUND).await;
    assert_eq!(app.files_on_disk().len(), 1);
    assert_eq!(app.count("certificates").await, 1);

    // Refused, the officer sends new evidence: the record goes back to the queue.
    let _: TrainingRecordDto = coordinator
        .post_as(
            &format!("/api/v1/training-records/{own}/reject"),
            &RejectRequest {
                reason: "The certificate is not legible".into(),
            },
            StatusCode::OK,
        )
        .await;
    let _: CertificateDto = upload(&officer, own, "application/pdf", PDF.to_vec())
        .expect(StatusCode::CREATED)
        .await;
    let record: TrainingRecordDetailDto = officer
        .get_as(&format!("/api/v1/training-records/{own}"), StatusCode::OK)
        .await;
    assert_eq!(
        record.record.verification,
        Verification::Pending,
        "{record:?}"
    );
    // Verified, its evidence is the training office's to change.
    let _: TrainingRecordDto = coordinator
        .send(
            Method::POST,
            &format!("/api/v1/training-records/{own}/verify"),
        )
        .expect(StatusCode::OK)
        .await;
    upload(&officer, own, "application/pdf", PDF.to_vec())
        .problem(StatusCode::FORBIDDEN)
        .await;
    officer
        .delete_problem(&path(own), StatusCode::FORBIDDEN)
        .await;

    // Deleting the record deletes its certificate file for good.
    coordinator
        .delete_expect(
            &format!("/api/v1/training-records/{own}"),
            StatusCode::NO_CONTENT,
        )
        .await;
    assert_eq!(app.count("certificates").await, 1, "the supervisor's only");
    assert_eq!(app.files_on_disk().len(), 1);
}

async fn wrong_empty_oversized_and_truncated_uploads_are_refused_and_leave_nothing(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let record = a_record(&coordinator, agency.officer_person).await;
    let events_before = app.count("audit_events").await;

    // A Windows executable renamed certificate.pdf and sent as a PDF.
    let mut executable = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    executable.resize(4096, 0);
    let cases: [(Vec<u8>, &str); 3] = [
        (executable, "is not a PDF, PNG or JPEG file"),
        (Vec::new(), "is empty"),
        (PDF[..60].to_vec(), "is incomplete"),
    ];
    for (body, message) in cases {
        let refused = upload(&coordinator, record, "application/pdf", body)
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), ["file"]);
        assert!(refused.errors[0].message.contains(message), "{refused:?}");
    }

    let mut oversized = PDF.to_vec();
    oversized.resize(10 * 1024 * 1024 + 1, b' ');
    upload(&coordinator, record, "application/pdf", oversized)
        .problem(StatusCode::PAYLOAD_TOO_LARGE)
        .await;

    // A connection that announces 5,000 bytes and sends 100 before hanging up.
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "PUT {} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\nContent-Type: application/pdf\r\nContent-Length: 5000\r\n\r\n",
        path(record),
        coordinator.token
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&PDF[..100]).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "a cut-off upload is refused: {answer}"
    );

    assert_eq!(app.count("certificates").await, 0);
    assert!(app.files_on_disk().is_empty(), "nothing left on disk");
    assert_eq!(app.count("audit_events").await, events_before);
    coordinator
        .get_problem(&path(record), StatusCode::NOT_FOUND)
        .await;
}
