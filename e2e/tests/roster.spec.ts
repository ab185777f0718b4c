import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

test('a coordinator lands on the dashboard and opens the roster from the Compliance menu', async ({ page }) => {
  await logIn(page, users.coordinator);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  // The menus are a few words on one line, not a wall of links.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('button', { name: 'Training', exact: true })).toBeVisible();
  const headerHeight = await page.getByRole('banner').evaluate((n) => n.getBoundingClientRect().height);
  expect(headerHeight).toBeLessThan(100);
  await goTo(page, 'People');

  await expect(page).toHaveURL(/\/people$/);
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByText('Lakeview Police Department')).toBeVisible();
  await expect(page.getByText(users.coordinator)).toBeVisible();
  // The demo agency has 25 people: one row each, plus the header row.
  await expect(page.getByRole('link', { name: 'Lindqvist, Dana' })).toBeVisible();
  expect(await page.getByRole('row').count()).toBeGreaterThan(10);
  await expect(page.getByRole('link', { name: 'Add person' })).toBeVisible();
});

test('a coordinator finds Dana Lindqvist by name and opens her page', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');

  await page.getByLabel('Search name or badge').fill('Lindqvist');
  const rows = page.getByRole('table').getByRole('row');
  // Only her row is left under the header row.
  await expect(rows).toHaveCount(2);
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();
  await expect(page.getByText('LV-1004')).toBeVisible();
  await expect(page.getByText('Patrol', { exact: true })).toBeVisible();
});

test('the roster keeps its filters through a reload and back from a person', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await page.getByLabel('Search name or badge').fill('Lindqvist');
  await page.getByLabel('Kind').selectOption({ label: 'Officers' });
  await expect(page).toHaveURL(/\/people\?q=Lindqvist&kind=officer$/);
  await page.reload();
  await expect(page.getByLabel('Search name or badge')).toHaveValue('Lindqvist');
  await expect(page.getByLabel('Kind')).toHaveValue('officer');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel('Search name or badge')).toHaveValue('Lindqvist');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
});

/** Last names of the roster's rows, top to bottom. */
async function shownNames(page: import('@playwright/test').Page): Promise<string[]> {
  const links = page.getByRole('table').getByRole('rowheader').getByRole('link');
  return (await links.allTextContents()).map((n) => n.split(',')[0]);
}

test('a coordinator sorts by compliance, filters a unit, reloads and keeps both, and downloads what is shown', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  const compliance = page.getByRole('columnheader', { name: 'Compliance' });
  await compliance.getByRole('button').click();
  await expect(page).toHaveURL(/sort=compliance/);
  await expect(compliance).toHaveAttribute('aria-sort', 'ascending');
  await page.getByLabel('Unit').selectOption('Patrol');
  await expect(page).toHaveURL(/unit=Patrol/);
  // The rows follow the address once the filtered list has arrived.
  const units = page.getByRole('table').locator('td[data-label="Unit"]');
  await expect.poll(async () => [...new Set(await units.allTextContents())]).toEqual(['Patrol']);
  // Worst first: the first row is never better than the last.
  const rank = ['Non-compliant', 'At risk', 'Compliant', 'Not applicable', 'Not judged yet'];
  const verdicts = page.getByRole('table').locator('td[data-label="Compliance"] > :first-child');
  await expect(verdicts.first()).toBeVisible();
  const before = await verdicts.allTextContents();
  expect(rank.indexOf(before[0])).toBeLessThanOrEqual(rank.indexOf(before[before.length - 1]));
  // A person out of compliance or at risk is told what is worst and by when.
  if (before[0] !== 'Compliant') {
    await expect(page.locator('.worst-gap').first()).toContainText(/due \d{4}-\d{2}-\d{2}/);
  }
  const namesBefore = await shownNames(page);

  await page.reload();
  await expect(page.getByLabel('Unit')).toHaveValue('Patrol');
  await expect(compliance).toHaveAttribute('aria-sort', 'ascending');
  await expect(verdicts.first()).toBeVisible();
  expect(await shownNames(page)).toEqual(namesBefore);

  // The same heading again turns the order round.
  await compliance.getByRole('button').click();
  await expect(compliance).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/order=desc/);

  // The download holds the rows shown, in the order shown.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toContain('Compliance');
  const exported = csv.slice(1).map((line) => line.split(',')[0].replace(/"/g, ''));
  expect(exported).toEqual(await shownNames(page));
});

test('a coordinator enrols a whole unit on an upcoming session in one step', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await page.getByLabel('Unit').selectOption('Dispatch');
  await expect(page).toHaveURL(/unit=Dispatch/);
  await expect(page.getByRole('table').getByRole('rowheader').first()).toBeVisible();
  const names = await page.getByRole('table').getByRole('rowheader').allTextContents();
  await page.getByRole('button', { name: 'Select all shown' }).click();
  const bulk = page.getByRole('region', { name: /selected/ });
  await expect(bulk.getByRole('heading')).toHaveText(`${names.length === 1 ? '1 person' : `${names.length} people`} selected`);
  const option = bulk.locator('#bulk-session option', { hasText: 'Officer wellness and resilience' });
  await expect(option).toHaveCount(1);
  await bulk.getByLabel('Enrol on a session').selectOption((await option.getAttribute('value'))!);
  await bulk.getByRole('button', { name: 'Enrol' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'enrolled on Officer wellness and resilience' })).toBeVisible();
  await expect(bulk).toHaveCount(0);

  // The session's roster now holds every one of them.
  await goTo(page, 'Sessions');
  await page.getByRole('link', { name: 'Officer wellness and resilience' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Officer wellness and resilience' })).toBeVisible();
  for (const name of names) {
    await expect(page.getByRole('main')).toContainText(name.trim());
  }
});

test('a coordinator reminds a unit of what its training still needs', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await page.getByLabel('Unit').selectOption('Patrol');
  await expect(page).toHaveURL(/unit=Patrol/);
  await expect(page.getByRole('table').getByRole('rowheader').first()).toBeVisible();
  await page.getByRole('button', { name: 'Select all shown' }).click();
  await page.getByRole('button', { name: 'Send a reminder of what is open' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'reminded of what their training still needs' })).toBeVisible();
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the roster reads as cards with the verdict, sorts from a list and never scrolls sideways', async ({ page }) => {
    await logIn(page, users.coordinator);
    await goTo(page, 'People');
    await expect(page.getByRole('link', { name: 'Lindqvist, Dana' })).toBeVisible();
    await page.getByLabel('Sort by').selectOption({ label: 'Compliance, worst first' });
    await expect(page).toHaveURL(/sort=compliance/);
    await page.getByRole('button', { name: 'Select all shown' }).click();
    await expect(page.getByRole('region', { name: /selected/ })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
