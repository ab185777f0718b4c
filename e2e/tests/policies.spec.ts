import { expect, test, type Browser, type Page } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

// The demo agency (see crates/api/src/demo/credentials_policies.rs) has a vehicle pursuit
// policy in two versions and TASER X2 user credentials; Dana Lindqvist (LV-1004) is the
// officer login, Taylor Bergstrom (LV-1008) carries a TASER credential that expires within
// weeks.

/** A suffix no earlier run has used, so codes and titles stay unique in any database. */
function unique(): string {
  return Date.now().toString(36);
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** A page in a browser context of its own, so two people can be signed in at once. */
async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email);
  return page;
}

test('a coordinator publishes a new version of a policy; the officer acknowledges it again and the progress follows', async ({ browser }) => {
  const suffix = unique();
  const title = `Radio procedures ${suffix}`;
  const code = `radio_${suffix}`;

  // The coordinator writes a policy for Dana and publishes its first version.
  const coordinator = await signedIn(browser, users.coordinator);
  await goTo(coordinator, 'Policies');
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Policies' })).toBeVisible();
  await expect(coordinator.getByRole('link', { name: 'Vehicle pursuit policy' })).toBeVisible();
  await coordinator.getByRole('link', { name: 'Add policy' }).click();
  await coordinator.getByLabel('Title').fill(title);
  await coordinator.getByLabel('Code').fill(code);
  await coordinator.getByLabel('Days to acknowledge').fill('14');
  await coordinator.getByLabel('Assigned to').selectOption('people');
  await coordinator.getByLabel('Add a person').selectOption({ label: 'Lindqvist, Dana (LV-1004)' });
  await coordinator.getByRole('button', { name: 'Add policy' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const progress = coordinator.getByRole('region', { name: 'Acknowledgements' });
  await expect(progress).toContainText('Nothing to acknowledge until a first version is published.');
  await coordinator.getByLabel('Text of version 1').fill('Use plain language on the radio.');
  await coordinator.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(progress.getByRole('status')).toHaveText('0 of 1 acknowledged version 1');
  await expect(progress.getByRole('link', { name: 'Lindqvist, Dana' })).toBeVisible();

  // Dana reads it among her policies and acknowledges it, attesting first.
  const officer = await signedIn(browser, users.officer);
  await goTo(officer, 'My policies');
  await expect(officer.getByRole('heading', { level: 1, name: 'My policies' })).toBeVisible();
  const mine = officer.getByRole('article', { name: new RegExp(title) });
  await expect(mine.getByText('Needs acknowledgement', { exact: true })).toBeVisible();
  await expect(mine).toContainText('Use plain language on the radio.');
  const acknowledge = mine.getByRole('button', { name: 'Acknowledge' });
  await expect(acknowledge).toBeDisabled();
  await mine.getByLabel(`I have read and understood ${title}, version 1.`).check();
  await acknowledge.click();
  await expect(mine.getByText('Acknowledged', { exact: true })).toBeVisible();
  await expect(mine.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  // The coordinator's count rises.
  await coordinator.reload();
  await expect(progress.getByRole('status')).toHaveText('1 of 1 acknowledged version 1');
  await expect(progress).toContainText('Everyone it is assigned to has acknowledged it.');

  // A new version: acknowledged by nobody yet; the form starts from the current text.
  const text = coordinator.getByLabel('Text of version 2');
  await expect(text).toHaveValue('Use plain language on the radio.');
  await text.fill('Use plain language on the radio. Say your unit number first.');
  await coordinator.getByRole('button', { name: 'Publish version 2' }).click();
  await expect(progress.getByRole('status')).toHaveText('0 of 1 acknowledged version 2');
  const versions = coordinator.getByRole('region', { name: 'Versions' });
  await expect(versions.getByText(/^Version 2, published \d{4}-\d{2}-\d{2}$/)).toBeVisible();
  await expect(versions.getByText(/^Version 1, published \d{4}-\d{2}-\d{2}$/)).toBeVisible();

  // Dana owes it again: her compliance says so until she acknowledges version 2.
  await goTo(officer, 'My profile');
  const requirement = officer.getByRole('region', { name: 'Compliance' }).getByRole('article').filter({ hasText: `policy.${code}` });
  await expect(requirement.getByText('At risk', { exact: true })).toBeVisible();
  await expect(requirement.getByText(`needs an acknowledgement of ${title} by`, { exact: false })).toBeVisible();
  await goTo(officer, 'My policies');
  await expect(mine.getByText('Needs acknowledgement', { exact: true })).toBeVisible();
  await expect(mine).toContainText('Say your unit number first.');
  await mine.getByLabel(`I have read and understood ${title}, version 2.`).check();
  await mine.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(mine.getByText('Acknowledged', { exact: true })).toBeVisible();
  await goTo(officer, 'My profile');
  await expect(requirement.getByText('Met', { exact: true })).toBeVisible();

  await coordinator.reload();
  await expect(progress.getByRole('status')).toHaveText('1 of 1 acknowledged version 2');
});

test('a coordinator renews an expiring credential on a person\'s page and the verdict follows', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await page.getByLabel('Search name or badge').fill('Bergstrom');
  await page.getByRole('link', { name: 'Bergstrom, Taylor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bergstrom, Taylor' })).toBeVisible();

  const credentials = page.getByRole('region', { name: 'Credentials' });
  const held = credentials.getByRole('listitem').filter({ hasText: 'TASER X2 user' });
  await expect(held.getByText('Expiring soon', { exact: true })).toBeVisible();
  const taser = page.getByRole('region', { name: 'Compliance' }).getByRole('article').filter({ hasText: 'agency.taser_x2' });
  await expect(taser.getByText('At risk', { exact: true })).toBeVisible();

  // Without a credential chosen the form says so beside the field.
  const form = page.locator('form.award-form');
  await form.getByRole('button', { name: 'Award' }).click();
  await expect(form.getByLabel('Credential')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Credential').selectOption({ label: 'TASER X2 user' });
  await form.getByLabel('Note').fill('Recertified at the range');
  await form.getByRole('button', { name: 'Award' }).click();
  await expect(form.getByRole('status')).toContainText(/Awarded TASER X2 user, valid through \d{4}-\d{2}-\d{2}\./);
  await expect(credentials.getByRole('listitem').filter({ hasText: 'Recertified at the range' }).getByText('Current', { exact: true })).toBeVisible();
  await expect(taser.getByText('Met', { exact: true })).toBeVisible();

  // The credential types, with what renews them.
  await goTo(page, 'Credentials');
  await expect(page.getByRole('heading', { level: 1, name: 'Credentials' })).toBeVisible();
  const card = page.getByRole('article', { name: 'Firearms qualification card' });
  await expect(card).toContainText('12 months (1 year)');
  await expect(card).toContainText('firearms qualification');
  await expect(page.getByRole('article', { name: 'TASER X2 user' })).toBeVisible();
});

test('officers are offered their own policies, not the training office\'s pages', async ({ page }) => {
  await logIn(page, users.officer);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'My policies' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Policies', exact: true })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Credentials' })).toHaveCount(0);
  // Her own credentials are on her profile, without the award form.
  await expect(page.getByRole('region', { name: 'Credentials' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Award a credential' })).toHaveCount(0);
});

test('a supervisor follows who in his unit has acknowledged a policy, and changes nothing', async ({ page }) => {
  await logIn(page, users.supervisor);
  await goTo(page, 'Policies');
  await expect(page.getByRole('link', { name: 'Add policy' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Vehicle pursuit policy' }).click();
  const progress = page.getByRole('region', { name: 'Acknowledgements' });
  // Alex Johansson patrols with the sergeant; Rowan Hassan, a detective, is not his to see.
  await expect(progress.getByRole('link', { name: 'Johansson, Alex' })).toBeVisible();
  await expect(progress.getByRole('link', { name: 'Hassan, Rowan' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Publish a new version' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('an officer reads and acknowledges policies, and a coordinator follows them, without sideways scrolling', async ({ browser }) => {
    const officer = await signedIn(browser, users.officer);
    await officer.getByRole('button', { name: 'Menu' }).click();
    await goTo(officer, 'My policies');
    const pursuit = officer.getByRole('article', { name: /Vehicle pursuit policy/ });
    await expect(pursuit).toContainText('Policy 4.2');
    expect(await overflow(officer)).toBeLessThanOrEqual(0);

    const coordinator = await signedIn(browser, users.coordinator);
    await coordinator.goto('/policies');
    await coordinator.getByRole('link', { name: 'Vehicle pursuit policy' }).click();
    const progress = coordinator.getByRole('region', { name: 'Acknowledgements' });
    await expect(progress.getByRole('status')).toHaveText(/^\d+ of \d+ acknowledged version 2$/);
    await expect(progress.getByRole('link', { name: 'Johansson, Alex' })).toBeVisible();
    expect(await overflow(coordinator)).toBeLessThanOrEqual(0);
    await coordinator.goto('/credential-types');
    await expect(coordinator.getByRole('article', { name: 'TASER X2 user' })).toBeVisible();
    expect(await overflow(coordinator)).toBeLessThanOrEqual(0);
  });
});
