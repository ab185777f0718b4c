import { expect, test } from '@playwright/test';
import { logIn, uniqueBadge, users, goTo } from './helpers';

test('a coordinator adds a person and lands on the new page', async ({ page }) => {
  const badge = uniqueBadge();
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
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
  // The compliance report may show the date too (a first period starting on the hire date).
  await expect(page.getByRole('region', { name: 'Details' }).getByText('2024-03-18')).toBeVisible();
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

test('role flags and the compliance dates are saved and survive an edit', async ({ page }) => {
  const badge = uniqueBadge();
  await logIn(page, users.coordinator);
  await page.goto('/people/new');

  const roles = page.getByRole('group', { name: 'Roles' });
  await expect(roles.getByRole('checkbox')).toHaveCount(6);
  await page.getByLabel('First name').fill('Kit');
  await page.getByLabel('Last name').fill('Flags');
  await page.getByLabel('Badge').fill(badge);
  await roles.getByLabel('School resource officer').check();
  await roles.getByLabel('Instructor').check();
  await page.getByLabel('Basic certification date').fill('2015-06-01');
  await page.getByLabel('Training history complete from').fill('2023-07-01');
  await page.getByRole('button', { name: 'Add person' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Flags, Kit' })).toBeVisible();
  const details = page.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('School resource officer, Instructor');
  await expect(details).toContainText('2015-06-01');
  await expect(details).toContainText('2023-07-01');

  // PUT replaces the whole person: the form must send the flags and dates it was given.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Basic certification date')).toHaveValue('2015-06-01');
  await expect(page.getByLabel('Training history complete from')).toHaveValue('2023-07-01');
  await expect(roles.getByLabel('School resource officer')).toBeChecked();
  await expect(roles.getByLabel('Instructor')).toBeChecked();
  await expect(roles.getByLabel('Reserve')).not.toBeChecked();
  await page.getByLabel('Title').fill('Training Officer');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Flags, Kit' })).toBeVisible();
  await expect(details).toContainText('Training Officer');
  await expect(details).toContainText('School resource officer, Instructor');
  await expect(details).toContainText('2015-06-01');
  await expect(details).toContainText('2023-07-01');
});
