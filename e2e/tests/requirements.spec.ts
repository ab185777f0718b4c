import { expect, test, type Page } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

// The demo agency (see crates/api/src/demo.rs) is in Minnesota; Drew Larson (LV-1012) is its
// K9 handler.

/** A suffix no earlier run has used, so codes and names stay unique in any database. */
function unique(): string {
  return Date.now().toString(36);
}

function item(page: Page, text: string) {
  return page.getByRole('article').filter({ hasText: text });
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('a coordinator adds a K9 requirement, assigns it to Drew Larson through a profile, and his report shows it', async ({ page }) => {
  const code = `agency.k9_${unique()}`;
  const profileName = `K9 unit ${unique()}`;
  await logIn(page, users.coordinator);
  await goTo(page, 'Requirements');
  await expect(page).toHaveURL(/\/requirements$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Agency requirements' })).toBeVisible();

  // The requirement: 16 hours of general training per calendar year, for K9 handlers.
  await page.getByRole('link', { name: 'Add requirement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add requirement' })).toBeVisible();
  await page.getByLabel('Title').fill('K9 handler training');
  await page.getByLabel('Code').fill(code);
  await page.getByLabel('Policy cited').fill('Lakeview Policy 312');
  await expect(page.getByLabel('Measure')).toHaveValue('hours');
  await page.getByLabel('Minimum hours').fill('16');
  await page.getByRole('group', { name: 'Topics' })
    .getByLabel('General POST-approved continuing education').check();
  await expect(page.getByLabel('Period')).toHaveValue('calendar_year');
  await page.getByRole('group', { name: 'Applies to roles' }).getByLabel('K9 handler').check();
  await page.getByRole('button', { name: 'Add requirement' }).click();

  await expect(page).toHaveURL(/\/requirements$/);
  const requirement = item(page, code);
  await expect(requirement.getByRole('heading', { level: 3, name: 'K9 handler training' })).toBeVisible();
  await expect(requirement).toContainText('16.0 hours of General POST-approved continuing education');
  await expect(requirement).toContainText('per calendar year');
  await expect(requirement).toContainText('active people with role k9_handler');
  await expect(requirement).toContainText('Lakeview Policy 312');
  await expect(requirement.getByText(/binds nobody/)).toBeVisible();

  // The profile that gives it to Drew Larson.
  await page.getByRole('link', { name: 'Add profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add training profile' })).toBeVisible();
  await page.getByLabel('Name').fill(profileName);
  await page.getByRole('group', { name: 'Requirements' }).getByLabel(`K9 handler training (${code})`).check();
  await expect(page.getByLabel('Assigned to')).toHaveValue('people');
  await page.getByLabel('Add a person').selectOption({ label: 'Larson, Drew (LV-1012)' });
  const chosen = page.getByRole('list', { name: 'People' });
  await expect(chosen.getByRole('listitem')).toHaveCount(1);
  await expect(chosen).toContainText('Larson, Drew (LV-1012)');
  await expect(page.getByLabel('Add a person')).toHaveValue('');
  await page.getByRole('button', { name: 'Add profile' }).click();

  await expect(page).toHaveURL(/\/requirements$/);
  const profile = page.getByRole('article', { name: profileName });
  await expect(profile.getByRole('heading', { level: 3, name: profileName })).toBeVisible();
  await expect(profile).toContainText('K9 handler training');
  await expect(profile).toContainText('Larson, Drew');
  await expect(item(page, code)).toContainText(`In training profiles: ${profileName}`);

  // Drew's compliance report now holds the requirement.
  await goTo(page, 'People');
  await page.getByLabel('Search name or badge').fill('Larson');
  await page.getByRole('link', { name: 'Larson, Drew' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Larson, Drew' })).toBeVisible();
  const k9 = page.getByRole('region', { name: 'Compliance' }).getByRole('article').filter({ hasText: code });
  await expect(k9.getByRole('heading', { name: 'K9 handler training' })).toBeVisible();
  // Judged per calendar year on general hours (the year 2025 closed with 12 of the 16).
  await expect(k9.getByText(/more hours of k9 handler training by \d{4}-12-31/)).toBeVisible();
  await expect(k9.getByText(/of 16\.0 hours/)).toBeVisible();

  // A requirement in use cannot go; once its profile is gone, it can.
  await page.goto('/requirements');
  await item(page, code).getByRole('button', { name: 'Delete K9 handler training' }).click();
  await item(page, code).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(item(page, code).getByRole('alert')).toContainText('is used by a training profile');
  await profile.getByRole('button', { name: `Delete ${profileName}` }).click();
  await profile.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(profile).toHaveCount(0);
  // The lists are read again: the requirement is drawn afresh, its question closed.
  await expect(item(page, code).getByText(/binds nobody/)).toBeVisible();
  const remove = item(page, code).getByRole('button', { name: 'Delete K9 handler training' });
  await expect(remove).toBeVisible();
  await remove.click();
  await item(page, code).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(item(page, code)).toHaveCount(0);
});

test('the server\'s objections are shown beside the fields they are about', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.goto('/requirements/new');
  await page.getByLabel('Title').fill('Shadowing a state rule');
  await page.getByLabel('Code').fill('mn.ce.total');
  await page.getByLabel('Policy cited').fill('Policy 1');
  await page.getByLabel('Minimum hours').fill('-4');
  await page.getByRole('button', { name: 'Add requirement' }).click();

  // The server names the code as a field, and the hours in words about the document.
  const hours = page.getByLabel('Minimum hours');
  await expect(hours).toHaveAttribute('aria-invalid', 'true');
  await expect(hours).toHaveAccessibleDescription(/minimum hours must be a number from 0/);
  await expect(page.getByRole('alert')).toContainText('Please correct the fields marked below.');
  await hours.fill('4');
  await page.getByRole('button', { name: 'Add requirement' }).click();
  const code = page.getByLabel('Code');
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expect(code).toHaveAccessibleDescription(/is the id of a state rule/);
  await expect(hours).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/requirements\/new$/);

  // A profile needs a name.
  await page.goto('/profiles/new');
  await page.getByLabel('Assigned to').selectOption('everyone');
  await page.getByRole('button', { name: 'Add profile' }).click();
  const name = page.getByLabel('Name');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/is required/);
  await expect(page).toHaveURL(/\/profiles\/new$/);
});

