import { expect, test } from '@playwright/test';
import { apiSignUp, newAccount, watchConsole } from './helpers';
import { LOCALES, text } from './i18n';

/** Field labels the server's metadata gives (the app shows them as they are). */
const META = {
  en: { tags: 'Tags', title: 'Title' },
  'zh-CN': { tags: '标签', title: '职务' },
} as const;

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
      await page
        .getByRole('button', { name: t('companies.new') })
        .first()
        .click();
      const companyForm = page.getByRole('dialog', { name: t('companies.new') });
      await companyForm.getByRole('textbox', { name: t('fields.name'), exact: true }).fill('星辰科技');
      await companyForm.getByTestId('form-submit').click();
      await expect(companyForm).toBeHidden();
      await expect(page.getByRole('link', { name: '星辰科技' })).toBeVisible();

      // A contact with a Chinese name, a tag, linked to it.
      await page.goto('/contacts');
      await page
        .getByRole('button', { name: t('contacts.new') })
        .first()
        .click();
      const form = page.getByRole('dialog', { name: t('contacts.new') });
      await form.getByRole('textbox', { name: t('fields.name'), exact: true }).fill('张三');
      await form.getByRole('textbox', { name: t('fields.phone'), exact: true }).fill('+86 138 0013 8000');
      await form.getByTestId('form-tags').fill('VIP');
      await form.getByTestId('form-tags').press('Enter');
      await form.getByRole('button', { name: t('records.addCompany') }).click();
      await form.getByTestId('form-company-0').fill('星辰');
      await page.getByRole('option', { name: '星辰科技' }).click();
      await form.getByTestId('form-submit').click();
      await expect(form).toBeHidden();

      // The 360 page: linked company, edit a field in place.
      await page.getByRole('link', { name: '张三' }).click();
      await expect(page.getByTestId('contact-title')).toHaveText('张三');
      await expect(page.getByTestId('related').getByRole('link', { name: '星辰科技' })).toBeVisible();
      await page.getByRole('button', { name: `${t('common.edit')} ${META[locale].title}` }).click();
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

      await page.getByTestId('filter-toggle').click();
      const builder = page.getByTestId('filter-builder');
      await builder.getByRole('button', { name: t('filters.addCondition'), exact: true }).click();
      await builder.getByTestId('filter-field').click();
      await page.getByRole('option', { name: META[locale].tags, exact: true }).click();
      await builder.getByTestId('filter-value').fill('VIP');
      await builder.getByTestId('filter-value').press('Enter');
      await builder.getByTestId('filter-apply').click();
      await expect(page.getByRole('link', { name: '李四' })).toBeHidden();
      await expect(page.getByRole('link', { name: '张三' })).toBeVisible();

      // Save it as a view, leave it, reopen it.
      await page.getByTestId('views-menu').click();
      await page.getByRole('menuitem', { name: t('views.saveAs') }).click();
      const naming = page.getByRole('dialog', { name: t('views.saveAs') });
      await naming.getByRole('textbox', { name: t('views.name') }).fill('VIP 客户');
      await naming.getByRole('button', { name: t('common.save') }).click();
      await expect(naming).toBeHidden();
      await expect(page).toHaveURL(/view=/);

      await page.goto('/contacts');
      await expect(page.getByRole('link', { name: '李四' })).toBeVisible();
      await page.getByTestId('views-menu').click();
      await page.getByRole('menuitem', { name: 'VIP 客户' }).click();
      await expect(page.getByRole('link', { name: '李四' })).toBeHidden();
      await expect(page.getByRole('link', { name: '张三' })).toBeVisible();
      await expect(page.getByTestId('views-menu')).toContainText('VIP 客户');

      expect(consoleErrors()).toEqual([]);
    });
  });
}
