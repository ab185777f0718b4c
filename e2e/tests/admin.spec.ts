import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

test('an agency admin invites a user and is shown the one-time token', async ({ page }) => {
  await logIn(page, users.admin);
  await goTo(page, 'Users');
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

test('an agency admin sets the time zone and at-risk window, and a bad zone is named', async ({ page }) => {
  await logIn(page, users.admin);
  await goTo(page, 'Settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Agency settings' })).toBeVisible();
  await expect(page.getByLabel('Time zone')).toHaveValue('America/Chicago');
  await expect(page.getByText(/Today in America\/Chicago is \d{4}-\d{2}-\d{2}/)).toBeVisible();

  await page.getByLabel('Time zone').fill('America/Lakeview');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('.field.invalid', { has: page.getByLabel('Time zone') })).toContainText('IANA time zone');

  await page.getByLabel('At-risk window (days)').fill('60');
  await page.getByLabel('Time zone').fill('America/New_York');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(page.getByText(/Today in America\/New_York is/)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('At-risk window (days)')).toHaveValue('60');

  // Leave the demo agency as the other journeys expect it.
  await page.getByLabel('At-risk window (days)').fill('90');
  await page.getByLabel('Time zone').fill('America/Chicago');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(/Today in America\/Chicago is/)).toBeVisible();
});
