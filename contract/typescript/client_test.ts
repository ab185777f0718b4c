// The TypeScript client journey of scripts/contract: openapi-fetch typed by the types
// openapi-typescript generated from the committed document (target/contract/ts/schema.d.ts),
// type-checked with `tsc --noEmit` (strict) before it runs. The same journey as the Python
// client: sign in, the roster, a compliance report, an officer's own training record with a
// certificate, verified by the admin, the certificate downloaded.
//
// Environment: CONTRACT_BASE_URL, CONTRACT_PASSWORD.

import { createHash } from "node:crypto";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "../../target/contract/ts/schema.js";

type Schemas = components["schemas"];

const baseUrl = need("CONTRACT_BASE_URL");
const password = need("CONTRACT_PASSWORD");
const ADMIN = "admin@demo.confitrek.test";
const OFFICER = "officer@demo.confitrek.test";

// The smallest well-formed PDF the server accepts: one empty page (ASCII only).
const PDF =
  "%PDF-1.4\n" +
  "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
  "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
  "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\n" +
  "trailer<</Root 1 0 R>>\n" +
  "%%EOF\n";
const PDF_BYTES = new TextEncoder().encode(PDF);
const PDF_SHA256 = createHash("sha256").update(PDF_BYTES).digest("hex");

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(what);
}

