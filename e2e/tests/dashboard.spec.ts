import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { logIn, users, goTo } from './helpers';

test('a coordinator opens the dashboard, drills down to an at-risk officer and downloads the report', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'Dashboard');

  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  // The ring is drawn by the app itself and says in words what it shows.
  await expect(page.locator('svg.donut')).toHaveAttribute('aria-label', /\d+ compliant/);
  await expect(page.getByText('Compliance rate', { exact: true })).toBeVisible();

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
  await goTo(page, 'Dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'My standing' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'By unit' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Compliance report (PDF)' })).toHaveCount(0);
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('every number of the coordinator\'s dashboard names its column and nothing scrolls sideways', async ({ page }) => {
    await logIn(page, users.coordinator);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    // The rate says what it counts; at risk and compliant are shown apart, with their shares.
    await expect(page.locator('#rate-definition')).toContainText('missed no deadline');
    await expect(page.locator('.totals').getByText(/^At risk$/)).toBeVisible();
    const byRequirement = page.getByRole('region', { name: 'By requirement' });
    await expect(byRequirement.getByRole('list', { name: 'What the colours stand for' })).toContainText('overdue');
    // Each value carries its own column's name: none can sit under another's heading.
    const row = byRequirement.getByRole('row').nth(1);
    for (const label of ['Rate', 'Overdue', 'At risk', 'People']) {
      await expect(row.locator(`td[data-label="${label}"]`)).toBeVisible();
    }
    await expect(row.locator('td[data-label="Standing"] svg')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByText(/overdue overdue/i)).toHaveCount(0);
  });

  for (const [who, user] of [['supervisor', users.supervisor], ['officer', users.officer]] as const) {
    test(`the ${who}'s dashboard fits the screen`, async ({ page }) => {
      await logIn(page, user);
      await page.goto('/dashboard');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('region', { name: /Needs attention|What is missing/ })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  test('an officer\'s standing is his or her own, not statistics of one person', async ({ page }) => {
    await logIn(page, users.officer);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1, name: 'My standing' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: /^(Compliant|At risk|Non-compliant|No requirements)/ })).toBeVisible();
    await expect(page.locator('.totals')).toHaveCount(0);
    await expect(page.getByText('Nobody is out of compliance')).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('link', { name: 'My training' })).toBeVisible();
  });
});
