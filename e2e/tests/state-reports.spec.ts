import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { goTo, logIn, uniqueBadge, users } from './helpers';

// The demo agency is in Minnesota: its state report is the sponsor's Affidavit of Attendance,
// one per session of its own course. The journey: attendance of a session of the agency's own
// approved course is recorded, the affidavit prepared, its CSV checked, then reviewed and
// marked transmitted, with the page never wider than the screen. Each journey makes its own
// course, people and session, so the demo's sessions stay as the other journeys expect them.

/** The agency's day (the demo agency is in Minnesota), `daysAgo` days back, as YYYY-MM-DD. */
function chicagoDay(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });
}

interface Attended { sessionId: string; title: string; number: string }

/** A session a week ago of a new POST-approved course, attended by two new officers. */
async function attendedSession(page: Page): Promise<Attended> {
  const badge = uniqueBadge();
  const people: string[] = [];
  for (const [first, n] of [['Robin', 1], ['Sasha', 2]] as const) {
    const person = await page.request.post('/api/v1/people', {
      data: { kind: 'officer', first_name: first, last_name: `Affidavit ${badge}`, badge: `${badge}-${n}`, unit: 'Patrol' },
    });
    expect(person.status(), await person.text()).toBe(201);
    people.push((await person.json()).id);
  }
  const title = `Crisis de-escalation ${badge}`;
  const number = `MN-CE-26-${badge.slice(-4)}`;
  const course = await page.request.post('/api/v1/courses', {
    data: { title, post_course_number: number, delivery: 'in_person', hours: { crisis_intervention: 8 } },
  });
  expect(course.status(), await course.text()).toBe(201);
  const session = await page.request.post('/api/v1/sessions', {
    data: { course_id: (await course.json()).id, starts_on: chicagoDay(7) },
  });
  expect(session.status(), await session.text()).toBe(201);
  const sessionId = (await session.json()).id as string;
  const attended = await page.request.post(`/api/v1/sessions/${sessionId}/attendance`, {
    data: { person_ids: people },
  });
  expect(attended.ok(), await attended.text()).toBeTruthy();
  return { sessionId, title, number };
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function journey(page: Page): Promise<void> {
  await logIn(page, users.coordinator);
  const { sessionId, title, number } = await attendedSession(page);
  await goTo(page, 'State reports');
  await expect(page.getByRole('heading', { level: 1, name: 'State reports' })).toBeVisible();
  const kind = page.getByRole('region', { name: 'Affidavit of Attendance' });
  await expect(kind).toContainText('No due date');
  await expect(kind).toContainText('Sources: MN-18, MN-12.');
  await expect(kind).toContainText('Unconfirmed:');
  expect(await overflow(page)).toBeLessThanOrEqual(0);

  const prepared = page.getByRole('region', { name: 'Prepared reports' });
  const ofSession = prepared.getByRole('row').filter({ hasText: title });
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
  expect(first).toContain(`${number},${title},`);
  expect(first).toContain(',8.0,');

  await row.getByLabel('Review note (optional)').fill('Checked against the sign-in sheet.');
  await row.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'reviewed.' })).toBeVisible();
  const reviewed = prepared.getByRole('row').filter({ hasText: title }).first();
  await expect(reviewed).toContainText('Reviewed by');
  await expect(reviewed).toContainText('Checked against the sign-in sheet.');

  await reviewed.getByLabel('Sent how').selectOption('email');
  await reviewed.getByLabel('Reference (optional)').fill('Sent to POST CE desk');
  await reviewed.getByRole('button', { name: 'Mark transmitted' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked transmitted.' })).toBeVisible();
  const sent = prepared.getByRole('row').filter({ hasText: title }).first();
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
