import { createHmac } from 'node:crypto';
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { goTo, logIn, PASSWORD, users } from './helpers';

// Two-step sign-in as an authenticator app does it (RFC 6238: SHA-1, 6 digits, 30 s).
const STEP_SECONDS = 30;

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

function currentStep(): number {
  return Math.floor(Date.now() / 1000 / STEP_SECONDS);
}

function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hash = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  const number = (hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return number.toString().padStart(6, '0');
}

/** A step after `used`: a code works once, so the next sign-in waits for a new one. */
async function stepAfter(used: number): Promise<number> {
  while (currentStep() <= used) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return currentStep();
}

async function signedIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/v1/auth/login', { data: { email, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  return api;
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('a login that must use two-step sign-in sets it up on a phone and signs in with a code', async ({ page, browser, baseURL }) => {
  test.setTimeout(150_000);
  // Signed in before the requirement is switched on, so it can always switch it off again.
  const admin = await signedIn(baseURL!, users.admin);
  const logins = await (await admin.get('/api/v1/users?limit=100')).json();
  const officerId = logins.items.find((u: { email: string }) => u.email === users.officer).id as string;
  const original = await (await admin.get('/api/v1/agencies/current/security')).json();
  const officerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    // The admin requires it of everyone (the demo agency is otherwise exempt).
    await logIn(page, users.admin);
    await goTo(page, 'Settings');
    const security = page.getByRole('region', { name: 'Sign-in security' });
    await security.getByLabel('Require two-step sign-in for everyone').check();
    await security.getByRole('button', { name: 'Save sign-in security' }).click();
    await expect(security.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

    // The officer is sent to set it up, whatever page is asked for.
    const officer = await officerContext.newPage();
    await logIn(officer, users.officer);
    await expect(officer).toHaveURL(/\/security$/);
    await expect(officer.getByRole('alert').filter({ hasText: 'Set up two-step sign-in to continue' })).toBeVisible();
    await officer.goto('/my-training');
    await expect(officer).toHaveURL(/\/security$/);
    await expect(officer.getByRole('heading', { level: 1, name: 'Sign-in & security' })).toBeVisible();

    await officer.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    await expect(officer.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg')).toBeVisible();
    await expect(officer.getByText("Can't scan? Enter this key:")).toBeVisible();
    const secret = (await officer.locator('figure.qr code').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(await overflow(officer), 'the QR code fits a phone').toBeLessThanOrEqual(0);

    // A wrong code is named at its field.
    const enrolStep = currentStep();
    const right = totp(secret, enrolStep);
    await officer.getByLabel('Code from the app').fill(right === '000000' ? '111111' : '000000');
    await officer.getByRole('button', { name: 'Turn on' }).click();
    await expect(officer.locator('.field.invalid', { has: officer.getByLabel('Code from the app') })).toContainText('not the code');

    await officer.getByLabel('Code from the app').fill(right);
    await officer.getByRole('button', { name: 'Turn on' }).click();
    await expect(officer.getByText('Save these recovery codes now: each signs in once if you lose your phone.')).toBeVisible();
    await expect(officer.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
    await expect(officer.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').first()).toHaveText(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    await officer.getByRole('button', { name: 'Done' }).click();
    await expect(officer).not.toHaveURL(/\/security$/);
    await expect(officer.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(officer.getByText('Set up two-step sign-in to continue')).toHaveCount(0);

    // Signed out, the officer needs the code: a wrong one is refused, a fresh one works.
    await officer.getByRole('button', { name: 'Menu', exact: true }).click();
    await officer.getByRole('button', { name: 'Log out' }).click();
    await expect(officer).toHaveURL(/\/login$/);
    // The app's own form (after signing out) shows the server's answer: a code is needed.
    await officer.getByLabel('Email').fill(users.officer);
    await officer.getByLabel('Password').fill(PASSWORD);
    await officer.getByRole('button', { name: 'Sign in' }).click();
    await expect(officer.getByRole('alert')).toContainText('Code required');
    await expect(officer.getByLabel('Authenticator code')).toHaveAttribute('aria-invalid', 'true');
    // The page's own form, as the server sends it, comes back saying so too.
    await officer.goto('/login');
    await expect(officer.locator('body[data-app="ready"]')).toHaveCount(1);
    await officer.getByLabel('Email').fill(users.officer);
    await officer.getByLabel('Password').fill(PASSWORD);
    await officer.getByLabel('Authenticator code').fill('123 456 789');
    await officer.getByRole('button', { name: 'Sign in' }).click();
    await expect(officer).toHaveURL(/\/login\?code=1$/);
    await expect(officer.getByRole('alert')).toContainText('Enter the code from your authenticator app');
    await expect(officer.getByRole('alert')).toContainText('Your account uses two-step sign-in');

    const step = await stepAfter(enrolStep);
    await officer.getByLabel('Email').fill(users.officer);
    await officer.getByLabel('Password').fill(PASSWORD);
    await officer.getByLabel('Authenticator code').fill(totp(secret, step));
    await officer.getByRole('button', { name: 'Sign in' }).click();
    await expect(officer).not.toHaveURL(/\/(login|security)/);
    await expect(officer.getByRole('banner')).toBeVisible();

    // Its sessions: this one, marked.
    await officer.goto('/security');
    await expect(officer.getByText('Two-step sign-in: On')).toBeVisible();
    await expect(officer.getByText('Recovery codes left: 10')).toBeVisible();
    await expect(officer.getByRole('region', { name: 'Your sessions' }).getByText('This session')).toBeVisible();
    expect(await overflow(officer), 'the security page fits a phone').toBeLessThanOrEqual(0);

    // The admin resets the officer's two-step sign-in (asked once more), then lifts the
    // requirement, leaving the demo agency as the other journeys expect it.
    await goTo(page, 'Users');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: users.officer }) });
    await expect(row).toContainText('Two-step: on');
    await row.getByRole('button', { name: 'Reset two-step sign-in' }).click();
    await row.getByRole('group', { name: `Reset two-step sign-in of ${users.officer}?` }).getByRole('button', { name: 'Yes, reset' }).click();
    await expect(row).toContainText('Two-step: off');
    await goTo(page, 'Settings');
    const again = page.getByRole('region', { name: 'Sign-in security' });
    await again.getByLabel('Require two-step sign-in for everyone').uncheck();
    await again.getByRole('button', { name: 'Save sign-in security' }).click();
    await expect(again.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  } finally {
    await officerContext.close();
    // Whatever failed above, later journeys find the agency and the officer as they were.
    await admin.put('/api/v1/agencies/current/security', { data: { ...original, mfa_for_everyone: false } });
    const after = await (await admin.get('/api/v1/users?limit=100')).json();
    if (after.items.find((u: { id: string; mfa_enabled: boolean }) => u.id === officerId)?.mfa_enabled) {
      await admin.post(`/api/v1/users/${officerId}/mfa/reset`, { data: {} });
    }
    await admin.dispose();
  }
});
