import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { logIn, users, goTo } from './helpers';

test('a coordinator narrows the compliance matrix to the overdue, worst first, and downloads it', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'Compliance matrix');
  await expect(page.getByRole('heading', { level: 1, name: 'Compliance matrix' })).toBeVisible();
  const table = page.getByRole('region', { name: /Compliance matrix/ }).getByRole('table');
  // A column per requirement, a row per person; every cell says its status in words.
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  await expect(table.getByRole('columnheader').nth(2)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /\d+ people/ })).toBeVisible();

  await page.getByLabel('With a requirement').selectOption('overdue');
  await page.getByLabel('Sort by').selectOption('worst');
  await expect(page).toHaveURL(/status=overdue/);
  await expect(page).toHaveURL(/sort=worst/);
  const first = table.locator('tbody tr').first();
  await expect(first.locator('.badge.bad', { hasText: 'Non-compliant' })).toBeVisible();
  await expect(first.getByText('Overdue').first()).toBeVisible();

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^compliance-matrix-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await csv.path())!).toString();
  expect(text.split('\r\n')[0]).toContain('overall_status');
  expect(text).toContain(',overdue,');

  // Pages of 50: past the first, Load more adds the next page under it.
  await page.getByLabel('With a requirement').selectOption('');
  await expect(page).not.toHaveURL(/status=overdue/);
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const shown = await rows.count();
  expect(shown).toBeLessThanOrEqual(50);
  const more = page.getByRole('button', { name: 'Load more' });
  if (shown === 50 && (await more.isVisible())) {
    await more.click();
    await expect.poll(async () => rows.count()).toBeGreaterThan(50);
  }
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a supervisor\'s matrix scrolls sideways inside its box with the names kept in view', async ({ page }) => {
    await logIn(page, users.supervisor);
    await page.goto('/compliance/matrix');
    await expect(page.getByRole('heading', { level: 1, name: 'Compliance matrix' })).toBeVisible();
    const region = page.getByRole('region', { name: /Compliance matrix/ });
    await expect(region.locator('tbody tr').first()).toBeVisible();
    // The page itself does not scroll sideways; the table does, within its region.
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    const name = region.locator('tbody th.sticky').first();
    const before = await name.boundingBox();
    await region.evaluate((el) => { el.scrollLeft = 400; });
    const after = await name.boundingBox();
    expect(after!.x).toBeCloseTo(before!.x, 0);
    // Only the supervisor's unit: no one of Dispatch.
    await expect(region.getByText('Dispatch')).toHaveCount(0);
  });
});
