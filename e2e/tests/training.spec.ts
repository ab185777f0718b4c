import { expect, request, test, type Page } from '@playwright/test';
import { logIn, PASSWORD, users, goTo } from './helpers';

// The demo (crates/api/src/demo/training.rs) holds a Crisis Intervention Team refresher that
// ended a week ago, with five officers on its roster who have no crisis-intervention hours in
// their 2024–2027 licence cycle, so Minnesota's 6-hour crisis-intervention requirement is
// pending for each; and Dana Lindqvist's self-reported officer wellness webinar (1.5 h),
// waiting for verification, without which her officer wellness requirement is pending too.
const ATTENDEES = [
  'Brooks, Avery',
  'Reyes, Jordan',
  'Olson, Jamie',
  'Vang, Parker',
  'Hassan, Rowan',
];

function requirement(page: Page, id: string) {
  return page.getByRole('region', { name: 'Compliance' }).getByRole('article').filter({ hasText: id });
}

async function openPerson(page: Page, name: string): Promise<void> {
  await page.goto('/people');
  await page.getByLabel('Search name or badge').fill(name.split(',')[0]);
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a coordinator records a session\'s attendance for five people and their crisis-intervention hours are met', async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, users.coordinator);
  for (const name of ATTENDEES) {
    await openPerson(page, name);
    await expect(requirement(page, 'mn.mlo.crisis_intervention').getByText('Pending', { exact: true })).toBeVisible();
  }

  await goTo(page, 'Sessions');
  await expect(page.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();
  await page.getByRole('region', { name: 'Past' })
    .getByRole('link', { name: 'Crisis Intervention Team refresher' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Crisis Intervention Team refresher' })).toBeVisible();

  const sheet = page.locator('form.attendance');
  // Without anyone ticked the sheet says what is missing and records nothing.
  await sheet.getByRole('button', { name: 'Record attendance' }).click();
  await expect(sheet.getByText('Tick the people who attended first.', { exact: true })).toBeVisible();
  for (const name of ATTENDEES) {
    await sheet.getByLabel(name).check();
  }
  await sheet.getByRole('button', { name: 'Record attendance' }).click();
  await expect(sheet.getByRole('status')).toHaveText('Attendance recorded for 5 people.');
  for (const name of ATTENDEES) {
    const row = sheet.getByRole('listitem').filter({ hasText: name });
    await expect(row.getByText('Attended', { exact: true })).toBeVisible();
    await expect(row.getByRole('checkbox')).toHaveCount(0);
  }

  for (const name of ATTENDEES) {
    await openPerson(page, name);
    await expect(requirement(page, 'mn.mlo.crisis_intervention').getByText('Met', { exact: true })).toBeVisible();
    const records = page.getByRole('region', { name: 'Training records' });
    const record = records.getByRole('listitem', { name: 'Crisis Intervention Team refresher' });
    await expect(record.getByText('Verified', { exact: true })).toBeVisible();
    await expect(record.getByText(/8 h Crisis Intervention/)).toBeVisible();
  }
});

test('a coordinator verifies a self-reported record and the officer\'s wellness hour is met', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await openPerson(page, 'Lindqvist, Dana');
  await expect(requirement(page, 'mn.wellness').getByText('Pending', { exact: true })).toBeVisible();
  const records = page.getByRole('region', { name: 'Training records' });
  await expect(records.getByRole('listitem', { name: 'Officer wellness webinar' })
    .getByText('Awaiting verification')).toBeVisible();

  await goTo(page, 'Verify records');
  await expect(page.getByRole('heading', { level: 1, name: 'Records to verify' })).toBeVisible();
  const pending = page.getByRole('listitem', { name: 'Lindqvist, Dana — Officer wellness webinar' });
  await expect(pending.getByText(/1\.5 h Officer Wellness/)).toBeVisible();
  // Ticked and verified with the others selected (here, the only one).
  await pending.getByRole('checkbox', { name: /^Select Lindqvist, Dana/ }).check();
  await page.getByRole('button', { name: 'Verify selected (1)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 verified.' })).toBeVisible();
  await expect(pending).toHaveCount(0);

  await openPerson(page, 'Lindqvist, Dana');
  await expect(requirement(page, 'mn.wellness').getByText('Met', { exact: true })).toBeVisible();
  await expect(records.getByRole('listitem', { name: 'Officer wellness webinar' })
    .getByText('Verified', { exact: true })).toBeVisible();
});

test('a rejection needs a reason, and a correction keeps the record', async ({ page, baseURL }) => {
  // The officer reports a training through the API; the coordinator handles it in the app.
  const officer = await request.newContext({ baseURL });
  expect((await officer.post('/api/v1/auth/login', { data: { email: users.officer, password: PASSWORD } })).ok()).toBeTruthy();
  const me = await (await officer.get('/api/v1/me')).json();
  const today = (await (await officer.get('/api/v1/agencies/current')).json()).today as string;
  const reported = await officer.post('/api/v1/training-records', {
    data: { person_id: me.person_id, title: 'Night driving course', completed_on: today, hours: { evoc: 30 } },
  });
  expect(reported.status()).toBe(201);
  await officer.dispose();

  await logIn(page, users.coordinator);
  await page.goto('/verification');
  const pending = page.getByRole('listitem', { name: 'Lindqvist, Dana — Night driving course' });
  await pending.getByRole('button', { name: 'Reject…' }).click();
  await pending.getByRole('button', { name: 'Reject with this reason' }).click();
  await expect(pending.getByLabel('Why is it rejected?')).toHaveAttribute('aria-invalid', 'true');
  await pending.getByLabel('Why is it rejected?').fill('The certificate shows 3 hours, not 30.');
  await pending.getByRole('button', { name: 'Reject with this reason' }).click();
  await expect(pending).toHaveCount(0);

  // On her page the record shows why; the coordinator corrects it to the hours it had.
  await openPerson(page, 'Lindqvist, Dana');
  const records = page.getByRole('region', { name: 'Training records' });
  const record = records.getByRole('listitem', { name: 'Night driving course' });
  await expect(record.getByText('Rejected because: The certificate shows 3 hours, not 30.')).toBeVisible();
  await record.getByRole('button', { name: /^Correct/ }).click();
  const form = records.locator('form.record-form');
  await form.getByLabel('Hours', { exact: true }).fill('3');
  await form.getByRole('button', { name: 'Save correction' }).click();
  await expect(record.getByText(/3 h Emergency vehicle/)).toBeVisible();

  // Deleting asks once more, then the record is gone for good.
  await record.getByRole('button', { name: /^Delete/ }).click();
  await record.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(records.getByRole('listitem', { name: 'Night driving course' })).toHaveCount(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('the catalog, the sessions and a session\'s sheet fit the screen', async ({ page }) => {
    await logIn(page, users.coordinator);
    for (const path of ['/courses', '/sessions', '/verification']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto('/sessions');
    await page.getByRole('link', { name: 'Use of Force and De-escalation' }).click();
    await expect(page.getByRole('button', { name: 'Record attendance' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