/** The body of a successful call, or a failure naming the status and the problem. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, status: number): T {
  check(
    result.response.status === status,
    `expected ${status}, got ${result.response.status}: ${JSON.stringify(result.error ?? result.data)}`,
  );
  check(result.data !== undefined, `no body with ${status}`);
  return result.data;
}

type Api = Client<paths>;

function bearer(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
}

async function signIn(email: string): Promise<Api> {
  const anonymous = createClient<paths>({ baseUrl });
  const tokens: Schemas["TokenResponse"] = ok(
    await anonymous.POST("/api/v1/auth/login", { body: { email, password } }),
    200,
  );
  check(tokens.token_type === "Bearer", `token_type ${tokens.token_type}`);
  const client = createClient<paths>({ baseUrl });
  client.use(bearer(tokens.access_token));
  return client;
}

interface State {
  admin: Api;
  officer: Api;
  officerPerson: string;
  record: string;
}
const state: Partial<State> = {};
const get = <K extends keyof State>(key: K): State[K] => {
  const value = state[key];
  check(value !== undefined, `${key} is not known (an earlier step failed)`);
  return value as State[K];
};

async function stepSignIn(): Promise<void> {
  state.admin = await signIn(ADMIN);
  state.officer = await signIn(OFFICER);
  const adminMe: Schemas["Me"] = ok(await state.admin.GET("/api/v1/me"), 200);
  check(adminMe.role === "agency_admin", `admin role ${adminMe.role}`);
  const officerMe = ok(await state.officer.GET("/api/v1/me"), 200);
  check(officerMe.role === "officer", `officer role ${officerMe.role}`);
  check(officerMe.person_id, "the demo officer is on the roster");
  state.officerPerson = officerMe.person_id;
}

async function stepRoster(): Promise<void> {
  const page: Schemas["Page_PersonDto"] = ok(
    await get("admin").GET("/api/v1/people", { params: { query: { limit: 200 } } }),
    200,
  );
  check(page.items.length > 1, `the demo roster has people, got ${page.items.length}`);
  check(page.items.some((p) => p.id === get("officerPerson")), "the officer is on the roster");
  const own = ok(await get("officer").GET("/api/v1/people"), 200);
  check(
    own.items.length === 1 && own.items[0]?.id === get("officerPerson"),
    "an officer's roster is himself",
  );
  console.log(`  roster: ${page.items.length} people`);
}

async function stepCompliance(): Promise<void> {
  const report: Schemas["ComplianceReportDto"] = ok(
    await get("admin").GET("/api/v1/people/{id}/compliance", {
      params: { path: { id: get("officerPerson") } },
    }),
    200,
  );
  check(report.person_id === get("officerPerson"), "the report is the officer's");
  check(report.requirements.length > 0, "the officer has requirements");
  const status: Schemas["ComplianceStatus"] = report.status;
  console.log(`  compliance: ${status}, ${report.requirements.length} requirements`);
}

async function stepRecord(): Promise<void> {
  const topics = ok(await get("officer").GET("/api/v1/topics"), 200);
  const topic = topics.topics.find((t) => t.creditable);
  check(topic, "the jurisdiction has creditable topics");
  const completed = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const body: Schemas["TrainingRecordInput"] = {
    person_id: get("officerPerson"),
    completed_on: completed,
    title: "Contract test (TypeScript): de-escalation refresher",
    hours: { [topic.code]: 1.5 },
  };
  const record: Schemas["TrainingRecordDto"] = ok(
    await get("officer").POST("/api/v1/training-records", { body }),
    201,
  );
  const verification: Schemas["Verification"] = record.verification;
  check(verification === "pending", `own record is pending, got ${verification}`);
  check(Math.abs(record.total_hours - 1.5) < 1e-9, `total_hours ${record.total_hours}`);
  state.record = record.id;
  console.log(`  record ${record.id}: ${topic.code} 1.5 h, pending`);
}

async function upload(client: Api) {
  return client.PUT("/api/v1/training-records/{id}/certificate", {
    params: { path: { id: get("record") } },
    // A binary body: the document's `type: string, format: binary` is a string to
    // openapi-typescript; the PDF is ASCII, so the string is the file.
    body: PDF,
    bodySerializer: (body) => body,
    headers: { "Content-Type": "application/pdf" },
  });
}

async function stepUpload(): Promise<void> {
  const cert: Schemas["CertificateDto"] = ok(await upload(get("officer")), 201);
  check(cert.content_type === "application/pdf", `content_type ${cert.content_type}`);
  check(cert.size_bytes === PDF_BYTES.length, `size_bytes ${cert.size_bytes}`);
  check(cert.sha256 === PDF_SHA256, "sha256 of the upload");
  console.log(`  certificate: ${cert.size_bytes} bytes, sha256 ${cert.sha256.slice(0, 12)}...`);
}

async function stepVerify(): Promise<void> {
  const path = { params: { path: { id: get("record") } } };
  const refused = await get("officer").POST("/api/v1/training-records/{id}/verify", path);
  check(refused.response.status === 403, `an officer verifying: ${refused.response.status}`);
  const verified = ok(await get("admin").POST("/api/v1/training-records/{id}/verify", path), 200);
  check(verified.verification === "verified", `verified, got ${verified.verification}`);
  check(verified.certificate?.sha256 === PDF_SHA256, "the verified record names its certificate");
  const late = await upload(get("officer"));
  check(late.response.status === 403, `an officer re-filing a verified record: ${late.response.status}`);
  console.log("  record verified by the admin");
}

async function stepDownload(): Promise<void> {
  for (const who of ["admin", "officer"] as const) {
    const got = await get(who).GET("/api/v1/training-records/{id}/certificate", {
      params: { path: { id: get("record") } },
      parseAs: "arrayBuffer",
    });
    check(got.response.status === 200, `download as ${who}: ${got.response.status}`);
    check(got.data !== undefined, "a body");
    const bytes = new Uint8Array(got.data);
    check(
      bytes.length === PDF_BYTES.length && bytes.every((b, i) => b === PDF_BYTES[i]),
      `the download as ${who} is the upload, byte for byte`,
    );
    const type = got.response.headers.get("content-type") ?? "";
    check(type.startsWith("application/pdf"), `Content-Type ${type}`);
  }
}

const steps: [string, () => Promise<void>][] = [
  ["sign in (admin, officer)", stepSignIn],
  ["roster", stepRoster],
  ["compliance report", stepCompliance],
  ["training record created (officer, pending)", stepRecord],
  ["certificate uploaded (officer)", stepUpload],
  ["record verified (admin)", stepVerify],
  ["certificate downloaded", stepDownload],
];

let failed = 0;
for (const [name, step] of steps) {
  try {
    await step();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`);
    if (name.startsWith("sign in")) break;
  }
}
console.log(`typescript client journey: ${failed === 0 ? "passed" : "FAILED"}`);
process.exit(failed === 0 ? 0 : 1);
