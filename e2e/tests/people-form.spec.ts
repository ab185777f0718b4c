import { expect, test } from '@playwright/test';
import { logIn, uniqueBadge, users } from './helpers';

test('a coordinator adds a person and lands on the new page', async ({ page }) => {
  const badge = uniqueBadge();
  await logIn(page, users.coordinator);
  await page.getByRole('link', { name: 'Add person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add person' })).toBeVisible();

  await page.getByLabel('Kind').selectOption('civilian');
  await page.getByLabel('First name').fill('Riley');
  await page.getByLabel('Last name').fill('Tester');
  await page.getByLabel('Title').fill('Records Clerk');
  await page.getByLabel('Badge').fill(badge);
  await page.getByLabel('Email').fill(`riley.${badge.toLowerCase()}@example.test`);
  await page.getByLabel('Unit').fill('Records');
  await page.getByLabel('Hire date').fill('2024-03-18');
  await page.getByRole('button', { name: 'Add person' }).click();

  await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tester, Riley' })).toBeVisible();
  await expect(page.getByText(badge, { exact: true })).toBeVisible();
  await expect(page.getByText('2024-03-18')).toBeVisible();
});

test('a badge already in use is reported next to the badge field', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.goto('/people/new');

  await page.getByLabel('First name').fill('Dup');
  await page.getByLabel('Last name').fill('Licate');
  await page.getByLabel('Badge').fill('LV-1004');
  await page.getByRole('button', { name: 'Add person' }).click();

  const badge = page.getByLabel('Badge');
  await expect(badge).toHaveAttribute('aria-invalid', 'true');
  await expect(badge).toHaveAccessibleDescription(/already used/i);
  await expect(page.locator('#error-badge')).toBeVisible();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/people\/new$/);
});
