import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

/** The drawing of every page of a PDF, inflated as a reader does (`/FlateDecode`). */
function pagesText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  for (const m of raw.matchAll(/\/FlateDecode[^]*?stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      parts.push(inflateSync(pdf.subarray(start, end).subarray(0, -1)).toString('latin1'));
    }
  }
  return parts.join('\n');
}

/** The agency's today (the demo agency is in Minnesota), as the form's date field wants it. */
function agencyToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
}

test('a cost entered on a session reaches the Minnesota reimbursement application PDF', async ({ page }) => {
  await logIn(page, users.coordinator);

  // A session of the agency's catalogue: its page takes the costs shared among its attendees.
  const sessions = await page.request.get('/api/v1/sessions?limit=1');
  expect(sessions.ok()).toBeTruthy();
  const session = (await sessions.json()).items[0];
  await page.goto(`/sessions/${session.id}`);
  await page.getByLabel('Category').selectOption('backfill');
  await page.getByLabel('Amount ($)').fill('1234.56');
  await page.getByLabel('Incurred on').fill(agencyToday());
  await page.getByLabel('Description').fill('Shift cover for the CIT course');
  await page.getByLabel('Status').selectOption('approved');
  await page.getByRole('button', { name: 'Add expense' }).click();
  await expect(page.getByText('Expense saved.')).toBeVisible();

  await goTo(page, 'Reimbursement');
  await expect(page.getByRole('heading', { level: 1, name: 'State reimbursement' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Application for FY\d{4}/ })).toBeVisible();
  await expect(page.getByText(/Due \d{4}-07-31/)).toBeVisible();
  await expect(page.getByRole('row', { name: /backfill/ })).toContainText('$1234.56');
  // Facts carry their sources, and the conflicting ones say so beside them.
  await expect(page.getByText('Unconfirmed').first()).toBeVisible();
  await expect(page.getByText('MN-20').first()).toBeVisible();

  await page.getByLabel("CLEO's name").fill('Chief Ann Berg');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download application (PDF)' }).click(),
  ]);
  expect(await file.failure()).toBeNull();
  expect(file.suggestedFilename()).toMatch(/^mn-reimbursement-fy\d{4}\.pdf$/);
  const body = await readFile((await file.path())!);
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  const text = pagesText(body);
  expect(text).toContain('Chief Ann Berg');
  expect(text).toContain('$1,234.56');
  expect(text).toContain('Officers');
  expect(text.indexOf('Officers')).toBeLessThan(text.indexOf('Continuing education costs'));
});

test('the reimbursement page fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, users.coordinator);
  await goTo(page, 'Reimbursement');
  await expect(page.getByRole('heading', { name: /^Application for FY\d{4}/ })).toBeVisible();
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
  );
  expect(wide).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
