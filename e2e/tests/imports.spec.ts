import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { logIn, uniqueBadge, users, goTo } from './helpers';
import { xlsx } from './xlsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(page: Page, kind: string, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('What the file holds').selectOption({ label: kind });
  await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType: XLSX, buffer });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await expect(page.getByRole('heading', { name: '3. Preview' })).toBeVisible();
}

test('a coordinator moves a roster and three years of history in from a workbook, fixing two rows', async ({ page }) => {
  const tag = uniqueBadge().slice(4);
  const badges = [`IMP-${tag}-1`, `IMP-${tag}-2`];
  await logIn(page, users.coordinator);
  await goTo(page, 'Dashboard');
  const donut = page.locator('svg.donut');
  await expect(donut).toHaveAttribute('aria-label', /\d+ compliant/);
  const before = await donut.getAttribute('aria-label');

  await goTo(page, 'Import');
  await expect(page.getByRole('heading', { level: 1, name: 'Import from a spreadsheet' })).toBeVisible();
  await upload(page, 'Roster', 'roster.xlsx', xlsx([
    ['Last Name', 'First Name', 'Badge #', 'Unit', 'Hire Date', 'License Cycle Start', 'License Cycle End', 'Records From'],
    [`Imported${tag}`, 'Ada', badges[0], 'Patrol', '2019-06-01', '2023-07-01', '2026-06-30', '2023-07-01'],
    [`Imported${tag}`, 'Ben', badges[1], 'Patrol', '2020-01-15', '2023-07-01', '2026-06-30', '2023-07-01'],
  ]));
  // The columns were matched by their headers.
  await expect(page.getByLabel('Badge #')).toHaveValue('field:badge');
  await expect(page.getByText('2 rows: 2 new people, 0 updated, 0 unchanged.')).toBeVisible();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Imported: 2 new, 0 updated, 0 unchanged.')).toBeVisible();

  const history = (broken: boolean) => {
    const rows: (string | number)[][] = [['Badge #', 'Date Completed', 'Course', 'Hrs', 'Crisis Intervention (hrs)']];
    for (const badge of badges) {
      rows.push([badge, '2024-05-01', 'In-service 2024', 16, 8]);
      rows.push([badge, broken && badge === badges[0] ? '2025-02-30' : '2025-05-01', 'In-service 2025', 16, 0]);
      rows.push([badge, '2026-05-01', 'In-service 2026', broken && badge === badges[1] ? -8 : 8, 0]);
    }
    return xlsx(rows);
  };
  await upload(page, 'Training history', 'history.xlsx', history(true));
  const errors = page.getByRole('table', { name: 'Rows to fix in the spreadsheet, then upload it again' });
  await expect(errors.getByRole('row').filter({ hasText: '2025-02-30' })).toContainText('is not a day of the calendar');
  await expect(errors.getByRole('row').filter({ hasText: '-8' })).toContainText('must not be negative');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();

  // The coordinator fixes the two rows in the spreadsheet and uploads it again.
  await upload(page, 'Training history', 'history.xlsx', history(false));
  await expect(page.getByText('6 rows: 6 new records, 0 updated, 0 unchanged')).toBeVisible();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Imported: 6 new, 0 updated, 0 unchanged.')).toBeVisible();
  const list = page.getByRole('region', { name: 'Imports' });
  await expect(list.getByRole('row').filter({ hasText: 'history.xlsx' }).filter({ hasText: 'Committed' })).toHaveCount(1);

  await page.getByRole('link', { name: 'See the dashboard' }).click();
  await expect(donut).toHaveAttribute('aria-label', /\d+ compliant/);
  expect(await donut.getAttribute('aria-label')).not.toBe(before);
});

test('a coordinator downloads a template and the roster in the shape the import reads', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.goto('/imports');
  await page.getByLabel('What the file holds').selectOption({ label: 'Training history' });
  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.import-downloads').getByRole('link', { name: 'Excel' }).first().click(),
  ]);
  expect(template.suggestedFilename()).toMatch(/\.xlsx$/);

  await page.getByLabel('What the file holds').selectOption({ label: 'Roster' });
  const [roster] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.import-downloads').getByRole('link', { name: 'CSV' }).nth(1).click(),
  ]);
  const text = readFileSync(await roster.path(), 'utf8');
  expect(text.split('\r\n')[0]).toContain('Badge');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the import page fits the screen', async ({ page }) => {
    await logIn(page, users.coordinator);
    await page.goto('/imports');
    await upload(page, 'Training history', 'bad.xlsx', xlsx([
      ['Badge #', 'Date Completed', 'Course', 'Hrs'],
      ['NOBODY-1', '2025-03-04', 'Range', 2],
    ]));
    await expect(page.getByText('no person of this agency has this badge')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
