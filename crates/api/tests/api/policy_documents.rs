//! A policy version may carry an uploaded document: stored encrypted, part of what is
//! acknowledged, downloaded by those the policy reaches.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(a_version_carries_a_document_that_its_readers_download_and_acknowledge,);

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

async fn a_version_carries_a_document_that_its_readers_download_and_acknowledge(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let policy: Value = coordinator
        .post(
            "/api/v1/policies",
            &json!({ "code": "body_cameras", "title": "Body-worn cameras", "due_days": 14,
                     "assignment": { "kind": "officers" } }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = policy["id"].as_str().unwrap().to_owned();
    let documents = format!("/api/v1/policies/{id}/documents");

    // Only those who manage policies upload, and only documents, declared as files: a
    // cross-site form can send a body as text/plain or multipart, never as these.
    let send = |content_type: &'static str, body: &'static [u8]| {
        coordinator
            .client
            .post(format!("{}{documents}", coordinator.base))
            .bearer_auth(&coordinator.token)
            .header("content-type", content_type)
            .body(body.to_vec())
            .send()
    };
    let refused = problem(
        send("application/octet-stream", b"MZ\x90\x00 a program")
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["file"]);
    for declared in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json",
    ] {
        let refused = send(declared, PDF).await.unwrap();
        problem(refused, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    }
    assert_eq!(app.count("policy_documents").await, 0);
    assert!(app.files_on_disk().is_empty());
    let upload = |api: &Api| {
        api.client
            .post(format!("{}{documents}", api.base))
            .bearer_auth(&api.token)
            .header("content-type", "application/pdf")
            .body(PDF.to_vec())
            .send()
    };
    problem(upload(&officer).await.unwrap(), StatusCode::FORBIDDEN).await;
    let document: Value = upload(&coordinator).await.unwrap().json().await.unwrap();
    assert_eq!(document["content_type"], "application/pdf");
    let pdf_sha = confitrek_api::files::sha256_hex(PDF);
    assert_eq!(document["sha256"], pdf_sha.as_str());

    // A document of another policy is not this one's to carry.
    let other: Value = coordinator
        .post(
            "/api/v1/policies",
            &json!({ "code": "tasers", "title": "Conducted energy weapons", "due_days": 14,
                     "assignment": { "kind": "officers" } }),
        )
        .await
        .json()
        .await
        .unwrap();
    let misplaced = problem(
        coordinator
            .post(
                &format!(
                    "/api/v1/policies/{}/versions",
                    other["id"].as_str().unwrap()
                ),
                &json!({ "content": "Read the attached order.", "document_id": document["id"] }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&misplaced), ["document_id"]);

    let content = "General Order 41-2: read the attached order in full.";
    let version: Value = coordinator
        .post(
            &format!("/api/v1/policies/{id}/versions"),
            &json!({ "content": content, "document_id": document["id"] }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(version["file_id"], document["id"]);
    let acknowledged_hash =
        confitrek_api::files::sha256_hex(format!("{content}\n{pdf_sha}").as_bytes());
    assert_eq!(version["content_sha256"], acknowledged_hash.as_str());

    // The officer it is assigned to reads the document and acknowledges text and document.
    let download = officer
        .get(&format!("/api/v1/policies/{id}/versions/1/document"))
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let ack: Value = officer
        .post(
            "/api/v1/acknowledgements",
            &json!({ "policy_version_id": version["id"], "attest": true }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ack["content_sha256"], acknowledged_hash.as_str());

    // Another agency learns nothing of it.
    let stranger = app.login(&app.seed_agency("Beta").await.coordinator).await;
    problem(
        stranger
            .get(&format!("/api/v1/policies/{id}/versions/1/document"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        officer
            .get(&format!("/api/v1/policies/{id}/versions/2/document"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
