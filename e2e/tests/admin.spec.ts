import { expect, test } from '@playwright/test';
import { logIn, users } from './helpers';

test('an agency admin invites a user and is shown the one-time token', async ({ page }) => {
  await logIn(page, users.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('cell', { name: users.officer })).toBeVisible();

  const email = `invitee.${Date.now()}@example.test`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role').selectOption('supervisor');
  await page.getByRole('button', { name: 'Send invitation' }).click();

  await expect(page.getByRole('heading', { name: 'Invitation created' })).toBeVisible();
  await expect(page.getByLabel('Invitation token')).not.toHaveValue('');
  await expect(page.getByRole('cell', { name: email })).toBeVisible();
});

test('an agency admin reads the audit log', async ({ page }) => {
  await logIn(page, users.admin);
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  // At least this admin's own sign-in is recorded.
  await expect(page.getByRole('cell', { name: /login/ }).first()).toBeVisible();
});
