import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { goTo, logIn, users } from './helpers';

// An admin subscribes a receiver of our own (a node server on loopback; the e2e server
// allows http and private addresses for it), is shown the secret once, sends a test event,
// sees it delivered in the log, replays it; the receiver checks every signature.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let received: Received[] = [];
let receiverUrl = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiverUrl = `http://127.0.0.1:${port}/hooks/${Date.now()}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Standard Webhooks, as a receiver checks it. */
function signedWith(message: Received, secret: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const id = message.headers['webhook-id'];
  const timestamp = message.headers['webhook-timestamp'];
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${message.body}`).digest('base64');
  const signatures = String(message.headers['webhook-signature'] ?? '').split(' ');
  return signatures.includes(`v1,${expected}`);
}

async function openIntegrations(page: Page): Promise<void> {
  await logIn(page, users.admin);
  await goTo(page, 'Integrations');
  await expect(page.getByRole('heading', { level: 2, name: 'Webhooks' })).toBeVisible();
}

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
]) {
  test(`an admin adds a webhook, keeps its secret, and sees a test event delivered (${viewport.width} px)`, async ({ page }) => {
    test.setTimeout(60_000);
    received = [];
    await page.setViewportSize(viewport);
    await openIntegrations(page);
    const section = page.getByRole('region', { name: 'Webhooks' });
    const url = `${receiverUrl}-${viewport.width}`;

    // A bad URL is refused at its field.
    await section.getByLabel('URL').fill('ftp://example.test/in');
    await section.getByRole('button', { name: 'Add webhook' }).click();
    await expect(section.locator('#error-url')).toHaveText('must start with https://');

    await section.getByLabel('URL').fill(url);
    await section.getByLabel('Description').fill('Records system');
    await section.getByLabel('A training record was created').check();
    await section.getByRole('button', { name: 'Add webhook' }).click();

    // The secret, once.
    await expect(section.getByRole('heading', { name: 'Webhook added' })).toBeVisible();
    const secret = await section.getByLabel('Signing secret', { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await section.getByRole('button', { name: 'I have copied it' }).click();
    await expect(section.getByLabel('Signing secret', { exact: true })).toHaveCount(0);
    const row = section.getByRole('row').filter({ has: page.getByRole('rowheader', { name: url }) });
    await expect(row).toContainText('Enabled');
    await expect(row).toContainText('A training record was created');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // A test event, delivered and logged.
    await row.getByRole('button', { name: 'Send test event' }).click();
    const log = section.getByRole('region', { name: 'Delivery log' });
    const delivery = log.getByRole('row').filter({ hasText: 'A test message' });
    await expect(delivery).toContainText('Delivered', { timeout: 20_000 });
    await expect(delivery).toContainText('200');
    await expect(delivery).toContainText('{"ok":true}');
    expect(received).toHaveLength(1);
    expect(signedWith(received[0], secret)).toBe(true);
    expect(JSON.parse(received[0].body)).toMatchObject({ type: 'webhook.test' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // Replayed with the same id.
    await delivery.getByRole('button', { name: 'Replay' }).click();
    await expect(delivery).toContainText('(2 attempts)', { timeout: 20_000 });
    expect(received).toHaveLength(2);
    expect(received[1].headers['webhook-id']).toBe(received[0].headers['webhook-id']);

    // Switched off; the secret is never shown again, even after a reload.
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect(row).toContainText('Disabled');
    await page.reload();
    await expect(page.getByRole('rowheader', { name: url })).toBeVisible();
    await expect(page.getByText(secret)).toHaveCount(0);

    // Rotated: the new secret is shown once, and both sign for a day.
    await section.getByRole('row').filter({ has: page.getByRole('rowheader', { name: url }) })
      .getByRole('button', { name: 'Rotate secret' }).click();
    await expect(section.getByRole('heading', { name: 'New signing secret' })).toBeVisible();
    const rotated = await section.getByLabel('Signing secret', { exact: true }).inputValue();
    expect(rotated).not.toBe(secret);
    await section.getByRole('button', { name: 'I have copied it' }).click();
    await section.getByRole('row').filter({ has: page.getByRole('rowheader', { name: url }) })
      .getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(3);
    expect(signedWith(received[2], rotated)).toBe(true);
    expect(signedWith(received[2], secret)).toBe(true);

    // Deleted after a confirmation.
    const current = section.getByRole('row').filter({ has: page.getByRole('rowheader', { name: url }) });
    await current.getByRole('button', { name: 'Delete', exact: true }).click();
    await current.getByRole('button', { name: 'Delete webhook' }).click();
    await expect(page.getByRole('rowheader', { name: url })).toHaveCount(0);
  });
}
