import { expect, test } from '@playwright/test';
import { apiCreateContact, apiSignUp, newAccount, watchConsole } from './helpers';
import { LOCALES, text } from './i18n';

for (const locale of LOCALES) {
  test.describe(`search in ${locale}`, () => {
    test.use({ locale });

    test('Ctrl-K finds 张三 by pinyin initials and opens the contact', async ({ page, isMobile }) => {
      const consoleErrors = watchConsole(page);
      const csrf = await apiSignUp(page, locale, newAccount(`search-${locale}`));
      const zhang = await apiCreateContact(page, csrf, { name: '张三', email: 'zhangsan@example.com' });
      await apiCreateContact(page, csrf, { name: '李四' });

      await page.goto('/contacts');
      await expect(page.getByRole('link', { name: '张三' })).toBeVisible();
      if (isMobile) await page.getByTestId('search-button').click();
      else await page.keyboard.press('Control+K');

      const search = page.getByPlaceholder(text(locale, 'search.placeholder'));
      await expect(search).toBeFocused();
      await search.fill('zs');
      const palette = page.getByRole('dialog');
      const hit = palette.getByRole('button', { name: /张三/ });
      await expect(hit).toBeVisible();
      await expect(palette.getByRole('button', { name: /李四/ })).toHaveCount(0);
      await hit.click();

      await expect(page).toHaveURL(new RegExp(`/contacts/${zhang.id}$`));
      await expect(page.getByTestId('contact-title')).toHaveText('张三');
      expect(consoleErrors()).toEqual([]);
    });
  });
}
