import { expect, test } from '@playwright/test';
import { logIn, users } from './helpers';

test('an officer sees only his or her own profile', async ({ page }) => {
  await logIn(page, users.officer);

  await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Compliance' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My profile' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'People', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);

  // Typing the roster's address shows nobody else.
  await page.goto('/people');
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByRole('alert').or(page.getByRole('link', { name: 'Lindqvist, Dana' }))).toBeVisible();
  const others = page.getByRole('table').getByRole('link').filter({ hasNotText: 'Lindqvist, Dana' });
  await expect(others).toHaveCount(0);
});