test('officers and supervisors are not offered the requirements page', async ({ page }) => {
  await logIn(page, users.supervisor);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Compliance' }).click();
  await expect(nav.getByRole('link', { name: 'Rules' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Requirements' })).toHaveCount(0);
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('an admin adds, edits and deletes an annual firearms qualification', async ({ page }) => {
    const code = `agency.firearms_${unique()}`;
    await logIn(page, users.admin);
    await page.getByRole('button', { name: 'Menu' }).click();
    await goTo(page, 'Requirements');
    await expect(page.getByRole('heading', { level: 1, name: 'Agency requirements' })).toBeVisible();
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.getByRole('link', { name: 'Add requirement' }).click();
    await page.getByLabel('Title').fill('Annual firearms qualification');
    await page.getByLabel('Code').fill(code);
    await page.getByLabel('Policy cited').fill('Lakeview Policy 300.2');
    await page.getByLabel('Measure').selectOption('event');
    await page.getByLabel('Event').selectOption('firearms_qualification');
    await page.getByLabel('Period').selectOption('rolling');
    await page.getByLabel('Every how many months').fill('12');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Add requirement' }).click();

    const qualification = item(page, code);
    await expect(qualification).toContainText('one Firearms qualification');
    await expect(qualification).toContainText('once a year');
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // Every two years instead; the rest of the requirement is kept.
    await qualification.getByRole('link', { name: 'Edit Annual firearms qualification' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Edit Annual firearms qualification' })).toBeVisible();
    await expect(page.getByLabel('Code')).toHaveValue(code);
    await expect(page.getByLabel('Event')).toHaveValue('firearms_qualification');
    await expect(page.getByLabel('Every how many months')).toHaveValue('12');
    await page.getByLabel('Every how many months').fill('24');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(item(page, code)).toContainText('once every 2 years');
    await expect(item(page, code)).toContainText('Lakeview Policy 300.2');

    await item(page, code).getByRole('button', { name: 'Delete Annual firearms qualification' }).click();
    await item(page, code).getByRole('button', { name: 'Yes, delete' }).click();
    await expect(item(page, code)).toHaveCount(0);
  });
});
