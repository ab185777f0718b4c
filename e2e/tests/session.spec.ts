import { expect, test } from '@playwright/test';
import { logIn, PASSWORD, users, goTo } from './helpers';

test('an expired access cookie is refreshed without the user noticing', async ({ page, context }) => {
  await logIn(page, users.coordinator);
  await goTo(page, 'People');
  await page.getByRole('link', { name: 'Lindqvist, Dana' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lindqvist, Dana' })).toBeVisible();

  // As if the short-lived access token had expired; the refresh cookie is still there.
  await context.clearCookies({ name: 'ct_access' });
  // The roster asks for people and units at once: both get a 401 and must share one
  // refresh, since presenting a refresh token twice revokes the whole sign-in.
  await goTo(page, 'People');
  await expect(page.getByRole('link', { name: 'Lindqvist, Dana' })).toBeVisible();
  await expect(page.getByLabel('Unit')).toContainText('Patrol');

  // And the session is still good after a reload.
  await page.reload();
  await expect(page.getByRole('link', { name: 'Lindqvist, Dana' })).toBeVisible();
  await expect(page).toHaveURL(/\/people$/);
});

test('a deep link before signing in comes back after the login', async ({ page }) => {
  await page.goto('/people/new');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(users.coordinator);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/people\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Add person' })).toBeVisible();
});

test('wrong credentials are explained on the login page', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(users.coordinator);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email or password is not correct.');
  await expect(page).toHaveURL(/\/login(\?failed=1)?$/);
});

test('logging out returns to the login page and ends the session', async ({ page }) => {
  await logIn(page, users.coordinator);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/people');
  await expect(page).toHaveURL(/\/login\?next=\/people$/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('the sign-in form works before the app has loaded, and after a wrong password says so', async ({ page }) => {
  // The app never arrives: only the page's own form is there.
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto('/login?next=/people');
  await page.getByLabel('Email').fill(users.coordinator);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\?failed=1&next=\/people$/);
  await expect(page.getByRole('alert')).toContainText('The email or password is not correct.');
  await page.getByLabel('Email').fill(users.coordinator);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/people$/);
  // With the app back, the session the form started is the app's.
  await page.unroute(/\.wasm$/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
});
