import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { goTo, logIn, users } from './helpers';

// The demo agency is in Minnesota: its state report is the sponsor's Affidavit of Attendance,
// one per session of its own course. The journey: attendance of last week's crisis-intervention
// session is recorded, the affidavit prepared, its CSV checked, then reviewed and marked
// transmitted, with the page never wider than the screen.

/** Records the attendance of the past crisis-intervention session (its whole roster). */
async function recordAttendance(page: Page): Promise<string> {
  const list = await page.request.get('/api/v1/sessions?limit=50');
  expect(list.ok()).toBeTruthy();
  const sessions = (await list.json()).items as { id: string; course_title: string }[];
  const session = sessions.find((s) => s.course_title === 'Crisis Intervention Team refresher');
  expect(session, 'the demo has a crisis-intervention session').toBeTruthy();
  const detail = await (await page.request.get(`/api/v1/sessions/${session!.id}`)).json();
  const people = (detail.roster as { person_id: string }[]).map((r) => r.person_id);
  expect(people.length).toBeGreaterThan(0);
  const attended = await page.request.post(`/api/v1/sessions/${session!.id}/attendance`, {
    data: { person_ids: people },
  });
  // The second journey of the run finds the attendance recorded by the first: skipped, not refused.
  expect(attended.ok(), await attended.text()).toBeTruthy();
  return session!.id;
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function journey(page: Page): Promise<void> {
  await logIn(page, users.coordinator);
  const sessionId = await recordAttendance(page);
  await goTo(page, 'State reports');
  await expect(page.getByRole('heading', { level: 1, name: 'State reports' })).toBeVisible();
  const kind = page.getByRole('region', { name: 'Affidavit of Attendance' });
  await expect(kind).toContainText('No due date');
  await expect(kind).toContainText('Sources: MN-18, MN-12.');
  await expect(kind).toContainText('Unconfirmed:');
  expect(await overflow(page)).toBeLessThanOrEqual(0);

  const prepared = page.getByRole('region', { name: 'Prepared reports' });
  const ofSession = prepared.getByRole('row').filter({ hasText: 'Crisis Intervention Team refresher' });
  const before = await ofSession.count();
  await kind.getByLabel('Training session').selectOption(sessionId);
  await kind.getByRole('button', { name: 'Prepare Minnesota Affidavit of Attendance' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'prepared.' })).toBeVisible();
  await expect(ofSession).toHaveCount(before + 1);
  const row = ofSession.first();
  await expect(row).toContainText(`version ${before + 1}`);
  await expect(row.getByRole('cell').first()).toContainText('Prepared');
  expect(await overflow(page)).toBeLessThanOrEqual(0);

  // The CSV is the layout's columns, the attendees with the course's credits.
  const [file] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'CSV' }).click()]);
  const text = (await readFile((await file.path())!)).toString('utf8');
  const [header, first] = text.split('\r\n');
  expect(header).toBe(
    'post_course_number,course_title,sponsor,session_start,session_end,course_credits,last_name,first_name,post_licence_number,credits_earned,mlo_learning_assessment_not_recorded',
  );
  expect(first).toContain('MN-CE-26-0117,Crisis Intervention Team refresher,');
  expect(first).toContain(',8.0,');

  await row.getByLabel('Review note (optional)').fill('Checked against the sign-in sheet.');
  await row.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'reviewed.' })).toBeVisible();
  const reviewed = prepared.getByRole('row').filter({ hasText: 'Crisis Intervention Team refresher' }).first();
  await expect(reviewed).toContainText('Reviewed by');
  await expect(reviewed).toContainText('Checked against the sign-in sheet.');

  await reviewed.getByLabel('Sent how').selectOption('email');
  await reviewed.getByLabel('Reference (optional)').fill('Sent to POST CE desk');
  await reviewed.getByRole('button', { name: 'Mark transmitted' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked transmitted.' })).toBeVisible();
  const sent = prepared.getByRole('row').filter({ hasText: 'Crisis Intervention Team refresher' }).first();
  await expect(sent).toContainText('Transmitted by');
  await expect(sent).toContainText('E-mail, reference Sent to POST CE desk');
  await expect(sent.getByRole('button')).toHaveCount(0);
  expect(await overflow(page)).toBeLessThanOrEqual(0);

  // Preparing again makes version 2, which says nothing changed.
  await kind.getByLabel('Training session').selectOption(sessionId);
  await kind.getByRole('button', { name: 'Prepare Minnesota Affidavit of Attendance' }).click();
  await expect(ofSession).toHaveCount(before + 2);
  await expect(ofSession.first()).toContainText(`version ${before + 2}`);
  await expect(ofSession.first()).toContainText('Nothing changed since the previous version');
  // The older version is replaced: it takes no step any more.
  await expect(ofSession.nth(1)).toContainText('replaced by a newer version');
}

test('a coordinator prepares, reviews and marks transmitted an affidavit of attendance', async ({ page }) => {
  await journey(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the same journey at 390 px, with nothing wider than the screen', async ({ page }) => {
    await journey(page);
  });
});

test('supervisors and officers are not offered state reports', async ({ page }) => {
  await logIn(page, users.supervisor);
  await page.goto('/state-reports');
  await expect(page.getByText('You do not have access to this page.')).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'State reports' })).toHaveCount(0);
});
