import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { goTo, logIn, PASSWORD, uniqueBadge, users } from './helpers';

// A coordinator enters a session's costs on its page (shared among its attendees) and finds
// them in the budget of the attendees' unit on the Expenses page, at a desktop's width and
// at a phone's, without sideways scrolling.

async function signedIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/v1/auth/login', { data: { email, password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  return api;
}

/** The agency's day (the demo agency is in Minnesota), `daysAgo` days back, as YYYY-MM-DD. */
function chicagoDay(daysAgo: number): string {
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  return at.toLocaleDateString('en-CA', { timeZone: 'America/Chicago' });
}

/** The fiscal year (starting July 1, the default) a day falls in, named by its end. */
function fiscalYear(day: string): number {
  const [year, month] = day.split('-').map(Number);
  return month >= 7 ? year + 1 : year;
}

/** Two people of a unit of their own who attended a session of a new course a week ago. */
async function attendedSession(baseURL: string): Promise<{ session: string; unit: string; course: string }> {
  const badge = uniqueBadge();
  const unit = `Unit ${badge}`;
  const api = await signedIn(baseURL, users.coordinator);
  const people: string[] = [];
  for (const [first, n] of [['Casey', 1], ['Morgan', 2]] as const) {
    const person = await api.post('/api/v1/people', {
      data: { kind: 'officer', first_name: first, last_name: `Budget ${badge}`, badge: `${badge}-${n}`, unit },
    });
    expect(person.status()).toBe(201);
    people.push((await person.json()).id);
  }
  const course = `De-escalation ${badge}`;
  const created = await api.post('/api/v1/courses', {
    data: { title: course, delivery: 'in_person', hours: { crisis_intervention: 8 } },
  });
  expect(created.status()).toBe(201);
  const session = await api.post('/api/v1/sessions', {
    data: { course_id: (await created.json()).id, starts_on: chicagoDay(7) },
  });
  expect(session.status()).toBe(201);
  const id = (await session.json()).id as string;
  const attendance = await api.post(`/api/v1/sessions/${id}/attendance`, { data: { person_ids: people } });
  expect(attendance.ok()).toBeTruthy();
  await api.dispose();
  return { session: id, unit, course };
}

async function sideways(page: import('@playwright/test').Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const [label, width, height] of [['desktop', 1366, 900], ['phone', 390, 844]] as const) {
  test(`a coordinator enters a session's expenses and sees them in the budget (${label})`, async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height });
    const { session, unit, course } = await attendedSession(baseURL!);
    await logIn(page, users.coordinator);

    await page.goto(`/sessions/${session}`);
    await expect(page.getByRole('heading', { level: 1, name: course })).toBeVisible();
    const expenses = page.getByRole('region', { name: 'Expenses' });
    await expect(expenses.getByText('No expenses here yet.')).toBeVisible();
    // A bad amount is named at its field and nothing is sent.
    await expenses.getByLabel('Amount ($)').fill('nine hundred');
    await expenses.getByLabel('Description').fill('Course seats');
    await expenses.getByRole('button', { name: 'Add expense' }).click();
    await expect(expenses.locator('#error-amount_cents')).toContainText('must be an amount in dollars');

    await expenses.getByLabel('Amount ($)').fill('900.00');
    await expenses.getByRole('button', { name: 'Add expense' }).click();
    const seats = expenses.getByRole('row').filter({ hasText: 'Course seats' });
    await expect(seats).toContainText('$900.00');
    await expect(seats).toContainText('shared by 2');
    await expect(seats).toContainText('Approved');

    await expenses.getByLabel('Category').selectOption('lodging');
    await expenses.getByLabel('Amount ($)').fill('150.50');
    await expenses.getByLabel('Description').fill('Hotel for the instructor');
    await expenses.getByLabel('Status').selectOption('paid');
    await expenses.getByRole('button', { name: 'Add expense' }).click();
    await expect(expenses.getByRole('row').filter({ hasText: 'Hotel for the instructor' })).toContainText('Paid');
    await page.waitForLoadState('networkidle');
    expect(await sideways(page), 'the session page').toBeLessThanOrEqual(0);

    await goTo(page, 'Expenses');
    await expect(page.getByRole('heading', { level: 1, name: 'Expenses' })).toBeVisible();
    const fy = fiscalYear(chicagoDay(0));
    await expect(page.getByLabel('Fiscal year')).toHaveValue(String(fy));
    const budgets = page.getByRole('region', { name: 'Budgets' });
    await budgets.getByLabel('Budget of').selectOption(unit);
    await budgets.getByLabel('Budget ($)').fill('2,000');
    await budgets.getByRole('button', { name: 'Set budget' }).click();
    const row = budgets.getByRole('row').filter({ hasText: unit });
    // Spent: the paid hotel; committed: the approved seats; left: the rest.
    await expect(row.getByRole('cell')).toHaveText(['$2,000.00', '$150.50', '$900.00', '$949.50']);

    // The lines are listed for the year, with the course named in the summary.
    const lines = page.getByRole('region', { name: 'Expense lines' });
    await expect(lines.getByRole('row').filter({ hasText: 'Course seats' }).first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Summary' }).getByRole('row').filter({ hasText: course }))
      .toContainText('$150.50');
    await expect(page.getByRole('link', { name: 'Export XLSX' })).toHaveAttribute('href', /format=xlsx/);
    await page.waitForLoadState('networkidle');
    expect(await sideways(page), 'the expenses page').toBeLessThanOrEqual(0);
  });
}
