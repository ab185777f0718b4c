import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

test('an agency admin invites a user and is shown the one-time token', async ({ page }) => {
  await logIn(page, users.admin);
  await goTo(page, 'Users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: users.officer })).toBeVisible();

  const email = `invitee.${Date.now()}@example.test`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('supervisor');
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'One-time link created' })).toBeVisible();
  await expect(page.getByLabel('Invitation token')).not.toHaveValue('');
  await expect(page.getByRole('rowheader', { name: email })).toBeVisible();
});

test('an admin changes a login\'s role, switches it off and on, and the person sets a password from a new link', async ({ page, browser }) => {
  await logIn(page, users.admin);
  await goTo(page, 'Users');
  const email = `newcomer.${Date.now()}@example.test`;
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('officer');
  await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: email }) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').filter({ hasText: 'Never' })).toBeVisible();

  // The role: chosen in the row, kept by the server.
  await row.getByLabel(`Role of ${email}`).selectOption('coordinator');
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('coordinator');
  await page.reload();
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('coordinator');

  await row.getByRole('button', { name: 'Switch off' }).click();
  await expect(row).toContainText('Switched off');
  await row.getByRole('button', { name: 'Switch on' }).click();
  await expect(row).toContainText('Invited');

  // A new invitation: the link it shows lets the person choose a password and sign in.
  await row.getByRole('button', { name: 'Resend invitation' }).click();
  const link = await page.getByLabel('Link to set a password').inputValue();
  expect(link).toContain('/set-password?token=');
  const newcomer = await browser.newPage();
  await newcomer.goto(link);
  await newcomer.getByLabel('New password').fill('short');
  await newcomer.getByLabel('The same password again').fill('short');
  await newcomer.getByRole('button', { name: 'Set password' }).click();
  await expect(newcomer.locator('.field-error')).toBeVisible();
  await newcomer.getByLabel('New password').fill('correct horse battery staple');
  await newcomer.getByLabel('The same password again').fill('correct horse battery staple');
  await newcomer.getByRole('button', { name: 'Set password' }).click();
  await expect(newcomer.getByRole('heading', { name: 'Your password is set' })).toBeVisible();
  await newcomer.getByRole('link', { name: 'Sign in' }).click();
  await newcomer.getByLabel('Email').fill(email);
  await newcomer.getByLabel('Password').fill('correct horse battery staple');
  await newcomer.getByRole('button', { name: 'Sign in' }).click();
  await expect(newcomer.locator('.role-label')).toHaveText('Training coordinator');
  await newcomer.close();

  // The admin's own row offers nothing that would lock the admin out.
  const own = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: users.admin }) });
  await expect(own).toContainText('Your own login');
  await expect(own.getByRole('button')).toHaveCount(0);
});

test('an agency admin reads the audit log', async ({ page }) => {
  await logIn(page, users.admin);
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  // At least this admin's own sign-in is recorded, with who signed in, in the agency's zone.
  await expect(page.getByRole('cell', { name: /login/ }).first()).toBeVisible();
  await page.getByLabel('What').selectOption({ label: 'Sign-ins and sign-outs' });
  const signIn = page.getByRole('row').filter({ hasText: 'auth.login' }).first();
  await expect(signIn).toBeVisible();
  await expect(signIn.getByRole('cell').first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} C[SD]T$/);
  // Who: the admin's own sign-ins only, named the same on every row.
  await page.getByLabel('Who').selectOption({ label: users.admin });
  await expect(page.getByRole('row').filter({ hasText: 'auth.login' }).first()).toBeVisible();
  const who = page.getByRole('table').locator('td[data-label="Who"]');
  await expect.poll(async () => new Set(await who.allTextContents()).size).toBe(1);
  // Days after today hold nothing yet.
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('From').fill(tomorrow);
  await expect(page.getByText('No event matches these filters.')).toBeVisible();
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
