import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { expect, test, type Download, type Page } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

async function download(page: Page, link: string): Promise<{ file: Download; body: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ]);
  expect(await file.failure()).toBeNull();
  const path = await file.path();
  return { file, body: await readFile(path!) };
}

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
      // A stream followed by a line end before `endstream`: trim and try again.
      parts.push(inflateSync(pdf.subarray(start, end).subarray(0, -1)).toString('latin1'));
    }
  }
  return parts.join('\n');
}

/** A stream object's content, inflated. */
function inflated(pdf: Buffer, raw: string, start: number, end: number): string {
  const opened = /stream\r?\n/.exec(raw.slice(start, end));
  if (!opened) return '';
  const from = start + opened.index + opened[0].length;
  const to = raw.indexOf('endstream', from);
  try {
    return inflateSync(pdf.subarray(from, to)).toString('latin1');
  } catch {
    return inflateSync(pdf.subarray(from, to).subarray(0, -1)).toString('latin1');
  }
}

/**
 * The drawing of each page in the order a reader shows them: the kids of the page tree,
 * each page's content streams inflated. A streamed PDF may write a page's objects after
 * those of pages it precedes.
 */
function pagesInOrder(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { start: number; end: number }>();
  for (const m of raw.matchAll(/(\d+) 0 obj/g)) {
    const start = (m.index ?? 0) + m[0].length;
    objects.set(Number(m[1]), { start, end: raw.indexOf('endobj', start) });
  }
  const body = (id: number) => {
    const o = objects.get(id)!;
    return raw.slice(o.start, o.end);
  };
  const refs = (s: string) => [...s.matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1]));
  const root = [...objects.keys()].find((id) => /\/Type\s*\/Pages\b/.test(body(id)) && !/\/Parent/.test(body(id)))!;
  const kids = refs(/\/Kids\s*\[([^\]]*)\]/.exec(body(root))![1]);
  return kids.map((kid) => {
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(body(kid))![1];
    return refs(contents)
      .map((id) => inflated(pdf, raw, objects.get(id)!.start, objects.get(id)!.end))
      .join('\n');
  });
}

test('a coordinator downloads the compliance report as CSV and as PDF', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'Reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();

  await page.getByLabel('As of').fill('2027-07-01');
  await page.locator('#compliance-format').selectOption('csv');
  const csv = await download(page, 'Download compliance report');
  expect(csv.file.suggestedFilename()).toBe('compliance-2027-07-01.csv');
  const text = csv.body.toString('utf8');
  expect(text.split('\r\n')[0]).toContain('as_of,person_id,last_name,first_name,badge,unit,overall_status');
  expect(text).toContain('Lindqvist');
  expect(text).toContain('mn.ce.total');

  await page.locator('#compliance-format').selectOption('pdf');
  const pdf = await download(page, 'Download compliance report');
  expect(pdf.file.suggestedFilename()).toBe('compliance-2027-07-01.pdf');
  expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pages = pagesInOrder(pdf.body);
  // The first page a reader shows is the summary; the rule set's sources close the report.
  expect(pages[0]).toContain('Summary: compliance rate');
  expect(pages[0]).toContain(`(Page 1 of ${pages.length})`);
  const sources = pages.findIndex((p) => p.includes('Sources of the'));
  expect(sources).toBeGreaterThan(0);
  expect(pages.slice(sources).some((p) => p.includes('Summary: compliance rate'))).toBe(false);
});

test('a coordinator prints a session\'s sign-in sheet with its roster by name', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'Sessions');
  await page.getByRole('link', { name: 'Firearms qualification' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Firearms qualification' })).toBeVisible();
  const sheet = await download(page, 'Print sign-in sheet (PDF)');
  expect(sheet.file.suggestedFilename()).toMatch(/^sign-in-\d{4}-\d{2}-\d{2}\.pdf$/);
  const drawn = pagesText(sheet.body);
  expect(drawn).toContain('(Sign-in sheet)');
  expect(drawn).toContain('(Signature)');
});

test('a coordinator downloads a topic report and a transcript', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.goto('/reports');
  await page.locator('#topic-code').selectOption('crisis_intervention');
  await page.locator('#topic-format').selectOption('csv');
  const topic = await download(page, 'Download topic report');
  expect(topic.file.suggestedFilename()).toMatch(/^topic-crisis_intervention-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(topic.body.toString('utf8')).toContain('Total');

  await page.goto('/people');
  await page.getByLabel('Search name or badge').fill('Lindqvist');
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();
  const transcript = await download(page, 'Transcript (PDF)');
  expect(transcript.file.suggestedFilename()).toMatch(/^transcript-.*\.pdf$/);
  expect(transcript.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

test('a coordinator is not offered the audit trail', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'Compliance report' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download audit trail' })).toHaveCount(0);
});

test('an admin downloads the audit trail, which records the reports', async ({ page }) => {
  await logIn(page, users.admin);
  await page.goto('/reports');
  await page.locator('#audit-format').selectOption('csv');
  const audit = await download(page, 'Download audit trail');
  expect(audit.file.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
  expect(audit.body.toString('utf8')).toContain('report.compliance');
});
