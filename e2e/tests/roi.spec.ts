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
  // The select keeps the year chosen once its figures have arrived.
  await expect(year).toHaveValue(String(earlier));
});

test('a coordinator prepares the reimbursement application, marks it sent, records the money and sees it returned', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'State reports');
  const kind = page.getByRole('region', { name: 'POST reimbursement application (Rule 6700.1800)' });
  // The application is due on July 31 after the fiscal year it is named by.
  await expect(kind.getByText(/-07-31/).first()).toBeVisible();
  const fiscalYear = await kind.getByLabel('Fiscal year (the year it ends in)').inputValue();
  await kind.getByRole('button', { name: 'Prepare Minnesota POST reimbursement application' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'prepared.' })).toBeVisible();

  const prepared = page.getByRole('region', { name: 'Prepared reports' });
  const application = () => prepared.getByRole('row').filter({ hasText: 'Minnesota POST reimbursement application' }).first();
  await application().getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'reviewed.' })).toBeVisible();
  await application().getByLabel('Sent how').selectOption('portal');
  await application().getByLabel('Reference (optional)').fill('Portal confirmation 7731');
  await application().getByRole('button', { name: 'Mark transmitted' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked transmitted.' })).toBeVisible();

  // A wrong amount is explained and records nothing.
  await application().getByLabel('Amount received ($)').fill('a lot');
  await application().getByRole('button', { name: 'Record money received' }).click();
  await expect(application().getByRole('alert')).toHaveText('Give the amount in dollars and the day it came.');
  await application().getByLabel('Amount received ($)').fill('2,480.00');
  await application().getByRole('button', { name: 'Record money received' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Money received for' })).toBeVisible();
  await expect(application()).toContainText('Received $2,480.00 on');
  await expect(application().getByRole('button')).toHaveCount(0);

  // The return on investment counts it in the fiscal year it was prepared in.
  await goTo(page, 'Return on investment');
  const money = page.getByRole('region', { name: 'Reimbursement' });
  await expect(money.getByRole('listitem').filter({ hasText: new RegExp(`Minnesota POST reimbursement application (FY|Fiscal year )${fiscalYear}`) }))
    .toContainText('$2,480.00 received');
  await expect(money).toContainText('$2,480.00');
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
