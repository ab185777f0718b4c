import { expect, request, test } from '@playwright/test';
import { goTo, logIn, PASSWORD, users } from './helpers';

/** A login of its own (invited by the admin, password set), so no other journey is locked. */
async function newLogin(baseURL: string): Promise<{ email: string; password: string }> {
  const admin = await request.newContext({ baseURL });
  const login = await admin.post('/api/v1/auth/login', { data: { email: users.admin, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const email = `lockout.${Date.now().toString(36)}@example.test`;
  const invited = await admin.post('/api/v1/users', { data: { email, role: 'officer' } });
  expect(invited.status()).toBe(201);
  const password = 'a long and right password';
  const accepted = await admin.post('/api/v1/auth/accept-invite', {
    data: { token: (await invited.json()).invitation_token, password },
  });
  expect(accepted.ok()).toBeTruthy();
  await admin.dispose();
  return { email, password };
}

test('five wrong passwords lock a login until the admin releases it', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const { email, password } = await newLogin(baseURL!);

  // The page's own form, as the server sends it: each try comes back with its reason.
  let locked = false;
  for (let attempt = 1; attempt <= 6 && !locked; attempt++) {
    await page.goto('/login');
    await expect(page.locator('body[data-app="ready"]')).toHaveCount(1);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`wrong password ${attempt}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/login\?(failed|locked)=1$/);
    locked = page.url().endsWith('locked=1');
    if (attempt < 5) {
      expect(locked, `locked after only ${attempt} wrong passwords`).toBe(false);
    }
  }
  expect(locked, 'locked by the sixth try').toBe(true);
  await expect(page.getByRole('alert')).toContainText('Sign-in locked');
  await expect(page.getByRole('alert')).toContainText('ask your agency\'s administrator to release your account');

  // Even the right password is refused while it is locked.
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\?locked=1$/);

  // The admin sees it locked and releases it.
  const adminPage = await browser.newPage();
  await logIn(adminPage, users.admin);
  await goTo(adminPage, 'Users');
  const row = adminPage.getByRole('row').filter({ has: adminPage.getByRole('rowheader', { name: email }) });
  await expect(row.getByText('Locked', { exact: true })).toBeVisible();
  await expect(row).toContainText('Two-step: off');
  await row.getByRole('button', { name: 'Release lock' }).click();
  await expect(row.getByRole('status')).toContainText('Released');
  await expect(row.getByText('Locked', { exact: true })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Release lock' })).toHaveCount(0);
  await adminPage.close();

  // The right password signs in again.
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('banner')).toBeVisible();
});
