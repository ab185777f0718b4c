//! Certificates: uploaded as the body, recognised by content, encrypted at rest, served only
//! to those who may see the person; refused uploads leave nothing behind.

use reqwest::StatusCode;
use serde_json::{Value, json};
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
    let created: Value = api
        .post(
            "/api/v1/training-records",
            &json!({ "person_id": person, "title": "Crisis intervention refresher",
                     "completed_on": "2026-03-14", "hours": { "crisis_intervention": 4 } }),
        )
        .await
        .json()
        .await
        .unwrap();
    Uuid::parse_str(created["id"].as_str().unwrap()).unwrap()
}

fn path(record: Uuid) -> String {
    format!("/api/v1/training-records/{record}/certificate")
}

async fn a_pdf_is_stored_encrypted_and_served_back_whole_to_those_who_may_see_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let own = a_record(&officer, agency.officer_person).await;
    let supervisors = a_record(&coordinator, agency.supervisor_person).await;

    // The declared type is ignored: the content says PDF.
    let uploaded = officer
        .put_bytes(&path(own), "application/octet-stream", PDF.to_vec())
        .await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let uploaded: Value = uploaded.json().await.unwrap();
    assert_eq!(uploaded["content_type"], "application/pdf");
    assert_eq!(uploaded["size_bytes"], PDF.len());
    assert_eq!(
        uploaded["sha256"],
        confitrek_api::files::sha256_hex(PDF).as_str()
    );

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
    let coordinator_upload = coordinator
        .put_bytes(&path(supervisors), "application/pdf", PDF.to_vec())
        .await;
    assert_eq!(coordinator_upload.status(), StatusCode::CREATED);
    problem(officer.get(&path(supervisors)).await, StatusCode::NOT_FOUND).await;
    problem(
        officer
            .put_bytes(&path(supervisors), "application/pdf", PDF.to_vec())
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        officer.delete(&path(supervisors)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    problem(intruder.get(&path(own)).await, StatusCode::NOT_FOUND).await;
    problem(intruder.delete(&path(own)).await, StatusCode::NOT_FOUND).await;
    // The officer's supervisor (same unit) reads it but may not remove it.
    let supervisor = app.login(&agency.supervisor).await;
    assert_eq!(supervisor.get(&path(own)).await.status(), StatusCode::OK);
    problem(supervisor.delete(&path(own)).await, StatusCode::FORBIDDEN).await;

    // Replaced: the old file is gone from disk; removed: nothing is left.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x00IEND\xaeB`\x82".to_vec();
    let replaced: Value = officer
        .put_bytes(&path(own), "image/png", png.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(replaced["content_type"], "image/png");
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
    assert_eq!(
        officer.delete(&path(own)).await.status(),
        StatusCode::NO_CONTENT
    );
    problem(officer.get(&path(own)).await, StatusCode::NOT_FOUND).await;
    assert_eq!(app.files_on_disk().len(), 1);
    assert_eq!(app.count("certificates").await, 1);

    // Refused, the officer sends new evidence: the record goes back to the queue.
    let reject = coordinator
        .post(
            &format!("/api/v1/training-records/{own}/reject"),
            &json!({ "reason": "The certificate is not legible" }),
        )
        .await;
    assert_eq!(reject.status(), StatusCode::OK);
    let again = officer
        .put_bytes(&path(own), "application/pdf", PDF.to_vec())
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let record: Value = officer
        .get(&format!("/api/v1/training-records/{own}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(record["record"]["verification"], "pending", "{record}");
    // Verified, its evidence is the training office's to change.
    let verify = coordinator
        .post(
            &format!("/api/v1/training-records/{own}/verify"),
            &json!({}),
        )
        .await;
    assert_eq!(verify.status(), StatusCode::OK);
    problem(
        officer
            .put_bytes(&path(own), "application/pdf", PDF.to_vec())
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(officer.delete(&path(own)).await, StatusCode::FORBIDDEN).await;

    // Deleting the record deletes its certificate file for good.
    assert_eq!(
        coordinator
            .delete(&format!("/api/v1/training-records/{own}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
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
        let refused = problem(
            coordinator
                .put_bytes(&path(record), "application/pdf", body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), ["file"]);
        assert!(
            refused["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{refused}"
        );
    }

    let mut oversized = PDF.to_vec();
    oversized.resize(10 * 1024 * 1024 + 1, b' ');
    problem(
        coordinator
            .put_bytes(&path(record), "application/pdf", oversized)
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
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
    problem(coordinator.get(&path(record)).await, StatusCode::NOT_FOUND).await;
}
