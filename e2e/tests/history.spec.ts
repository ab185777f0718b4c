import { expect, request, test, type Page } from '@playwright/test';
import { logIn, PASSWORD, uniqueBadge, users } from './helpers';

// An officer whose 2023–2026 licence cycle ended eight hours short on June 30, 2026, made up
// by two records in July and August: the coordinator reads the miss and the make-up on the
// person page and in the transcript.
async function officerWhoMadeUpLate(baseURL: string | undefined): Promise<string> {
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/v1/auth/login', {
    data: { email: users.coordinator, password: PASSWORD },
  });
  expect(login.ok()).toBeTruthy();
  const lastName = `Makeup${uniqueBadge().slice(4)}`;
  const created = await api.post('/api/v1/people', {
    data: {
      kind: 'officer', first_name: 'Morgan', last_name: lastName, badge: uniqueBadge(),
      hire_date: '2015-05-01', license_cycle_start: '2023-07-01',
      license_cycle_end: '2026-06-30', history_from: '2023-07-01',
    },
  });
  expect(created.status()).toBe(201);
  const person = (await created.json()).id as string;
  for (const [completed_on, hours] of [['2024-05-01', 40], ['2026-07-10', 5], ['2026-08-01', 5]] as const) {
    const recorded = await api.post('/api/v1/training-records', {
      data: { person_id: person, title: 'In-service', completed_on, hours: { general: hours } },
    });
    expect(recorded.status()).toBe(201);
  }
  await api.dispose();
  return `${lastName}, Morgan`;
}

async function openPerson(page: Page, name: string): Promise<void> {
  await page.goto('/people');
  await page.getByLabel('Search name or badge').fill(name.split(',')[0]);
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a coordinator reads a missed cycle and its late make-up on the person page and in the transcript', async ({ page, baseURL }) => {
  const name = await officerWhoMadeUpLate(baseURL);
  await logIn(page, users.coordinator);
  await openPerson(page, name);

  const history = page.getByRole('region', { name: 'Cycle by cycle' });
  await expect(history.getByText(/missed deadlines? from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, \d+ made up\./)).toBeVisible();
  const cycle = history.getByRole('row').filter({ hasText: '2023-07-01 – 2026-06-30' })
    .filter({ hasText: 'continuing education' });
  await expect(cycle.getByText('Missed, made up late')).toBeVisible();
  await expect(cycle.getByText('missed on 2026-06-30, 8.0 hours short; made up late on 2026-08-01')).toBeVisible();
  // The hours that made it up count once: the new cycle has only the two left over.
  const next = history.getByRole('row').filter({ hasText: '2026-07-01 – 2029-06-30' })
    .filter({ hasText: 'continuing education' });
  await expect(next.getByText('In progress')).toBeVisible();
  await expect(next.getByText('2.0 of 48.0 hours so far; due 2029-06-30')).toBeVisible();

  const transcript = page.getByRole('link', { name: 'Transcript (PDF)' });
  const pdf = await page.request.get((await transcript.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the cycle-by-cycle table fits the screen', async ({ page, baseURL }) => {
    const name = await officerWhoMadeUpLate(baseURL);
    await logIn(page, users.coordinator);
    await openPerson(page, name);
    const history = page.getByRole('region', { name: 'Cycle by cycle' });
    await expect(history.getByText('Missed, made up late').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
