import { expect, type Page } from '@playwright/test';
import { type Locale, text } from './i18n';

/** A new, unique account for one test. */
export function newAccount(tag: string) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    workspaceName: `E2E ${tag} ${id}`,
    name: `Tester ${id}`,
    email: `e2e-${id}@example.com`,
    password: `pw-${id}-Secret!`,
  };
}

/**
 * Collects console errors and uncaught exceptions. The browser itself logs every 4xx response as
 * a console error; `expectedStatuses` are the ones a test provokes on purpose (401 = signed out).
 */
export function watchConsole(page: Page, expectedStatuses: number[] = [401]): () => string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const status = /Failed to load resource: .*status of (\d+)/.exec(msg.text());
    if (status && expectedStatuses.includes(Number(status[1]))) return;
    errors.push(`console: ${msg.text()}`);
  });
  return () => errors;
}

export async function signUp(page: Page, locale: Locale, account: ReturnType<typeof newAccount>) {
  const t = (key: string) => text(locale, key);
  await page.goto('/sign-up');
  await expect(page.getByRole('heading', { name: t('auth.signUp.title') })).toBeVisible();
  await page
    .getByRole('textbox', { name: t('fields.workspaceName'), exact: true })
    .fill(account.workspaceName);
  await page.getByRole('textbox', { name: t('fields.yourName'), exact: true }).fill(account.name);
  await page.getByRole('textbox', { name: t('fields.email'), exact: true }).fill(account.email);
  await page.getByRole('textbox', { name: t('fields.password'), exact: true }).fill(account.password);
  await page.getByRole('button', { name: t('auth.signUp.submit') }).click();
  await expect(page).toHaveURL(/\/contacts$/);
}

export async function signIn(page: Page, locale: Locale, account: ReturnType<typeof newAccount>) {
  const t = (key: string) => text(locale, key);
  await expect(page.getByRole('heading', { name: t('auth.signIn.title') })).toBeVisible();
  await page.getByRole('textbox', { name: t('fields.email'), exact: true }).fill(account.email);
  await page.getByRole('textbox', { name: t('fields.password'), exact: true }).fill(account.password);
  await page.getByRole('button', { name: t('auth.signIn.submit'), exact: true }).click();
}

export async function signOut(page: Page, locale: Locale) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: text(locale, 'userMenu.signOut') }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Signs up through the API (faster than the form); the browser context gets the session cookie. */
export async function apiSignUp(page: Page, locale: Locale, account: ReturnType<typeof newAccount>) {
  const res = await page.request.post('/api/v1/auth/signup', { data: { ...account, locale } });
  expect(res.status(), await res.text()).toBe(201);
  const session = (await res.json()) as { csrfToken: string };
  return session.csrfToken;
}

/** Creates a contact through the API as the signed-in browser user. */
export async function apiCreateContact(page: Page, csrfToken: string, body: Record<string, unknown>) {
  const res = await page.request.post('/api/v1/contacts', {
    data: body,
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; version: number; name: string };
}
