import { expect, test } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

async function openDana(page: import('@playwright/test').Page) {
  await goTo(page, 'People');
  await page.getByLabel('Search name or badge').fill('Lindqvist');
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();
}

test('a coordinator jumps between the sections of a person\'s page; sources stay folded', async ({ page }) => {
  await logIn(page, users.coordinator);
  await openDana(page);
  const sections = page.getByRole('navigation', { name: 'On this page' });
  for (const name of ['Compliance', 'Training', 'Credentials', 'Policies', 'History', 'Details']) {
    await expect(sections.getByRole('link', { name, exact: true })).toBeVisible();
  }
  // Training records come right after compliance, and the link takes the reader there.
  await sections.getByRole('link', { name: 'Training', exact: true }).click();
  await expect(page).toHaveURL(/#training-heading$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Training records' })).toBeInViewport();
  await expect(page.getByRole('heading', { level: 2, name: 'Policies' })).toBeVisible();

  // Each requirement names its sources in one folded line.
  const compliance = page.getByRole('region', { name: 'Compliance' });
  const folded = compliance.locator('details.citations').first();
  await expect(folded.locator('summary')).toHaveText(/^Sources \(\d+\)$/);
  await expect(folded.locator('.source').first()).toBeHidden();
  await folded.locator('summary').click();
  await expect(folded.locator('.source').first()).toBeVisible();
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a person\'s page reads section by section without sideways scrolling', async ({ page }) => {
    await logIn(page, users.coordinator);
    await openDana(page);
    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Details' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Details' })).toBeInViewport();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
