import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

// The server makes the demo agency's due notifications as it starts (no mail server here:
// they are in the app only).
test('a coordinator reads the weekly digest and the unread count goes down', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  const digest = page.locator('.notification').filter({ hasText: /Training compliance, week/ });
  await expect(digest).toHaveCount(1);
  await expect(digest).toContainText('New');
  const count = page.locator('.unread-count');
  const before = parseInt((await count.textContent()) ?? '0', 10);
  await digest.locator('summary').click();
  await expect(digest).toContainText('people on the roster');
  await expect(digest).toContainText('In the app only');
  await expect(digest.locator('.badge')).toHaveCount(0);
  await page.goto('/notifications');
  if (before > 1) {
    await expect(count).toHaveText(`${before - 1} unread`);
  } else {
    await expect(count).toHaveCount(0);
  }
});

test('an admin sets the lead times; a bad one is named on its field', async ({ page }) => {
  await logIn(page, users.admin);
  await goTo(page, 'Notification settings');
  const leads = page.getByLabel('Reminder lead times (days)');
  await expect(leads).toHaveValue('90, 30, 7');
  await leads.fill('400');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('each lead time is between 1 and 365 days')).toBeVisible();
  await leads.fill('60, 14');
  await page.getByLabel('The weekly digest for coordinators and admins').uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Reminder lead times (days)')).toHaveValue('60, 14');
  await expect(page.getByLabel('The weekly digest for coordinators and admins')).not.toBeChecked();
  // Put the defaults back for other tests sharing the server.
  await page.getByLabel('Reminder lead times (days)').fill('90, 30, 7');
  await page.getByLabel('The weekly digest for coordinators and admins').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('an admin marks every notification read at once', async ({ page }) => {
  await logIn(page, users.admin);
  await page.goto('/notifications');
  await expect(page.locator('.notification').first()).toBeVisible();
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.locator('.notification .badge')).toHaveCount(0);
  await page.goto('/notifications');
  await expect(page.locator('.unread-count')).toHaveCount(0);
});
