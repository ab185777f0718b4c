import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

test('a coordinator schedules a session with its hours and finds it on the month calendar', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'Sessions');
  await page.getByText('Schedule a session').click();
  await page.getByLabel('Course').selectOption({ label: 'Autism awareness (online)' });
  // Far enough ahead that no other journey's session shares the day.
  const day = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Starts on').fill(day);
  await page.getByLabel('Starts at').fill('13:00');
  await page.getByLabel('Ends at').fill('09:00');
  await page.getByRole('button', { name: 'Schedule session' }).click();
  await expect(page.getByText('must be after the start time (13:00)')).toBeVisible();
  await page.getByLabel('Ends at').fill('15:30');
  await page.getByRole('button', { name: 'Schedule session' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Autism awareness (online)' })).toBeVisible();
  await expect(page.getByText(`${day}, 13:00 to 15:30`)).toBeVisible();

  await goTo(page, 'Sessions');
  await page.getByRole('button', { name: 'Calendar' }).click();
  const calendar = page.getByRole('region', { name: /\d{4}$/ });
  await expect(calendar).toBeVisible();
  // Step forward to the session's month: it shows on its day with its start time.
  const [year, month] = day.split('-').map(Number);
  const now = new Date();
  const steps = (year - now.getFullYear()) * 12 + (month - (now.getMonth() + 1));
  for (let i = 0; i < steps; i++) {
    await page.getByRole('button', { name: 'Next month' }).click();
  }
  const cell = calendar.getByRole('listitem', { name: new RegExp(`${day}$`) });
  await expect(cell.getByRole('link', { name: '13:00 Autism awareness (online)' })).toBeVisible();
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the month calendar fits a phone', async ({ page }) => {
    await logIn(page, users.officer);
    await page.goto('/sessions');
    await page.getByRole('button', { name: 'Calendar' }).click();
    await expect(page.getByRole('region', { name: /\d{4}$/ })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
