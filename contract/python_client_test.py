"""The Python client journey of scripts/contract.

Drives a live ConfiTrek server with the client openapi-python-client generated from the
committed OpenAPI document, unchanged: sign in, the roster, a compliance report, an
officer's own training record verified by the training office, its certificate uploaded
and downloaded. Only the generated functions and models are used; where the generated
client cannot express something the document is at fault, and that is printed as
"DEFECT OF THE DOCUMENT" (and fails the journey).

Environment: CONTRACT_BASE_URL (http://127.0.0.1:PORT), CONTRACT_PASSWORD (the demo
logins' password), CONTRACT_CLIENT_DIR (the folder holding the `confitrek_client` package).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import sys
import traceback
import typing

BASE_URL = os.environ["CONTRACT_BASE_URL"]
PASSWORD = os.environ["CONTRACT_PASSWORD"]
sys.path.insert(0, os.environ["CONTRACT_CLIENT_DIR"])

from confitrek_client import AuthenticatedClient, Client  # noqa: E402
from confitrek_client.api.auth import login, me  # noqa: E402
from confitrek_client.api.compliance import person_compliance  # noqa: E402
from confitrek_client.api.integrations import (  # noqa: E402
    create_api_key,
    create_service_account,
)
from confitrek_client.api.people import list_people  # noqa: E402
from confitrek_client.api.training import (  # noqa: E402
    create_record,
    download_certificate,
    get_record,
    list_topics,
    upload_certificate,
    verify_record,
)
from confitrek_client.models import (  # noqa: E402
    ApiKeyCreated,
    ApiKeyInput,
    ApiScope,
    CertificateDto,
    ComplianceReportDto,
    LoginRequest,
    Me,
    PagePersonDto,
    Problem,
    ServiceAccountDto,
    ServiceAccountInput,
    TokenResponse,
    TopicsDto,
    TrainingRecordDto,
    TrainingRecordInput,
)
from confitrek_client.types import UNSET, File  # noqa: E402

ADMIN = "admin@demo.confitrek.test"
OFFICER = "officer@demo.confitrek.test"

# The smallest well-formed PDF the server's content sniffing accepts: one empty page.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)

defects: list[str] = []
failures: list[str] = []


def defect(text: str) -> None:
    defects.append(text)
    print(f"  DEFECT OF THE DOCUMENT: {text}")


def check(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


def expect(response, status: int, model):
    """The parsed body of a `sync_detailed` response, which must have `status` and `model`."""
    body = response.content[:300]
    check(
        int(response.status_code) == status,
        f"expected {status}, got {int(response.status_code)}: {body!r}",
    )
    check(
        isinstance(response.parsed, model),
        f"expected a {model.__name__}, parsed {type(response.parsed).__name__}: {body!r}",
    )
    return response.parsed


def client_kind(module) -> set:
    """The client classes the generated function accepts (from its annotation)."""
    hints = typing.get_type_hints(module.sync_detailed)
    return set(typing.get_args(hints["client"])) or {hints["client"]}


def sign_in(email: str) -> AuthenticatedClient:
    kinds = client_kind(login)
    if Client not in kinds:
        # `security: [{}]` (or none) on login makes the generator demand an
        # AuthenticatedClient -- a token -- for the call that obtains the token.
        defect(
            "POST /api/v1/auth/login requires an AuthenticatedClient in the generated client "
            "(the operation must declare `security: []`, i.e. no authentication)"
        )
        anonymous = AuthenticatedClient(base_url=BASE_URL, token="unused")
    else:
        anonymous = Client(base_url=BASE_URL)
    tokens = expect(
        login.sync_detailed(client=anonymous, body=LoginRequest(email=email, password=PASSWORD)),
        200,
        TokenResponse,
    )
    check(tokens.token_type == "Bearer", f"token_type {tokens.token_type!r}")
    check(tokens.expires_in > 0 and tokens.access_token, "an access token with a lifetime")
    return AuthenticatedClient(base_url=BASE_URL, token=tokens.access_token)


state: dict = {}


def step_sign_in():
    state["admin"] = sign_in(ADMIN)
    state["officer"] = sign_in(OFFICER)
    admin_me = expect(me.sync_detailed(client=state["admin"]), 200, Me)
    check(admin_me.role.value == "agency_admin", f"admin role {admin_me.role}")
    officer_me = expect(me.sync_detailed(client=state["officer"]), 200, Me)
    check(officer_me.role.value == "officer", f"officer role {officer_me.role}")
    check(officer_me.person_id not in (None, UNSET), "the demo officer is on the roster")
    state["officer_person"] = officer_me.person_id


def step_roster():
    page = expect(list_people.sync_detailed(client=state["admin"], limit=200), 200, PagePersonDto)
    check(len(page.items) > 1, f"the demo roster has people, got {len(page.items)}")
    ids = {p.id for p in page.items}
    check(state["officer_person"] in ids, "the demo officer is on the admin's roster")
    # An officer sees only him- or herself.
    own = expect(list_people.sync_detailed(client=state["officer"]), 200, PagePersonDto)
    check([p.id for p in own.items] == [state["officer_person"]], "an officer's roster is himself")
    print(f"  roster: {len(page.items)} people")


def step_compliance():
    report = expect(
        person_compliance.sync_detailed(state["officer_person"], client=state["admin"]),
        200,
        ComplianceReportDto,
    )
    check(report.person_id == state["officer_person"], "the report is the officer's")
    check(len(report.jurisdiction) == 2, f"jurisdiction {report.jurisdiction!r}")
    check(len(report.requirements) > 0, "the officer has requirements")
    print(f"  compliance: {report.status.value}, {len(report.requirements)} requirements")
    # The officer may read his own.
    expect(
        person_compliance.sync_detailed(state["officer_person"], client=state["officer"]),
        200,
        ComplianceReportDto,
    )


def step_record():
    topics = expect(list_topics.sync_detailed(client=state["officer"]), 200, TopicsDto)
    creditable = [t for t in topics.topics if t.creditable]
    check(bool(creditable), "the jurisdiction has creditable topics")
    code = creditable[0].code
    state["topic"] = code
    # The hours map is a generated model of its own; the generated parser builds it.
    body = TrainingRecordInput.from_dict(
        {
            "person_id": str(state["officer_person"]),
            "completed_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
            "title": "Contract test: de-escalation refresher",
            "hours": {code: 2.5},
        }
    )
    record = expect(
        create_record.sync_detailed(client=state["officer"], body=body), 201, TrainingRecordDto
    )
    check(record.person_id == state["officer_person"], "the record is the officer's")
    check(record.verification.value == "pending", f"own record is pending, got {record.verification}")
    check(abs(record.total_hours - 2.5) < 1e-9, f"total_hours {record.total_hours}")
    state["record"] = record.id
    print(f"  record {record.id}: {code} 2.5 h, pending")


def upload_body() -> File:
    return File(payload=io.BytesIO(PDF), file_name="certificate.pdf", mime_type="application/pdf")


def step_upload():
    hints = typing.get_type_hints(upload_certificate.sync_detailed)
    if hints.get("body") is not File:
        defect(
            "PUT /api/v1/training-records/{id}/certificate: the generated body is "
            f"{hints.get('body')}, not a File (the request body schema must be "
            "`type: string, format: binary`, not an array of integers)"
        )
    # The officer files the evidence for his or her own pending record.
    cert = expect(
        upload_certificate.sync_detailed(state["record"], client=state["officer"], body=upload_body()),
        201,
        CertificateDto,
    )
    check(cert.record_id == state["record"], "the certificate is the record's")
    check(cert.content_type == "application/pdf", f"content_type {cert.content_type}")
    check(cert.size_bytes == len(PDF), f"size_bytes {cert.size_bytes}")
    check(cert.sha256 == hashlib.sha256(PDF).hexdigest(), "sha256 of the upload")
    print(f"  certificate: {cert.size_bytes} bytes, sha256 {cert.sha256[:12]}...")


def step_verify():
    refused = verify_record.sync_detailed(state["record"], client=state["officer"])
    check(int(refused.status_code) == 403, f"an officer verifying: {int(refused.status_code)}")
    verified = expect(
        verify_record.sync_detailed(state["record"], client=state["admin"]), 200, TrainingRecordDto
    )
    check(verified.verification.value == "verified", f"verified, got {verified.verification}")
    check(verified.verified_at not in (None, UNSET), "verified_at is set")
    check(
        verified.certificate not in (None, UNSET) and verified.certificate.sha256
        == hashlib.sha256(PDF).hexdigest(),
        "the verified record names its certificate",
    )
    # Verified, the record (and its certificate) is no longer the officer's to change.
    late = upload_certificate.sync_detailed(state["record"], client=state["officer"], body=upload_body())
    check(int(late.status_code) == 403, f"an officer re-filing a verified record: {int(late.status_code)}")
    print("  record verified by the admin")


def step_download():
    got = download_certificate.sync_detailed(state["record"], client=state["admin"])
    check(int(got.status_code) == 200, f"download: {int(got.status_code)} {got.content[:200]!r}")
    check(got.content == PDF, "the download is the upload, byte for byte")
    ctype = got.headers.get("content-type", "")
    check(ctype.startswith("application/pdf"), f"download Content-Type {ctype!r}")
    if isinstance(got.parsed, File):
        check(got.parsed.payload.read() == PDF, "the parsed File is the upload")
    elif not isinstance(got.parsed, (bytes, bytearray)):
        defect(
            "GET /api/v1/training-records/{id}/certificate: the generated client parses the "
            f"file as {type(got.parsed).__name__} (the response schema must be "
            "`type: string, format: binary`)"
        )
    own = download_certificate.sync_detailed(state["record"], client=state["officer"])
    check(int(own.status_code) == 200 and own.content == PDF, "the officer downloads his own")


def step_api_key():
    # Another system: a service account's key, sent as the document's `api_key` scheme says.
    name = f"Contract RMS {datetime.datetime.now().strftime('%H%M%S%f')}"
    account = expect(
        create_service_account.sync_detailed(
            client=state["admin"],
            body=ServiceAccountInput(name=name, scopes=[ApiScope.ROSTER_READ, ApiScope.TRAINING_WRITE]),
        ),
        201,
        ServiceAccountDto,
    )
    made = expect(
        create_api_key.sync_detailed(account.id, client=state["admin"], body=ApiKeyInput(name="contract")),
        201,
        ApiKeyCreated,
    )
    system = AuthenticatedClient(
        base_url=BASE_URL, token=made.secret, prefix="", auth_header_name="X-API-Key"
    )
    page = expect(list_people.sync_detailed(client=system, limit=5), 200, PagePersonDto)
    check(len(page.items) > 0, "the key reads the roster")
    refused = me.sync_detailed(client=system)
    check(int(refused.status_code) == 403, f"a key on /me: {int(refused.status_code)}")
    # A retried creation with its Idempotency-Key answers the first record again.
    body = TrainingRecordInput.from_dict(
        {
            "person_id": str(state["officer_person"]),
            "completed_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
            "title": "Contract test: records system import",
            "hours": {state["topic"]: 1},
        }
    )
    key = f"contract-{made.key.id}"
    first = expect(
        create_record.sync_detailed(client=system, body=body, idempotency_key=key), 201, TrainingRecordDto
    )
    again = create_record.sync_detailed(client=system, body=body, idempotency_key=key)
    check(int(again.status_code) == 201, f"the retry: {int(again.status_code)}")
    check(again.headers.get("idempotent-replayed") == "true", "the retry is the first answer")
    check(isinstance(again.parsed, TrainingRecordDto) and again.parsed.id == first.id, "the same record")
    print(f"  service account {account.id}: key {made.key.prefix}…, record {first.id} written once")


STEPS = [
    ("sign in (admin, officer)", step_sign_in),
    ("roster", step_roster),
    ("compliance report", step_compliance),
    ("training record created (officer, pending)", step_record),
    ("certificate uploaded (officer)", step_upload),
    ("record verified (admin)", step_verify),
    ("certificate downloaded", step_download),
    ("another system with an API key (admin makes it)", step_api_key),
]


def main() -> int:
    for name, fn in STEPS:
        try:
            fn()
            print(f"ok   {name}")
        except Exception as ex:  # noqa: BLE001 - a step's failure is reported, not raised
            failures.append(name)
            print(f"FAIL {name}: {type(ex).__name__}: {ex}")
            if not isinstance(ex, AssertionError):
                traceback.print_exc(limit=3)
            if name.startswith("sign in"):
                break  # nothing else can run
    if defects:
        print(f"python client: {len(defects)} defect(s) of the document")
    ok = not failures and not defects
    print(f"python client journey: {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
