import { expect, test, type Locator, type Page } from '@playwright/test';
import { logIn, users, goTo } from './helpers';

// One incident goes through its life: an officer drafts and submits it on a phone, the
// supervisor (who holds the review permission in the demo) reviews and closes it, and the
// coordinator (who does not) never sees it.
test.describe.configure({ mode: 'serial' });

const caseNumber = `E2E-${Date.now()}`;
// A few days back: an incident cannot be after the agency's today.
const incidentDate = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString().slice(0, 10);
let incidentPath = '';

async function noOverflow(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, where).toBeLessThanOrEqual(0);
}

async function next(page: Page, step: string): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 2, name: step })).toBeVisible();
}

async function check(group: Locator, legend: string, ...labels: string[]): Promise<void> {
  const box = group.getByRole('group', { name: legend });
  for (const label of labels) {
    await box.getByLabel(label, { exact: true }).check();
  }
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('an officer drafts an incident step by step and submits it with the attestation', async ({ page }) => {
    test.setTimeout(60_000);
    await logIn(page, users.officer);
    await page.getByRole('button', { name: 'Menu' }).click();
    await goTo(page, 'Use of force');
    await expect(page.getByRole('heading', { level: 1, name: 'Use of force' })).toBeVisible();
    await page.getByRole('link', { name: 'New incident' }).click();

    // Step 1: the incident.
    await expect(page.getByRole('heading', { level: 2, name: 'Step 1 of 4: Incident' })).toBeVisible();
    await page.getByLabel('Case number').fill(caseNumber);
    await page.getByLabel('Date', { exact: true }).fill(incidentDate);
    await page.getByLabel('Time', { exact: true }).fill('23:40');
    await page.getByLabel('Address or location').fill('Main St and 3rd Ave');
    await page.getByLabel('Location type').selectOption({ label: 'Highway/road/alley/street/sidewalk' });
    await page.getByLabel('Reason for the initial contact').selectOption({ label: 'Traffic stop' });
    // The offense is asked only for unlawful or suspicious activity.
    await expect(page.getByLabel('Most serious offense')).toHaveCount(0);
    await page.getByLabel('Did officers approach the subject?').selectOption('yes');
    await page.getByLabel('Was it an ambush?').selectOption('no');
    await page.getByLabel('Supervisor present or consulted?').selectOption('no');
    await page.getByLabel('Officers of other agencies who applied force').fill('0');
    await noOverflow(page, 'step 1');
    await next(page, 'Step 2 of 4: Subjects');

    // Step 2: one subject, whose age is left out for now.
    await page.getByRole('button', { name: 'Add a subject' }).click();
    const subject = page.getByRole('group', { name: 'Subject 1', exact: true });
    await subject.getByLabel('Sex', { exact: true }).selectOption('male');
    await check(subject, 'Race', 'White');
    await subject.getByLabel('Ethnicity').selectOption('not_hispanic_latino');
    await subject.getByLabel('Known or apparent impairment').selectOption('no');
    await subject.getByLabel('Threat perceived by the officer').selectOption('yes');
    await subject.getByLabel('Armed', { exact: true }).selectOption('no');
    await subject.getByLabel('Resisted', { exact: true }).selectOption('yes');
    await check(subject, 'Types of resistance', 'Resisting being handcuffed or arrested');
    await check(subject, 'Force used on this subject', 'Hands, fists, or feet');
    await check(subject, 'Injuries of this subject', 'Apparent minor injury');
    await subject.getByLabel('Disposition').selectOption('arrested');
    await noOverflow(page, 'step 2');
    await next(page, 'Step 3 of 4: Officers');

    // Step 3: the author is already listed as the first officer.
    const officer = page.getByRole('group', { name: /Lindqvist, Dana/ });
    await officer.getByLabel('Sex', { exact: true }).selectOption('female');
    await check(officer, 'Race', 'White');
    await officer.getByLabel('Ethnicity').selectOption('not_hispanic_latino');
    await officer.getByLabel('Age', { exact: true }).fill('31');
    await officer.getByLabel('Full-time officer').selectOption('yes');
    await officer.getByLabel('On duty').selectOption('yes');
    await officer.getByLabel('Identifiable as law enforcement').selectOption('yes');
    await officer.getByLabel('Applied force').selectOption('yes');
    await officer.getByLabel('Discharged a firearm at or in the direction of a person').selectOption('no');
    await check(officer, 'Injuries of this officer', 'No apparent injury');
    await next(page, 'Step 4 of 4: Narrative and review');

    // Step 4: the narrative, the preview of the federal qualification, the attestation.
    await page.getByLabel('What happened').fill('The subject pulled away during handcuffing and was taken to the ground.');
    await expect(page.getByText(/^\d+ of 2000 characters$/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'FBI use-of-force data collection' }))
      .toContainText('Qualifies for FBI reporting: no, because');
    await page.getByLabel(/I attest that this incident occurred/).check();
    await noOverflow(page, 'step 4');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();

    // The missing age sends the form back to the subject, with the message beside the field.
    await expect(page.getByRole('heading', { level: 2, name: 'Step 2 of 4: Subjects' })).toBeVisible();
    const age = page.getByRole('group', { name: 'Subject 1', exact: true }).getByLabel('Age', { exact: true });
    await expect(age).toHaveAttribute('aria-invalid', 'true');
    await expect(age).toHaveAccessibleDescription(/is required to submit the incident/);
    await age.fill('34');
    await next(page, 'Step 3 of 4: Officers');
    await next(page, 'Step 4 of 4: Narrative and review');
    await expect(page.getByLabel(/I attest that this incident occurred/)).toBeChecked();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();

    await expect(page.getByRole('heading', { level: 1, name: `Incident ${caseNumber}` })).toBeVisible();
    await expect(page.locator('.page-head .badge')).toHaveText('Submitted');
    await expect(page.getByText(/I attest that this incident occurred/)).toBeVisible();
    await noOverflow(page, 'incident page');
    incidentPath = new URL(page.url()).pathname;
    expect(incidentPath).toMatch(/^\/uof\/[0-9a-f-]{36}$/);
  });
});

