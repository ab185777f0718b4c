import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { logIn, users } from './helpers';

test('a coordinator opens the dashboard, drills down to an at-risk officer and downloads the report', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  // The ring is drawn by the app itself and says in words what it shows.
  await expect(page.locator('svg.donut')).toHaveAttribute('aria-label', /\d+ compliant/);
  await expect(page.getByText('Compliance rate')).toBeVisible();

  // Drill down: the Patrol unit, then an officer at risk in it.
  await page.getByRole('region', { name: 'By unit' }).getByRole('link', { name: 'Patrol' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard: Patrol' })).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard\?unit=Patrol$/);
  const attention = page.getByRole('region', { name: 'Needs attention' });
  const atRisk = attention.getByRole('row').filter({ has: page.locator('.badge.warn', { hasText: 'At risk' }) }).first();
  const who = atRisk.getByRole('link').first();
  const name = (await who.textContent())!.trim();
  // What the officer lacks and by when is on the dashboard itself.
  await expect(atRisk.getByText(/\d{4}-\d{2}-\d{2}/).first()).toBeVisible();
  await who.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.locator('.badge.warn', { hasText: 'At risk' }).first()).toBeVisible();

  // Back on the unit's dashboard, the compliance report of the same people downloads.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard: Patrol' })).toBeVisible();
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Compliance report (PDF)' }).click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Compliance report (CSV)' }).click(),
  ]);
  const text = readFileSync((await csv.path())!).toString();
  // Only Patrol's people, the officer among them.
  const [last] = name.split(',');
  expect(text).toContain(last);
  expect(text).not.toContain('Dispatch');
});

test('a supervisor sees the dashboard of his unit, on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await logIn(page, users.supervisor);
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard: Patrol' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Needs attention' })).toBeVisible();
  // No way to the whole agency from a unit's supervisor.
  await page.goto('/dashboard?unit=Dispatch');
  await expect(page.getByRole('alert')).toContainText(/do not have access/i);
});

test('an officer sees his or her own standing', async ({ page }) => {
  await logIn(page, users.officer);
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My standing' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'By unit' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Compliance report (PDF)' })).toHaveCount(0);
});
