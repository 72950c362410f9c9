import { expect, test } from '@playwright/test';
import { newAccount, signIn, signOut, signUp, watchConsole } from './helpers';
import { LOCALES, text } from './i18n';

for (const locale of LOCALES) {
  test.describe(`contacts in ${locale}`, () => {
    // The browser's language decides the UI language of a first visit.
    test.use({ locale });

    test('sign up, create 张三, edit a field, sign out, sign in back to the contact', async ({ page }) => {
      const t = (key: string, vars?: Record<string, string>) => text(locale, key, vars);
      const consoleErrors = watchConsole(page);
      const account = newAccount(locale);

      await signUp(page, locale, account);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('heading', { name: t('contacts.title') })).toBeVisible();

      // Create a contact with a Chinese name.
      await page
        .getByRole('button', { name: t('contacts.new') })
        .first()
        .click();
      const dialog = page.getByRole('dialog', { name: t('contacts.new') });
      await dialog.getByRole('textbox', { name: t('fields.name'), exact: true }).fill('张三');
      await dialog
        .getByRole('textbox', { name: t('fields.email'), exact: true })
        .fill(`zhangsan.${Date.now()}@example.com`);
      await dialog.getByRole('textbox', { name: t('fields.phone'), exact: true }).fill('+86 138 0013 8000');
      await dialog.getByRole('button', { name: t('common.create') }).click();
      await expect(dialog).toBeHidden();

      // Open it from the list.
      await page.getByRole('link', { name: '张三' }).click();
      await expect(page).toHaveURL(/\/contacts\/[^/]+$/);
      const contactUrl = new URL(page.url()).pathname;
      await expect(page.getByTestId('contact-title')).toHaveText('张三');

      // Edit the phone in place; the change survives a reload.
      await page.getByRole('button', { name: `${t('common.edit')} ${t('fields.phone')}` }).click();
      const input = page.getByTestId('field-phone-input');
      await input.fill('+86 139 0000 1111');
      await input.press('Enter');
      await expect(input).toBeHidden();
      await expect(page.getByTestId('field-phone')).toContainText(/139/);
      await page.reload();
      await expect(page.getByTestId('field-phone')).toContainText(/139/);

      // Sign out; opening the contact now asks to sign in, then returns to it.
      await signOut(page, locale);
      await page.goto(contactUrl);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
      await signIn(page, locale, account);
      await expect(page).toHaveURL(new RegExp(`${contactUrl}$`));
      await expect(page.getByTestId('contact-title')).toHaveText('张三');
      await expect(page.getByTestId('field-phone')).toContainText(/139/);

      expect(consoleErrors()).toEqual([]);
    });
  });
}
