import { expect, request, test } from '@playwright/test';
import { logIn, PASSWORD, users, goTo } from './helpers';

/** A course with a session a month from now, set up by the coordinator through the API. */
async function scheduleSession(baseURL: string): Promise<{ title: string; startsOn: string }> {
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/v1/auth/login', { data: { email: users.coordinator, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const title = `Active shooter response ${Date.now().toString(36)}`;
  const course = await api.post('/api/v1/courses', {
    data: { title, delivery: 'in_person', hours: { general: 8 } },
  });
  expect(course.status()).toBe(201);
  const startsOn = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const session = await api.post('/api/v1/sessions', {
    data: { course_id: (await course.json()).id, starts_on: startsOn, location: 'Range house', capacity: 10 },
  });
  expect(session.status()).toBe(201);
  await api.dispose();
  return { title, startsOn };
}

test('an officer asks for a place in a session and the coordinator approves it', async ({ page, browser, baseURL }) => {
  const { title, startsOn } = await scheduleSession(baseURL!);

  await logIn(page, users.officer);
  await goTo(page, 'Training requests');
  await expect(page.getByRole('heading', { level: 1, name: 'Training requests' })).toBeVisible();
  await page.getByLabel('Session').selectOption({ label: `${startsOn} — ${title}, Range house` });
  await page.getByLabel('Why (optional)').fill('Needed before the spring deployment');
  await page.getByRole('button', { name: 'Send request' }).click();
  const mine = page.getByRole('region', { name: 'My requests' });
  await expect(mine.getByText(`${title} on ${startsOn}`)).toBeVisible();
  await expect(mine.getByText('Waiting for a decision').first()).toBeVisible();

  const coordinatorPage = await browser.newPage();
  await logIn(coordinatorPage, users.coordinator);
  await coordinatorPage.goto('/training-requests');
  const request = coordinatorPage.getByRole('article').filter({ hasText: title });
  await expect(request.getByText('Needed before the spring deployment')).toBeVisible();
  // A denial must say why: the comment field says so.
  await request.getByRole('button', { name: 'Deny' }).click();
  await expect(request.locator('.field.invalid')).toContainText('say why');
  await request.getByLabel('Comment').fill('Approved: covered by B shift');
  await request.getByRole('button', { name: 'Approve' }).click();
  await expect(coordinatorPage.getByRole('article').filter({ hasText: title })).toHaveCount(0);
  await coordinatorPage.close();

  await page.reload();
  const decided = page.getByRole('region', { name: 'My requests' }).getByRole('listitem').filter({ hasText: title });
  await expect(decided.getByText('Approved', { exact: true })).toBeVisible();
  await expect(decided.getByText('Approved: covered by B shift')).toBeVisible();
});
