import { expect, request, test } from '@playwright/test';
import { logIn, PASSWORD, users } from './helpers';

test('an admin erases a person on request, confirming with the name', async ({ page, baseURL }) => {
  const admin = await request.newContext({ baseURL });
  const login = await admin.post('/api/v1/auth/login', { data: { email: users.admin, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const badge = `E-${Date.now().toString(36)}`;
  const created = await admin.post('/api/v1/people', {
    data: { kind: 'officer', first_name: 'Erin', last_name: 'Erasure', badge },
  });
  expect(created.status()).toBe(201);
  const person = await created.json();

  await logIn(page, users.admin);
  await page.goto(`/people/${person.id}`);
  const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  const erase = page.getByRole('button', { name: 'Erase for good' });
  await expect(erase).toBeDisabled();
  await page.getByLabel(/to confirm$/).fill(name);
  await erase.click();
  await expect(page).toHaveURL(/\/people$/);

  const gone = await admin.get(`/api/v1/people/${person.id}`);
  expect(gone.status()).toBe(404);
  await admin.dispose();
});
