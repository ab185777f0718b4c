import { expect, test, type Page } from '@playwright/test';
import { logIn, uniqueBadge, users, goTo } from './helpers';

// The demo agency's records start with the licence cycle that began 2024-07-01; Dana
// Lindqvist has 26 of the 48 hours of that cycle (see crates/api/src/demo.rs).
const VERDICTS = /Compliant|At risk|Non-compliant|Not applicable/;

function complianceOf(page: Page) {
  return page.getByRole('region', { name: 'Compliance' });
}

function requirement(page: Page, id: string) {
  return complianceOf(page).getByRole('article').filter({ hasText: id });
}

test('a coordinator reads Dana Lindqvist\'s compliance and judges it on another day', async ({ page }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await page.getByLabel('Search name or badge').fill('Lindqvist');
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();

  const compliance = complianceOf(page);
  await expect(compliance.getByText(/^Overall:/)).toContainText(VERDICTS);
  const ce = requirement(page, 'mn.ce.total');
  await expect(ce.getByRole('heading', { name: /continuing education/ })).toBeVisible();
  await expect(ce.getByText(/more hours of continuing education by \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await expect(ce.getByRole('progressbar')).toBeVisible();
  await expect(ce.getByText(/of 48\.0 hours/)).toBeVisible();

  // The day after her licence cycle 2024-07-01..2027-06-30 ended 22 hours short.
  await page.getByLabel('As of').fill('2027-07-01');
  await expect(compliance.getByText(/^As of 2027-07-01/)).toBeVisible();
  await expect(compliance.getByText(/^Overall:/)).toContainText('Non-compliant');
  await expect(ce.getByText('Overdue', { exact: true })).toBeVisible();
  await expect(ce.getByText('Overdue: needed 22.0 more hours of continuing education by 2027-06-30')).toBeVisible();
  await expect(ce.getByText('26.0 of 48.0 hours')).toBeVisible();

  // What does not bind is folded away at the end.
  await expect(compliance.getByText(/^Not applicable \(\d+\)$/)).toBeVisible();
  await expect(compliance.getByText(/^Verdict next changes on \d{4}-\d{2}-\d{2}\.$/)).toBeVisible();
});

test('a coordinator records a waiver and the requirement shows as waived', async ({ page }) => {
  // A new person: the history in ConfiTrek starts today, so the report shows the current
  // licence cycle, which the waiver then exempts.
  const badge = uniqueBadge();
  await logIn(page, users.coordinator);
  await page.goto('/people/new');
  await page.getByLabel('First name').fill('Wren');
  await page.getByLabel('Last name').fill('Waiver');
  await page.getByLabel('Badge').fill(badge);
  await page.getByLabel('Hire date').fill('2019-03-04');
  await page.getByLabel('License cycle start').fill('2024-07-01');
  await page.getByLabel('License cycle end').fill('2027-06-30');
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Waiver, Wren' })).toBeVisible();

  const ce = requirement(page, 'mn.ce.total');
  await expect(ce.getByText(/more hours of continuing education/)).toBeVisible();

  const form = page.locator('form.waiver-form');
  await expect(form.getByRole('heading', { name: 'Record a waiver' })).toBeVisible();
  await form.getByLabel('Requirement').selectOption('mn.ce.total');
  await expect(form.getByLabel('Period due')).not.toHaveValue('');
  await form.getByLabel('Effect').selectOption('exempt');

  // Without a reason or an approver the server says which fields are missing.
  await form.getByRole('button', { name: 'Record waiver' }).click();
  await expect(form.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Reason')).toHaveAccessibleDescription(/required/);
  await expect(form.getByLabel('Approved by')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Reason').fill('Military leave for the whole cycle');
  await form.getByLabel('Approved by').fill('Avery Brooks, Chief of Police');
  await form.getByRole('button', { name: 'Record waiver' }).click();

  await expect(form.getByRole('status')).toContainText('Waiver recorded for mn.ce.total');
  await expect(ce.getByText('Waived', { exact: true })).toBeVisible();
  await expect(ce.getByText(/^Waived for the period ending \d{4}-\d{2}-\d{2}$/)).toBeVisible();
  const waivers = page.getByRole('region', { name: 'Waivers' });
  const recorded = waivers.getByRole('listitem').filter({ hasText: 'mn.ce.total' });
  await expect(recorded).toContainText('Exempt for the period');
  await expect(recorded).toContainText('Military leave for the whole cycle');
  await expect(recorded).toContainText('Avery Brooks, Chief of Police');
});

test('an officer sees his or her own compliance on the profile, without the waiver form', async ({ page }) => {
  await logIn(page, users.officer);
  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();

  const compliance = complianceOf(page);
  await expect(compliance.getByText(/^Overall:/)).toContainText(VERDICTS);
  await expect(requirement(page, 'mn.ce.total').getByText(/continuing education by/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Waivers' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Record a waiver' })).toHaveCount(0);
});
