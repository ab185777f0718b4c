import { expect, type Page } from '@playwright/test';

// The demo agency's logins (see `confitrek demo`); they all share one password.
export const PASSWORD = process.env.E2E_PASSWORD ?? 'e2e-demo-password-1';
export const users = {
  admin: 'admin@demo.confitrek.test',
  coordinator: 'coordinator@demo.confitrek.test',
  supervisor: 'supervisor@demo.confitrek.test',
  officer: 'officer@demo.confitrek.test',
  operator: 'operator@demo.confitrek.test',
} as const;

export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The app's header (a banner landmark) appears once the session is established.
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('banner')).toBeVisible();
}

/** A badge no earlier run has used, so the create test can run against any database. */
export function uniqueBadge(): string {
  return `E2E-${Date.now().toString(36).toUpperCase()}`;
}
