import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

test('the rules page lists Minnesota\'s rules with their sources and open questions', async ({ page }) => {
  await logIn(page, users.supervisor);
  await goTo(page, 'Rules');
  await expect(page).toHaveURL(/\/rules$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Rules' })).toBeVisible();

  // The agency's own state first.
  await expect(page.getByRole('heading', { level: 2, name: /Minnesota/ })).toBeVisible();
  await expect(page.getByLabel('Jurisdiction')).toHaveValue('MN');
  const ce = page.getByRole('article').filter({ hasText: 'mn.ce.total' });
  await expect(ce.getByRole('heading', { name: /continuing education/ })).toBeVisible();
  await expect(ce.getByText(/^MN-\d+$/).first()).toBeVisible();
  await expect(ce.getByText('Applies to')).toBeVisible();
  await expect(page.getByText('Unconfirmed', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/^Binds from the next full cycle/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: /Not modelled/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Version history' })).toBeVisible();

  // The note behind an "Unconfirmed" mark opens in place.
  await page.getByText('Unconfirmed', { exact: true }).first().click();
  await expect(page.getByText(/Confirm with POST/).first()).toBeVisible();

  // Another state's rules.
  await page.getByLabel('Jurisdiction').selectOption('OR');
  await expect(page.getByRole('heading', { level: 2, name: /Oregon/ })).toBeVisible();
  await expect(page.getByText(/^OR-\d+$/).first()).toBeVisible();
});
