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

/** Contact field labels the server's metadata gives (the app shows them as they are). */
export const CONTACT_FIELDS = {
  en: { tags: 'Tags', title: 'Title', company: 'Company' },
  'zh-CN': { tags: '标签', title: '职务', company: '公司' },
} as const;

/** Opens a module from the navigation (a drawer behind the burger on a phone). */
export async function openNav(page: Page, locale: Locale, isMobile: boolean, labelKey: string) {
  if (isMobile) await page.getByRole('button', { name: text(locale, 'nav.open') }).click();
  await page
    .getByRole('navigation', { name: text(locale, 'nav.label') })
    .getByRole('link', { name: text(locale, labelKey) })
    .click();
}

/** Creates a company with the form of the companies list (which must be open). */
export async function createCompany(page: Page, locale: Locale, name: string) {
  await page
    .getByRole('button', { name: text(locale, 'companies.new') })
    .first()
    .click();
  const form = page.getByRole('dialog', { name: text(locale, 'companies.new') });
  await form.getByRole('textbox', { name: text(locale, 'fields.name'), exact: true }).fill(name);
  await form.getByTestId('form-submit').click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('link', { name })).toBeVisible();
}

/**
 * Creates a contact with the form of the contacts list (which must be open); `company` links it to
 * an existing company, picked from the suggestions after typing `companySearch` (default: its name).
 */
export async function createContact(
  page: Page,
  locale: Locale,
  contact: {
    name: string;
    email?: string;
    phone?: string;
    tags?: string[];
    company?: string;
    companySearch?: string;
  },
) {
  const t = (key: string) => text(locale, key);
  await page
    .getByRole('button', { name: t('contacts.new') })
    .first()
    .click();
  const form = page.getByRole('dialog', { name: t('contacts.new') });
  await form.getByRole('textbox', { name: t('fields.name'), exact: true }).fill(contact.name);
  if (contact.email) {
    await form.getByRole('textbox', { name: t('fields.email'), exact: true }).fill(contact.email);
  }
  if (contact.phone) {
    await form.getByRole('textbox', { name: t('fields.phone'), exact: true }).fill(contact.phone);
  }
  for (const tag of contact.tags ?? []) {
    await form.getByTestId('form-tags').fill(tag);
    await form.getByTestId('form-tags').press('Enter');
  }
  if (contact.company) {
    await form.getByRole('button', { name: t('records.addCompany') }).click();
    await form.getByTestId('form-company-0').fill(contact.companySearch ?? contact.company);
    await page.getByRole('option', { name: contact.company }).click();
  }
  await form.getByTestId('form-submit').click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('link', { name: contact.name })).toBeVisible();
}

/**
 * Filters the open list with the filter builder: one condition on `field` (its label) with the
 * default operator; `list` when the value is a list (tags), entered with Enter.
 */
export async function filterList(page: Page, locale: Locale, field: string, value: string, list = false) {
  await page.getByTestId('filter-toggle').click();
  const builder = page.getByTestId('filter-builder');
  await builder.getByRole('button', { name: text(locale, 'filters.addCondition'), exact: true }).click();
  await builder.getByTestId('filter-field').click();
  await page.getByRole('option', { name: field, exact: true }).click();
  await builder.getByTestId('filter-value').fill(value);
  if (list) await builder.getByTestId('filter-value').press('Enter');
  await builder.getByTestId('filter-apply').click();
}

/** Saves the open list as a new personal view named `name`. */
export async function saveViewAs(page: Page, locale: Locale, name: string) {
  await page.getByTestId('views-menu').click();
  await page.getByRole('menuitem', { name: text(locale, 'views.saveAs') }).click();
  const naming = page.getByRole('dialog', { name: text(locale, 'views.saveAs') });
  await naming.getByRole('textbox', { name: text(locale, 'views.name') }).fill(name);
  await naming.getByRole('button', { name: text(locale, 'common.save') }).click();
  await expect(naming).toBeHidden();
  await expect(page).toHaveURL(/view=/);
  await expect(page.getByTestId('views-menu')).toContainText(name);
}

/** Opens the saved view `name` from the views menu of the open list. */
export async function openView(page: Page, name: string) {
  await page.getByTestId('views-menu').click();
  await page.getByRole('menuitem', { name }).click();
  await expect(page).toHaveURL(/view=/);
  await expect(page.getByTestId('views-menu')).toContainText(name);
}
