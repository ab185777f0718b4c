import { expect, test } from '@playwright/test';
import { goTo, logIn, users } from './helpers';

// An admin lets another system in: a service account with a scope, a key shown once, which
// then reads the roster without anyone's password, and stops working once revoked.
test('an admin makes an API key that reads the roster until it is revoked', async ({ page, request }) => {
  await logIn(page, users.admin);
  await goTo(page, 'Integrations');
  await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
  const section = page.getByRole('region', { name: 'API keys' });
  const name = `Scheduler ${Date.now().toString(36)}`;

  await section.getByText('Add a service account').click();
  // Nothing named: the field says so, and nothing is made.
  await section.getByRole('button', { name: 'Add service account' }).click();
  await expect(section.locator('#error-service-account-name')).toContainText('must not be empty');

  await section.getByLabel('Name').fill(name);
  await section.getByLabel('Read roster and compliance').check();
  await section.getByRole('button', { name: 'Add service account' }).click();
  const account = section.getByRole('article', { name });
  await expect(account).toBeVisible();
  await expect(account).toContainText('Scopes: Read roster and compliance');

  await account.getByText('New key').click();
  await account.getByLabel('Key name').fill('production');
  await account.getByRole('button', { name: 'Make key' }).click();
  const secretBox = account.getByLabel('The new API key');
  await expect(secretBox).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret).toMatch(/^ctk_[0-9a-f]{12}_/);

  const roster = await request.get('/api/v1/people', { headers: { 'X-API-Key': secret } });
  expect(roster.status()).toBe(200);
  // Outside its scope, refused.
  const users_ = await request.get('/api/v1/users', { headers: { 'X-API-Key': secret } });
  expect(users_.status()).toBe(403);

  // Once done, the secret is gone from the page; the key is listed by its start only.
  await account.getByRole('button', { name: 'Done' }).click();
  await expect(account.getByLabel('The new API key')).toHaveCount(0);
  await expect(account.getByRole('row', { name: /production/ })).toContainText('Active');
  await expect(account.getByRole('row', { name: /production/ })).toContainText(secret.slice(0, 16));

  await account.getByRole('button', { name: 'Revoke key production' }).click();
  await expect(account.getByRole('row', { name: /production/ })).toContainText('Revoked');
  const after = await request.get('/api/v1/people', { headers: { 'X-API-Key': secret } });
  expect(after.status()).toBe(401);
});
