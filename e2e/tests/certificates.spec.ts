import { readFileSync } from 'node:fs';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { logIn, PASSWORD, uniqueBadge, users, goTo } from './helpers';

// A small, complete PDF, as a phone's scanner app writes one.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

async function signedIn(baseURL: string, email: string, password = PASSWORD): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/v1/auth/login', { data: { email, password } });
  expect(login.ok()).toBeTruthy();
  return api;
}

/**
 * A dispatcher (civilian staff: only the agency's own requirements apply) who owes two hours
 * of CPR refresher this calendar year, with a login of her own.
 */
async function dispatcherOwingTwoHours(baseURL: string): Promise<{ email: string; password: string; id: string; name: string }> {
  const badge = uniqueBadge();
  const email = `dispatcher.${badge.toLowerCase()}@example.test`;
  const coordinator = await signedIn(baseURL, users.coordinator);
  const person = await coordinator.post('/api/v1/people', {
    data: { kind: 'civilian', first_name: 'Robin', last_name: `Hale ${badge}`, badge, email, title: 'Dispatcher' },
  });
  expect(person.status()).toBe(201);
  const id = (await person.json()).id as string;
  const code = `agency.cpr_${badge.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  const requirement = await coordinator.post('/api/v1/requirements', {
    data: {
      id: code, title: 'CPR refresher', subject: 'CPR refresher', citations: ['Lakeview PD dispatch SOP 7'],
      period: { kind: 'calendar_year' }, measure: { kind: 'hours', topics: ['general'], minimum_hours: 2 },
      applies: { statuses: ['active'] },
    },
  });
  expect(requirement.status()).toBe(201);
  const profile = await coordinator.post('/api/v1/profiles', {
    data: { name: `Dispatch ${badge}`, requirement_codes: [code], assignment: { kind: 'people', people: [id] } },
  });
  expect(profile.status()).toBe(201);
  await coordinator.dispose();

  const admin = await signedIn(baseURL, users.admin);
  const invited = await admin.post('/api/v1/users', { data: { email, role: 'officer', person_id: id } });
  expect(invited.status()).toBe(201);
  const token = (await invited.json()).invitation_token as string;
  await admin.dispose();
  const password = 'robin-hale-dispatch-1';
  const anonymous = await request.newContext({ baseURL });
  const accepted = await anonymous.post('/api/v1/auth/accept-invite', { data: { token, password } });
  expect(accepted.ok()).toBeTruthy();
  await anonymous.dispose();
  return { email, password, id, name: `Hale ${badge}, Robin` };
}

test('a dispatcher reports a training with its certificate, the coordinator verifies it, and she turns compliant', async ({ page, browser, baseURL }) => {
  const dispatcher = await dispatcherOwingTwoHours(baseURL!);

  await logIn(page, dispatcher.email, dispatcher.password);
  await page.goto(`/people/${dispatcher.id}`);
  const compliance = page.getByRole('region', { name: 'Compliance' });
  await expect(compliance.getByText(/^Overall:/)).toContainText('At risk');

  await goTo(page, 'My training');
  await expect(page.getByRole('heading', { level: 1, name: 'My training' })).toBeVisible();
  await page.getByLabel('What').fill('CPR and AED refresher, county EMS');
  await page.getByLabel('Topic').selectOption('general');
  await page.getByLabel('Hours').fill('2');
  await page.getByRole('button', { name: 'Report training' }).click();
  const record = page.getByRole('listitem', { name: 'CPR and AED refresher, county EMS' });
  await expect(record.getByText('Awaiting verification')).toBeVisible();

  // A renamed program is refused by its content; the real PDF is taken.
  const picker = record.getByLabel('Upload certificate (PDF, PNG or JPEG)');
  await picker.setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf') });
  await expect(record.getByRole('alert')).toContainText('is not a PDF, PNG or JPEG file');
  await picker.setInputFiles({ name: 'cpr-card.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(record.getByText('Certificate uploaded.')).toBeVisible();
  await expect(record.getByRole('link', { name: 'Certificate' })).toBeVisible();
  await expect(record.getByText('(PDF, 1 KB)')).toBeVisible();

  // The coordinator opens the certificate from the verification queue and verifies the record.
  const coordinatorPage = await browser.newPage();
  await logIn(coordinatorPage, users.coordinator);
  await coordinatorPage.goto('/verification');
  const queued = coordinatorPage.getByRole('listitem', { name: `${dispatcher.name} — CPR and AED refresher, county EMS` });
  const [download] = await Promise.all([
    coordinatorPage.waitForEvent('download'),
    queued.getByRole('link', { name: 'Certificate' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^certificate-\d{4}-\d{2}-\d{2}\.pdf$/);
  const saved = await download.path();
  expect(Buffer.compare(readFileSync(saved!), PDF)).toBe(0);
  await queued.getByRole('button', { name: /^Verify/ }).click();
  await expect(queued).toHaveCount(0);
  await coordinatorPage.close();

  await page.reload();
  await expect(page.getByRole('listitem', { name: 'CPR and AED refresher, county EMS' }).getByText('Verified', { exact: true })).toBeVisible();
  // Verified evidence is the training office's: no picker any more.
  await expect(page.getByLabel('Upload certificate (PDF, PNG or JPEG)')).toHaveCount(0);
  await goTo(page, 'My profile');
  await expect(compliance.getByText(/^Overall:/)).toContainText('Compliant');
});
