import { expect, test } from '@playwright/test';
import { logIn, users } from './helpers';

test('a coordinator logs in and sees the roster', async ({ page }) => {
  await logIn(page, users.coordinator);

  await expect(page).toHaveURL(/\/people$/);
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByText('Lakeview Police Department')).toBeVisible();
  await expect(page.getByText(users.coordinator)).toBeVisible();
  // The demo agency has 25 people: one row each, plus the header row.
  await expect(page.getByRole('link', { name: 'Lindqvist, Dana' })).toBeVisible();
  expect(await page.getByRole('row').count()).toBeGreaterThan(10);
  await expect(page.getByRole('link', { name: 'Add person' })).toBeVisible();
});

test('a coordinator finds Dana Lindqvist by name and opens her page', async ({ page }) => {
  await logIn(page, users.coordinator);

  await page.getByLabel('Search name or badge').fill('Lindqvist');
  const rows = page.getByRole('table').getByRole('row');
  // Only her row is left under the header row.
  await expect(rows).toHaveCount(2);
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();
  await expect(page.getByText('LV-1004')).toBeVisible();
  await expect(page.getByText('Patrol', { exact: true })).toBeVisible();
});

test('the roster keeps its filters through a reload and back from a person', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.getByLabel('Search name or badge').fill('Lindqvist');
  await page.getByLabel('Kind').selectOption({ label: 'Officers' });
  await expect(page).toHaveURL(/\/people\?q=Lindqvist&kind=officer$/);
  await page.reload();
  await expect(page.getByLabel('Search name or badge')).toHaveValue('Lindqvist');
  await expect(page.getByLabel('Kind')).toHaveValue('officer');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel('Search name or badge')).toHaveValue('Lindqvist');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
});
