import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { goTo, logIn, users } from './helpers';

// Provisioning (SCIM) on the Integrations page: the admin gives the identity provider the
// base URL and a token (its secret shown once); the identity provider, played here by the
// test speaking SCIM as Entra ID does, provisions a user and pushes a group; the admin maps
// the group to a unit and a role, which the member's login then has; the token is revoked
// and refused. On a wide screen and on a phone, nothing scrolls sideways.

async function openIntegrations(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const phoneMenu = page.getByRole('button', { name: 'Menu', exact: true });
  if ((await phoneMenu.isVisible()) && (await phoneMenu.getAttribute('aria-expanded')) !== 'true') {
    await phoneMenu.click();
  }
  const link = nav.getByRole('link', { name: 'Integrations', exact: true });
  if (!(await link.isVisible())) {
    await nav.getByRole('button', { name: 'Admin', exact: true }).click();
  }
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
}

/** The identity provider's side: SCIM requests with the token. */
function identityProvider(request: APIRequestContext, secret: string) {
  const headers = {
    Authorization: `Bearer ${secret}`,
    'Content-Type': 'application/scim+json',
    Accept: 'application/scim+json',
  };
  return {
    get: (path: string) => request.get(`/scim/v2${path}`, { headers }),
    post: (path: string, body: unknown) =>
      request.post(`/scim/v2${path}`, { headers, data: JSON.stringify(body) }),
  };
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

for (const viewport of [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`an admin connects the identity provider and maps its group at ${viewport.width} px`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize(viewport);
    const stamp = `${viewport.width}-${Date.now().toString(36)}`;
    await logIn(page, users.admin);
    await openIntegrations(page);
    const section = page.getByRole('region', { name: 'Provisioning (SCIM)' });
    await expect(section.getByLabel('SCIM base URL')).toHaveValue(`${new URL(page.url()).origin}/scim/v2`);

    // A token, its secret shown once.
    const name = `Entra ID ${stamp}`;
    await section.getByRole('button', { name: 'Make a token' }).click();
    await expect(section.locator('#error-scim-token-name')).toHaveText('is required');
    await section.getByLabel('Name of a new token').fill(name);
    await section.getByLabel('Expires after').selectOption('365');
    await section.getByRole('button', { name: 'Make a token' }).click();
    await expect(section.getByRole('heading', { name: `Token “${name}” made` })).toBeVisible();
    const secret = await section.getByLabel('Secret token').inputValue();
    expect(secret).toMatch(/^scim_/);
    const tokenRow = section.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(tokenRow).toContainText('In use');
    await expect(tokenRow.getByRole('cell').filter({ hasText: /^Never$/ })).toBeVisible();

    // The identity provider looks the user up, creates it, and pushes a group with it.
    const idp = identityProvider(request, secret);
    const email = `scim.${stamp}@demo.confitrek.test`;
    const lookup = await idp.get(`/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
    expect(lookup.status()).toBe(200);
    expect((await lookup.json()).totalResults).toBe(0);
    const created = await idp.post('/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: email,
      active: true,
      name: { givenName: 'Sam', familyName: `Scim ${stamp}` },
      emails: [{ primary: true, type: 'work', value: email }],
    });
    expect(created.status()).toBe(201);
    const user = await created.json();
    const group = `Patrol ${stamp}`;
    const pushed = await idp.post('/Groups', { displayName: group, members: [{ value: user.id }] });
    expect(pushed.status()).toBe(201);

    // The admin sees the token used and the group pushed, and maps the group.
    await page.reload();
    await expect(tokenRow.getByRole('cell').filter({ hasText: /^Never$/ })).toHaveCount(0);
    const groupRow = section.getByRole('row').filter({ has: page.getByRole('rowheader', { name: group, exact: true }) });
    await expect(groupRow).toContainText('1');
    await groupRow.getByLabel(`Unit given by ${group}`).fill('Patrol');
    await groupRow.getByLabel(`Role given by ${group}`).selectOption('supervisor');
    await groupRow.getByRole('button', { name: `Save what ${group} gives` }).click();
    await expect(groupRow.getByRole('status')).toHaveText('Saved: members have it now.');
    expect(await overflow(page), `Integrations at ${viewport.width} px`).toBeLessThanOrEqual(0);

    // The member's login has the group's role.
    await goTo(page, 'Users');
    const login = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: email }) });
    await expect(login.getByLabel(`Role of ${email}`)).toHaveValue('supervisor');

    // Revoked, the token is refused at once.
    await openIntegrations(page);
    await tokenRow.getByRole('button', { name: `Revoke ${name}` }).click();
    await tokenRow.getByRole('button', { name: /^Revoke now/ }).click();
    await expect(tokenRow).toContainText('Revoked');
    expect((await idp.get('/Users')).status()).toBe(401);
  });
}