test('the supervisor reviews the incident with the officer\'s training on the day, then closes it', async ({ page }) => {
  await logIn(page, users.supervisor);
  await goTo(page, 'Use of force');
  await page.getByRole('link', { name: caseNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Incident ${caseNumber}` })).toBeVisible();

  const training = page.getByRole('region', { name: 'Training on the incident day' });
  const dana = training.getByRole('article', { name: /Lindqvist, Dana/ });
  await expect(dana).toBeVisible();
  await expect(dana.getByRole('heading', { level: 4, name: 'Use of force', exact: true })).toBeVisible();

  await page.getByLabel('Review comment').fill('Force proportionate to the resistance; body camera reviewed.');
  await page.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.locator('.page-head .badge')).toHaveText('Reviewed');
  await expect(page.getByText('Force proportionate to the resistance; body camera reviewed.')).toBeVisible();

  await page.getByRole('button', { name: 'Close incident' }).click();
  await expect(page.locator('.page-head .badge')).toHaveText('Closed');
  await expect(page.getByRole('link', { name: 'Amend' })).toBeVisible();
});

test('the coordinator does not see the officer\'s incident; the aggregates count it for a reviewer', async ({ page, browser }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'Use of force');
  await expect(page.getByText('The incidents you have written.')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Loading…' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: caseNumber })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Counts and exports' })).toHaveCount(0);
  await page.goto(incidentPath);
  await expect(page.getByRole('alert')).toContainText('Not found.');

  const reviewer = await browser.newPage();
  await logIn(reviewer, users.supervisor);
  await reviewer.goto('/uof');
  await reviewer.getByRole('link', { name: 'Counts and exports' }).click();
  await reviewer.getByLabel('From').fill(incidentDate);
  await reviewer.getByLabel('To').fill(incidentDate);
  const incidents = reviewer.locator('.uof-totals dd').first();
  await expect(incidents).not.toHaveText('0');
  const force = reviewer.getByRole('region', { name: 'By force type' }).getByRole('row', { name: /Hands, fists, or feet/ });
  await expect(force.locator('td.num')).not.toHaveText('0');

  const agencyCsv = reviewer.getByRole('link', { name: 'Agency (CSV)' });
  await expect(agencyCsv).toHaveAttribute('href', `/api/v1/uof/exports/agency.csv?from=${incidentDate}&to=${incidentDate}`);
  const csv = await reviewer.request.get((await agencyCsv.getAttribute('href'))!);
  expect(csv.ok()).toBeTruthy();
  expect(await csv.text()).toContain(caseNumber);
  await expect(reviewer.getByRole('link', { name: 'Federal (JSON)' })).toBeVisible();
  await expect(reviewer.getByRole('link', { name: 'Federal (CSV)' })).toBeVisible();
  await reviewer.close();
});

test('an admin grants and takes back the review permission on the users page', async ({ page }) => {
  await logIn(page, users.admin);
  await goTo(page, 'Users');
  const coordinator = page.getByRole('row', { name: new RegExp(users.coordinator) }).getByLabel('Use of force reviewer');
  const supervisor = page.getByRole('row', { name: new RegExp(users.supervisor) }).getByLabel('Use of force reviewer');
  await expect(supervisor).toBeChecked();
  await expect(coordinator).not.toBeChecked();
  await coordinator.check();
  await expect(coordinator).toBeEnabled();
  await page.reload();
  await expect(coordinator).toBeChecked();
  await coordinator.uncheck();
  await expect(coordinator).toBeEnabled();
  await page.reload();
  await expect(coordinator).not.toBeChecked();
});
