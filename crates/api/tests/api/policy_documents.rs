//! A policy version may carry an uploaded document: stored encrypted, part of what is
//! acknowledged, downloaded by those the policy reaches.

use confitrek_types::{
    AcknowledgeInput, AcknowledgementDto, Assignment, PolicyDocumentDto, PolicyDto, PolicyInput,
    PolicyVersionDto, PolicyVersionInput,
};
use reqwest::{Method, StatusCode};

use crate::both_databases;
use crate::helpers::*;

both_databases!(a_version_carries_a_document_that_its_readers_download_and_acknowledge,);

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// A policy every officer is to acknowledge within 14 days.
fn for_officers(code: &str, title: &str) -> PolicyInput {
    PolicyInput {
        code: code.into(),
        title: title.into(),
        due_days: 14,
        assignment: Assignment::Officers,
    }
}

async fn a_version_carries_a_document_that_its_readers_download_and_acknowledge(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let policy: PolicyDto = coordinator
        .post_as(
            "/api/v1/policies",
            &for_officers("body_cameras", "Body-worn cameras"),
            StatusCode::CREATED,
        )
        .await;
    let id = policy.id;
    let documents = format!("/api/v1/policies/{id}/documents");

    // Only those who manage policies upload, and only documents, declared as files: a
    // cross-site form can send a body as text/plain or multipart, never as these.
    let send = |api: &Api, content_type: &str, body: &[u8]| {
        api.send(Method::POST, &documents)
            .bytes(content_type, body.to_vec())
    };
    let refused = send(
        &coordinator,
        "application/octet-stream",
        b"MZ\x90\x00 a program",
    )
    .problem(StatusCode::UNPROCESSABLE_ENTITY)
    .await;
    assert_eq!(problem_fields(&refused), ["file"]);
    for declared in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json",
    ] {
        send(&coordinator, declared, PDF)
            .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .await;
    }
    assert_eq!(app.count("policy_documents").await, 0);
    assert!(app.files_on_disk().is_empty());
    send(&officer, "application/pdf", PDF)
        .problem(StatusCode::FORBIDDEN)
        .await;
    let document: PolicyDocumentDto = send(&coordinator, "application/pdf", PDF)
        .expect(StatusCode::CREATED)
        .await;
    assert_eq!(document.content_type, "application/pdf");
    let pdf_sha = confitrek_api::files::sha256_hex(PDF);
    assert_eq!(document.sha256, pdf_sha);

    // A document of another policy is not this one's to carry.
    let other: PolicyDto = coordinator
        .post_as(
            "/api/v1/policies",
            &for_officers("tasers", "Conducted energy weapons"),
            StatusCode::CREATED,
        )
        .await;
    let misplaced = coordinator
        .post_problem(
            &format!("/api/v1/policies/{}/versions", other.id),
            &PolicyVersionInput {
                content: "Read the attached order.".into(),
                document_id: Some(document.id),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&misplaced), ["document_id"]);

    let content = "General Order 41-2: read the attached order in full.";
    let version: PolicyVersionDto = coordinator
        .post_as(
            &format!("/api/v1/policies/{id}/versions"),
            &PolicyVersionInput {
                content: content.into(),
                document_id: Some(document.id),
            },
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(version.file_id, Some(document.id));
    let acknowledged_hash =
        confitrek_api::files::sha256_hex(format!("{content}\n{pdf_sha}").as_bytes());
    assert_eq!(version.content_sha256, acknowledged_hash);

    // The officer it is assigned to reads the document and acknowledges text and document.
    let download = officer
        .get(&format!("/api/v1/policies/{id}/versions/1/document"))
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let ack: AcknowledgementDto = officer
        .post_as(
            "/api/v1/acknowledgements",
            &AcknowledgeInput {
                policy_version_id: version.id,
                attest: true,
                person_id: None,
            },
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(ack.content_sha256, acknowledged_hash);

    // Another agency learns nothing of it.
    let stranger = app.login(&app.seed_agency("Beta").await.coordinator).await;
    stranger
        .get_problem(
            &format!("/api/v1/policies/{id}/versions/1/document"),
            StatusCode::NOT_FOUND,
        )
        .await;
    officer
        .get_problem(
            &format!("/api/v1/policies/{id}/versions/2/document"),
            StatusCode::NOT_FOUND,
        )
        .await;
}
