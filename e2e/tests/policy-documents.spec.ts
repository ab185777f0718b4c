import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { logIn, users } from './helpers';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logIn(page, email);
  return page;
}

test('a coordinator publishes a version with its signed document, and the officer reads the document', async ({ browser }) => {
  const suffix = Date.now().toString(36);
  const title = `Body-worn cameras ${suffix}`;
  const coordinator = await signedIn(browser, users.coordinator);
  await coordinator.goto('/policies');
  await coordinator.getByRole('link', { name: 'Add policy' }).click();
  await coordinator.getByLabel('Title').fill(title);
  await coordinator.getByLabel('Code').fill(`bwc_${suffix}`);
  await coordinator.getByLabel('Days to acknowledge').fill('14');
  await coordinator.getByLabel('Assigned to').selectOption('people');
  await coordinator.getByLabel('Add a person').selectOption({ label: 'Lindqvist, Dana (LV-1004)' });
  await coordinator.getByRole('button', { name: 'Add policy' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // A program is refused by its content, beside the document field; nothing is published.
  await coordinator.getByLabel('Text of version 1').fill('General Order 41-2: read the signed order attached.');
  const documentField = coordinator.getByLabel('Document (optional): PDF, PNG or JPEG');
  await documentField.setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 program') });
  await coordinator.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(coordinator.locator('.field.invalid', { has: documentField })).toContainText('is not a PDF, PNG or JPEG file');
  await documentField.setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: PDF });
  await coordinator.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(coordinator.getByRole('region', { name: 'Acknowledgements' }).getByRole('status')).toHaveText('0 of 1 acknowledged version 1');

  const officer = await signedIn(browser, users.officer);
  await officer.goto('/my-policies');
  const mine = officer.getByRole('article', { name: new RegExp(title) });
  const [download] = await Promise.all([
    officer.waitForEvent('download'),
    mine.getByRole('link', { name: 'Read the document' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`bwc_${suffix}-v1.pdf`);
  expect(Buffer.compare(readFileSync((await download.path())!), PDF)).toBe(0);
});
