"""Schemathesis hooks for scripts/contract (loaded through SCHEMATHESIS_HOOKS).

Authentication: every request carries `Authorization: Bearer <token>` of the run's user
(CONTRACT_USER, password CONTRACT_PASSWORD), obtained from POST /api/v1/auth/login and
fetched again every 10 minutes (tokens live 15) and on any 401.

EXCLUSIONS. Every check runs on every operation, in every phase, stateful included; nothing
is excluded by operation or by check. contract/schemathesis.toml says why 422 counts as an
expected answer to schema-valid data (ids that do not exist, codes already taken). The one
narrowing here, and why:

  * Deactivating the run's own user is redirected: a case that would deactivate
    (POST /api/v1/people/{id}/deactivate) or set a status other than `active` on
    (PUT /api/v1/people/{id}) the person linked to the signed-in login is sent to an id no
    person has, so it answers 404. Deactivation ends that person's login at once (the
    caller is re-checked on every request), after which every later request of the run
    would be 401 and the run would test nothing. Every other person -- including through
    the stateful phase's links -- is deactivated and changed as generated.

  * POST /api/v1/auth/logout and /auth/refresh are NOT excluded: they act on the refresh
    token presented, and the hook's refresh token is never given to Schemathesis, so they
    cannot end the run's sign-in.
"""

from __future__ import annotations

import os
import threading

import requests
import schemathesis

BASE_URL = os.environ["CONTRACT_BASE_URL"].rstrip("/")
USER = os.environ["CONTRACT_USER"]
PASSWORD = os.environ["CONTRACT_PASSWORD"]

# A well-formed UUID no person has (UUIDv7 layout, all-zero random part).
NOBODY = "00000000-0000-7000-8000-000000000000"

_lock = threading.Lock()
_own_person: dict[str, str | None] = {}


def _login() -> str:
    r = requests.post(
        f"{BASE_URL}/api/v1/auth/login",
        json={"email": USER, "password": PASSWORD},
        timeout=30,
    )
    r.raise_for_status()
    token = r.json()["access_token"]
    with _lock:
        if "id" not in _own_person:
            me = requests.get(
                f"{BASE_URL}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            me.raise_for_status()
            _own_person["id"] = me.json().get("person_id")
    return token


@schemathesis.auth(refresh_interval=600)
class BearerLogin:
    def get(self, case, ctx):
        return _login()

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.serializer("application/pdf")
def pdf_body(ctx, value):
    """Uploads are raw bytes (a PDF, PNG or JPEG). Generated values become bytes as they are:
    the server, not the media type, decides what the content is."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, list) and all(isinstance(v, int) and 0 <= v < 256 for v in value):
        return bytes(value)
    return repr(value).encode()


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    own = _own_person.get("id")
    if not own or not case.path_parameters:
        return
    if str(case.path_parameters.get("id")) != own:
        return
    path, method = case.operation.path, case.method.upper()
    if path == "/api/v1/people/{id}/deactivate" and method == "POST":
        case.path_parameters["id"] = NOBODY
    elif path == "/api/v1/people/{id}" and method == "PUT":
        body = case.body if isinstance(case.body, dict) else {}
        if body.get("status", "active") != "active":
            case.path_parameters["id"] = NOBODY
