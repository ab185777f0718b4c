import { expect, type Page } from '@playwright/test';

// The demo agency's logins (see `confitrek demo`); they all share one password.
export const PASSWORD = process.env.E2E_PASSWORD ?? 'e2e-lantern-orchard-1';
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

/** Which menu of the main navigation holds each page's link (a menu of one link is that link). */
const MENUS: Record<string, string> = {
  Dashboard: 'Compliance', 'Compliance matrix': 'Compliance', People: 'Compliance', 'My profile': 'Compliance', Rules: 'Compliance',
  Requirements: 'Compliance', Credentials: 'Compliance', Reports: 'Compliance', 'State reports': 'Compliance',
  Reimbursement: 'Compliance',
  'My training': 'Training', 'Training requests': 'Training', Courses: 'Training', Sessions: 'Training',
  'Verify records': 'Training', Import: 'Training', Expenses: 'Training', 'My expenses': 'Training',
  Policies: 'Policies', 'My policies': 'Policies',
  Users: 'Admin', 'Audit log': 'Admin', Settings: 'Admin', 'Notification settings': 'Admin',
  Integrations: 'Admin', 'Return on investment': 'Compliance',
};

/** Follows a link of the main navigation as a user does: the phone's menu, then the link's menu. */
export async function goTo(page: Page, label: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const phoneMenu = page.getByRole('button', { name: 'Menu', exact: true });
  if ((await phoneMenu.isVisible()) && (await phoneMenu.getAttribute('aria-expanded')) !== 'true') {
    await phoneMenu.click();
  }
  const link = nav.getByRole('link', { name: label, exact: true });
  if (!(await link.isVisible()) && MENUS[label]) {
    await nav.getByRole('button', { name: MENUS[label], exact: true }).click();
  }
  await link.click();
}
