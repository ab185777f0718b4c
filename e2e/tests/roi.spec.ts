import { expect, test } from '@playwright/test';
import { goTo, logIn, users } from './helpers';

test('command staff read the fiscal year\'s return with every assumption behind the time saved', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'Return on investment');
  await expect(page).toHaveURL(/\/roi$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Return on investment' })).toBeVisible();
  for (const heading of ['Reimbursement', 'Coordinator time saved', 'Training spend']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  const table = page.getByRole('table');
  for (const activity of ['Rows imported', 'Attendance recorded from a session', 'Reports generated',
    'State reports prepared', 'Reimbursement applications prepared']) {
    await expect(table.getByRole('rowheader', { name: activity })).toBeVisible();
  }
  await expect(table.getByText(/three working days/)).toBeVisible();

  // Generating a report is counted at once.
  const reports = table.getByRole('row').filter({ hasText: 'Reports generated' });
  const before = Number(await reports.getByRole('cell').first().innerText());
  const response = await page.request.get('/api/v1/reports/compliance?format=csv');
  expect(response.ok()).toBeTruthy();
  await page.reload();
  await expect(
    page.getByRole('table').getByRole('row').filter({ hasText: 'Reports generated' }).getByRole('cell').first(),
  ).toHaveText(String(before + 1));

  // An earlier fiscal year is a choice away.
  const year = page.getByLabel('Fiscal year');
  const current = await year.inputValue();
  const earlier = Number(current) - 1;
  await year.selectOption(String(earlier));
  await expect(page.getByText(`${earlier - 1}-07-01 to ${earlier}-06-30`, { exact: true })).toBeVisible();
});

test('the return on investment reads on a phone without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, users.admin);
  await goTo(page, 'Return on investment');
  await expect(page.getByRole('heading', { level: 2, name: 'Training spend' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('supervisors and officers have no return-on-investment page', async ({ page }) => {
  await logIn(page, users.supervisor);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Return on investment' })).toHaveCount(0);
  const response = await page.request.get('/api/v1/roi');
  expect(response.status()).toBe(403);
});
