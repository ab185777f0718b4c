import { expect, test } from '@playwright/test';
import { logIn, users } from './helpers';

test('an officer copies the calendar URL, subscribes, and rotates it', async ({ page }) => {
  await logIn(page, users.officer);
  await page.goto('/my-training');
  await expect(page.getByRole('heading', { name: 'My calendar' })).toBeVisible();
  const field = page.getByLabel('Subscription URL');
  await expect(field).toHaveValue(/\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const oldUrl = await field.inputValue();

  const feed = await page.request.get(oldUrl);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  expect(await feed.text()).toContain('BEGIN:VCALENDAR\r\n');

  await page.getByRole('button', { name: 'Rotate URL' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'the old one no longer works' })).toBeVisible();
  await expect(field).not.toHaveValue(oldUrl);
  const newUrl = await field.inputValue();
  expect((await page.request.get(oldUrl)).status()).toBe(404);
  expect((await page.request.get(newUrl)).status()).toBe(200);
});

test('an agency admin downloads everything as one ZIP', async ({ page }) => {
  await logIn(page, users.admin);
  await page.goto('/settings');
  const link = page.getByRole('link', { name: 'Download everything (ZIP)' });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^confitrek-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const path = await download.path();
  const fs = await import('node:fs');
  const bytes = fs.readFileSync(path);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
});
