import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { logIn, PASSWORD, users } from './helpers';

// Single sign-on against a real OpenID provider (`oidc-provider`, e2e/oidc/provider.mjs),
// started here on loopback as `localhost`: another site than the app at 127.0.0.1, as an
// agency's provider is. The admin adds it on the Integrations page; people sign in through
// it from the sign-in page; a replayed callback, an ID token minted for another client and an
// address the provider has not verified are refused.

const appPort = Number(process.env.E2E_PORT ?? 18080);
const oidcPort = Number(process.env.OIDC_PORT ?? 18090);
const issuer = `http://localhost:${oidcPort}`;
const CLIENT_ID = 'confitrek-e2e';
const CLIENT_SECRET = 'e2e-provider-client-secret-4f9c2a';
const NAME = 'Lakeview Test IdP';

let provider: ChildProcess | undefined;
let providerLog = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, testInfo) => {
  // The e2e directory, from the configuration this run was started with.
  const e2e = path.dirname(testInfo.config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
  provider = spawn(process.execPath, [path.join(e2e, 'oidc', 'provider.mjs')], {
    cwd: e2e,
    env: { ...process.env, OIDC_PORT: String(oidcPort), E2E_PORT: String(appPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  provider.stdout?.on('data', (d) => (providerLog += d));
  provider.stderr?.on('data', (d) => (providerLog += d));
  for (let i = 0; i < 100; i++) {
    try {
      const answer = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the OpenID provider did not start:\n${providerLog}`);
});

test.afterAll(async () => {
  provider?.kill();
  // Leave the demo agency as it was for the journeys after this one.
  const admin = await signedIn(`http://127.0.0.1:${appPort}`, users.admin);
  const providers = await (await admin.get('/api/v1/identity-providers')).json();
  for (const p of providers.items) await admin.delete(`/api/v1/identity-providers/${p.id}`);
  const logins = await (await admin.get('/api/v1/users?limit=200')).json();
  const newcomer = logins.items.find((u: { email: string }) => u.email === 'newcomer@demo.confitrek.test');
  if (newcomer) await admin.post(`/api/v1/users/${newcomer.id}/disable`, { data: {} });
});

/** The code of an authenticator app (RFC 6238: SHA-1, 6 digits, 30 s) at `step`. */
function totp(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of secret.replace(/=+$/, '')) {
    value = ((value << 5) | alphabet.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hash = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  return ((hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 30_000);

// Nothing in these journeys may leave this machine.
test.beforeEach(async ({ context }) => {
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
});

async function signedIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const anonymous = await request.newContext({ baseURL });
  const answer = await anonymous.post('/api/v1/auth/login', { data: { email, password: PASSWORD } });
  expect(answer.ok()).toBeTruthy();
  const { access_token } = await answer.json();
  return request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${access_token}` } });
}

/** From the sign-in page through the provider's own sign-in, back to the app. */
async function signInThroughProvider(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('link', { name: `Sign in with ${NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('whatever the provider asks');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function whoAmI(page: Page): Promise<{ status: number; email?: string; role?: string }> {
  const answer = await page.request.get('/api/v1/me');
  if (!answer.ok()) return { status: answer.status() };
  const me = await answer.json();
  return { status: answer.status(), email: me.email, role: me.role };
}

test('an admin adds the agency identity provider on the Integrations page, its secret never shown', async ({ page }) => {
  await logIn(page, users.admin);
  await page.goto('/integrations');
  const section = page.getByRole('region', { name: 'Single sign-on' });
  await expect(section.getByLabel('Redirect URI to register at the provider')).toHaveValue(
    `http://127.0.0.1:${appPort}/api/v1/auth/sso/callback`,
  );
  await expect(section.getByText('No identity providers yet')).toBeVisible();

  // A plain-http issuer elsewhere than this machine is refused at its field.
  await section.getByLabel('Name on the sign-in button').fill(NAME);
  await section.getByLabel('Issuer URL').fill('http://idp.lakeview.example');
  await section.getByLabel('Client id').fill(CLIENT_ID);
  await section.getByLabel('Client secret').fill(CLIENT_SECRET);
  await section.getByLabel('Allowed e-mail domains').fill('demo.confitrek.test');
  await section.getByRole('button', { name: 'Add provider' }).click();
  await expect(section.locator('#error-issuer')).toContainText('https');

  await section.getByLabel('Issuer URL').fill(issuer);
  await section.getByRole('button', { name: 'Add provider' }).click();
  await expect(section.getByRole('status')).toHaveText(`Saved ${NAME}.`);
  const card = section.getByRole('article', { name: NAME });
  await expect(card).toContainText(issuer);
  await expect(card).toContainText('Stored (never shown)');
  await expect(card).toContainText('Never made silently');
  expect(await page.content()).not.toContain(CLIENT_SECRET);
});

test('a coordinator signs in through the provider from the sign-in page', async ({ page }) => {
  await signInThroughProvider(page, users.coordinator);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('banner')).toBeVisible();
  expect(await whoAmI(page)).toEqual({ status: 200, email: users.coordinator, role: 'coordinator' });
});

test('a replayed callback is refused and signs nobody in', async ({ page }) => {
  let callback = '';
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/auth/sso/callback')) callback = r.url();
  });
  await signInThroughProvider(page, users.officer);
  await expect(page.getByRole('banner')).toBeVisible();
  expect((await whoAmI(page)).email).toBe(users.officer);
  expect(callback).toContain('code=');

  // Signed out, the same answer of the provider (its code and state) comes back.
  await page.context().clearCookies();
  await page.goto(callback);
  await expect(page).toHaveURL(/\/login\?sso_error=expired/);
  await expect(page.getByRole('alert')).toContainText('expired or was already used');
  expect((await whoAmI(page)).status).toBe(401);
  // The agency's audit log says so.
  const admin = await signedIn(`http://127.0.0.1:${appPort}`, users.admin);
  const events = await (await admin.get('/api/v1/audit-events?action=auth.sso_refused.replayed')).json();
  expect(events.items.length).toBe(1);
});

test('an ID token the provider minted for another client is refused', async ({ page }) => {
  const forged = await fetch(`${issuer}/test/next-audience`, { method: 'POST', body: 'another-app' });
  expect(forged.status).toBe(204);
  await signInThroughProvider(page, users.officer);
  await expect(page).toHaveURL(/\/login\?sso_error=rejected/);
  await expect(page.getByRole('alert')).toContainText('could not be verified');
  expect((await whoAmI(page)).status).toBe(401);
});

test('an address the provider has not verified signs nobody in', async ({ page }) => {
  await signInThroughProvider(page, users.supervisor);
  await expect(page).toHaveURL(/\/login\?sso_error=email_not_verified/);
  await expect(page.getByRole('alert')).toContainText('has not verified your e-mail address');
  expect((await whoAmI(page)).status).toBe(401);
});

test('a sign-in cancelled at the provider comes back to the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(users.officer);
  await page.getByRole('link', { name: `Sign in with ${NAME}` }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/login\?sso_error=cancelled/);
  await expect(page.getByRole('alert')).toContainText('cancelled');
});

test('someone without a login gets one only once the admin lets the provider make officers', async ({ browser, page }) => {
  const newcomer = 'newcomer@demo.confitrek.test';
  await signInThroughProvider(page, newcomer);
  await expect(page).toHaveURL(/\/login\?sso_error=no_account/);
  await expect(page.getByRole('alert')).toContainText('no ConfiTrek login');

  const admin = await browser.newPage();
  await logIn(admin, users.admin);
  await admin.goto('/integrations');
  const section = admin.getByRole('region', { name: 'Single sign-on' });
  await section.getByRole('article', { name: NAME }).getByRole('button', { name: `Edit ${NAME}` }).click();
  await section.getByLabel('Make a login for someone the provider vouches for who has none?').selectOption('officer');
  await section.getByRole('button', { name: 'Save provider' }).click();
  await expect(section.getByRole('status')).toHaveText(`Saved ${NAME}.`);
  await expect(section.getByRole('article', { name: NAME })).toContainText('as Officer');
  await admin.close();

  // Still signed in at the provider: straight back, and in.
  await page.goto('/login');
  await page.getByLabel('Email').fill(newcomer);
  await page.getByRole('link', { name: `Sign in with ${NAME}` }).click();
  await expect(page.getByRole('banner')).toBeVisible();
  expect(await whoAmI(page)).toEqual({ status: 200, email: newcomer, role: 'officer' });
});

test('a login with an authenticator app still gives its code after the provider sign-in', async ({ page }) => {
  const base = `http://127.0.0.1:${appPort}`;
  // The officer sets up two-step sign-in (its code of this step is spent by that).
  const officer = await signedIn(base, users.officer);
  const enrolment = await (await officer.post('/api/v1/auth/mfa/enrolment', { data: {} })).json();
  const confirmed = await officer.post('/api/v1/auth/mfa/enrolment/confirm', {
    data: { code: totp(enrolment.secret, currentStep()) },
  });
  expect(confirmed.ok()).toBeTruthy();
  try {
    await signInThroughProvider(page, users.officer);
    await expect(page).toHaveURL(/\/login\?sso_code=1$/);
    await expect(page.getByRole('heading', { name: 'One more step' })).toBeVisible();
    expect((await whoAmI(page)).status).toBe(401);

    const next = totp(enrolment.secret, currentStep() + 1);
    await page.getByRole('textbox', { name: 'Authenticator code' }).fill(next === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/\/login\?sso_code=1&wrong=1$/);
    await expect(page.getByRole('alert')).toContainText('That code did not work');

    // The next step's code (an app's clock may run a step ahead) is one not used yet.
    await page.getByRole('textbox', { name: 'Authenticator code' }).fill(next);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('banner')).toBeVisible();
    expect(await whoAmI(page)).toEqual({ status: 200, email: users.officer, role: 'officer' });
  } finally {
    const admin = await signedIn(base, users.admin);
    const logins = await (await admin.get('/api/v1/users?limit=200')).json();
    const id = logins.items.find((u: { email: string }) => u.email === users.officer).id;
    expect((await admin.post(`/api/v1/users/${id}/mfa/reset`, { data: {} })).ok()).toBeTruthy();
  }
});
