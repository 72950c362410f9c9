import { expect, test } from '@playwright/test';
import {
  apiSignUp,
  CONTACT_FIELDS,
  createCompany,
  createContact,
  filterList,
  newAccount,
  openView,
  saveViewAs,
  watchConsole,
} from './helpers';
import { LOCALES, text } from './i18n';

for (const locale of LOCALES) {
  test.describe(`customers in ${locale}`, () => {
    test.use({ locale });

    test('company and linked contact, edit on the 360 page, filter by tag, save and reopen the view', async ({
      page,
    }) => {
      const t = (key: string, vars?: Record<string, string>) => text(locale, key, vars);
      const consoleErrors = watchConsole(page);
      await apiSignUp(page, locale, newAccount(`customers-${locale}`));

      // A company.
      await page.goto('/companies');
      await createCompany(page, locale, '星辰科技');

      // A contact with a Chinese name, a tag, linked to it.
      await page.goto('/contacts');
      await createContact(page, locale, {
        name: '张三',
        phone: '+86 138 0013 8000',
        tags: ['VIP'],
        company: '星辰科技',
        companySearch: '星辰',
      });

      // The 360 page: linked company, edit a field in place.
      await page.getByRole('link', { name: '张三' }).click();
      await expect(page.getByTestId('contact-title')).toHaveText('张三');
      await expect(page.getByTestId('related').getByRole('link', { name: '星辰科技' })).toBeVisible();
      await page.getByRole('button', { name: `${t('common.edit')} ${CONTACT_FIELDS[locale].title}` }).click();
      const input = page.getByTestId('field-title-input');
      await input.fill('销售经理');
      await input.press('Enter');
      await expect(page.getByTestId('field-title')).toHaveText('销售经理');
      await expect(page.getByTestId('timeline')).toContainText('销售经理');

      // Another contact without the tag, then filter the list by tag.
      await page.goto('/contacts');
      const res = await page.request.get('/api/v1/auth/session');
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      await page.request.post('/api/v1/contacts', {
        data: { name: '李四' },
        headers: { 'x-csrf-token': csrfToken },
      });
      await page.reload();
      await expect(page.getByRole('link', { name: '李四' })).toBeVisible();

      await filterList(page, locale, CONTACT_FIELDS[locale].tags, 'VIP', true);
      await expect(page.getByRole('link', { name: '李四' })).toBeHidden();
      await expect(page.getByRole('link', { name: '张三' })).toBeVisible();

      // Save it as a view, leave it, reopen it.
      await saveViewAs(page, locale, 'VIP 客户');

      await page.goto('/contacts');
      await expect(page.getByRole('link', { name: '李四' })).toBeVisible();
      await openView(page, 'VIP 客户');
      await expect(page.getByRole('link', { name: '李四' })).toBeHidden();
      await expect(page.getByRole('link', { name: '张三' })).toBeVisible();

      expect(consoleErrors()).toEqual([]);
    });
  });
}
