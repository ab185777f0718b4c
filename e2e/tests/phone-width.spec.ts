import { expect, test, type Page } from '@playwright/test';
import { logIn, users } from './helpers';

// Every page each role can reach from the menu, and the pages of one person and one
// session, at 390 px: nothing is wider than the screen (no sideways scrolling).
test.use({ viewport: { width: 390, height: 844 } });

async function menuPages(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  const hrefs = await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''));
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  return [...new Set(hrefs.filter((h) => h.startsWith('/')))];
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const role of ['admin', 'coordinator', 'supervisor', 'officer'] as const) {
  test(`no page of the ${role} scrolls sideways at 390 px`, async ({ page }) => {
    test.setTimeout(120_000);
    await logIn(page, users[role]);
    const paths = await menuPages(page);
    expect(paths.length).toBeGreaterThan(3);
    if (role !== 'officer') {
      paths.push('/people?q=Lindqvist');
    }
    paths.push('/sessions');
    for (const path of paths) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      // Let lists and tables arrive before measuring.
      await page.waitForLoadState('networkidle');
      expect(await overflow(page), `${role} on ${path}`).toBeLessThanOrEqual(0);
    }
    // One person's page and one session's page, as reached from their lists.
    if (role !== 'officer') {
      await page.goto('/people?q=Lindqvist');
      await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();
      await page.waitForLoadState('networkidle');
      expect(await overflow(page), `${role} on Dana Lindqvist's page`).toBeLessThanOrEqual(0);
    }
    await page.goto('/sessions');
    const session = page.getByRole('main').getByRole('link', { name: 'Firearms qualification' }).first();
    if (await session.count()) {
      await session.click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.waitForLoadState('networkidle');
      expect(await overflow(page), `${role} on a session`).toBeLessThanOrEqual(0);
    }
  });
}
