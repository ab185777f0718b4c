import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

test.use({ viewport: { width: 375, height: 740 } });

test('at 375 px the roster fits the screen and the menu works', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await expect(page.getByRole('link', { name: 'Lindqvist, Dana' })).toBeVisible();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The nav is folded behind the menu button on a phone.
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'People' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Log out' })).toBeVisible();

  await nav.getByRole('link', { name: 'My profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ellis, Morgan' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  const overflowOnProfile = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowOnProfile).toBeLessThanOrEqual(0);
});

test('at 375 px the rules page and an officer\'s compliance fit the screen', async ({ page }) => {
  await logIn(page, users.officer);
  await expect(page.getByRole('region', { name: 'Compliance' }).getByText(/^Overall:/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Compliance' }).getByRole('article').first()).toBeVisible();
  const onProfile = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(onProfile).toBeLessThanOrEqual(0);

  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Minnesota/ })).toBeVisible();
  await expect(page.getByRole('article').first()).toBeVisible();
  const onRules = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(onRules).toBeLessThanOrEqual(0);
});

test('at 375 px an officer\'s own training and training requests fit the screen', async ({ page }) => {
  await logIn(page, users.officer);
  for (const [link, heading] of [['My training', 'My training'], ['Training requests', 'Training requests']]) {
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole('button', { name: /Report training|Send request/ })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, link).toBeLessThanOrEqual(0);
  }
});
