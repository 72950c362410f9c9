import { expect, test } from '@playwright/test';
import { apiCreateContact, apiSignUp, newAccount, watchConsole } from './helpers';
import { LOCALES, text } from './i18n';

for (const locale of LOCALES) {
  test.describe(`edit conflicts in ${locale}`, () => {
    test.use({ locale });

    test('a stale edit shows theirs vs mine, and the user can overwrite', async ({ page }) => {
      const t = (key: string) => text(locale, key);
      const consoleErrors = watchConsole(page, [401, 412]);
      const csrf = await apiSignUp(page, locale, newAccount(`conflict-${locale}`));
      const contact = await apiCreateContact(page, csrf, { name: '王五', email: 'wangwu@example.com' });

      await page.goto(`/contacts/${contact.id}`);
      await expect(page.getByTestId('contact-title')).toHaveText('王五');

      // Someone else changes the e-mail after the page was loaded.
      const res = await page.request.patch(`/api/v1/contacts/${contact.id}`, {
        data: { email: 'theirs@example.com' },
        headers: { 'x-csrf-token': csrf },
      });
      expect(res.status()).toBe(200);

      await page.getByRole('button', { name: `${t('common.edit')} ${t('fields.email')}` }).click();
      const input = page.getByTestId('field-email-input');
      await input.fill('mine@example.com');
      await input.press('Enter');

      const dialog = page.getByRole('dialog', { name: t('conflict.title') });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('conflict-email')).toContainText('theirs@example.com');
      await expect(dialog.getByTestId('conflict-email')).toContainText('mine@example.com');
      await dialog.getByRole('button', { name: t('conflict.overwrite') }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('field-email')).toHaveText('mine@example.com');

      await page.reload();
      await expect(page.getByTestId('field-email')).toHaveText('mine@example.com');
      expect(consoleErrors()).toEqual([]);
    });
  });
}
