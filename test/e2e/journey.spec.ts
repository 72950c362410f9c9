import { expect, test } from '@playwright/test';
import {
  CONTACT_FIELDS,
  createCompany,
  createContact,
  filterList,
  newAccount,
  openNav,
  openView,
  saveViewAs,
  signOut,
  signUp,
  watchConsole,
} from './helpers';
import { LOCALES, text } from './i18n';

/**
 * Issue 4's whole flow, all through the screens as a user goes through it: sign-up → a company
 * (companies screen) and a contact with a Chinese name linked to it (contact form) → Ctrl-K by
 * pinyin initials → edit a field → filter the list with the filter builder, save the view and
 * reopen it → import a CSV with one bad row through the wizard → merge two duplicates → sign out.
 * Runs in zh-CN and English, at 1280×800 (desktop project) and 390×844 (phone project).
 */

/** Four good rows, one of them the same person as 张三 (same mobile), and one with a bad e-mail. */
const CSV = [
  '姓名,手机,邮箱,公司,职位',
  'Zhang San,+86 138 0013 8000,zhang.san@example.com,星辰贸易,销售总监',
  '李四,13912345678,lisi@example.cn,星辰贸易,',
  '王五,13700001111,not-an-email,星辰贸易,',
  'Ada Lovelace,+44 20 7946 0958,ada@example.org,Acme,CTO',
  '赵六,13600002222,zhaoliu@example.com,,',
].join('\n');

for (const locale of LOCALES) {
  test.describe(`journey in ${locale}`, () => {
    test.use({ locale });

    test('sign-up → company, 张三 → Ctrl-K "zs" → edit → filter, save view → import → merge → sign out', async ({
      page,
      isMobile,
    }) => {
      test.setTimeout(120_000);
      const t = (key: string, vars?: Record<string, string>) => text(locale, key, vars);
      const consoleErrors = watchConsole(page);
      const account = newAccount(`journey-${locale}`);

      await test.step('sign up', async () => {
        await signUp(page, locale, account);
        await expect(page.getByRole('heading', { name: t('contacts.title') })).toBeVisible();
      });

      await test.step('create a company', async () => {
        await openNav(page, locale, isMobile, 'nav.companies');
        await expect(page.getByRole('heading', { name: t('companies.title') })).toBeVisible();
        await createCompany(page, locale, '星辰贸易');
      });

      await test.step('create 张三, linked to the company (and 陈静, who is not)', async () => {
        await openNav(page, locale, isMobile, 'nav.contacts');
        await expect(page.getByRole('heading', { name: t('contacts.title') })).toBeVisible();
        await createContact(page, locale, {
          name: '张三',
          email: 'zhangsan@example.com',
          phone: '+86 138 0013 8000',
          company: '星辰贸易',
          companySearch: '星辰',
        });
        await createContact(page, locale, { name: '陈静' });
      });

      await test.step('find 张三 with Ctrl-K by "zs"', async () => {
        if (isMobile) await page.getByTestId('search-button').click();
        else await page.keyboard.press('Control+K');
        const search = page.getByPlaceholder(t('search.placeholder'));
        await expect(search).toBeFocused();
        await search.fill('zs');
        await page.getByRole('dialog').getByRole('button', { name: /张三/ }).click();
        await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]+$/);
        await expect(page.getByTestId('contact-title')).toHaveText('张三');
      });

      await test.step('edit a field', async () => {
        await page.getByRole('button', { name: `${t('common.edit')} ${t('fields.email')}` }).click();
        const input = page.getByTestId('field-email-input');
        await input.fill('zhang.san@example.com');
        await input.press('Enter');
        await expect(input).toBeHidden();
        await expect(page.getByTestId('field-email')).toContainText('zhang.san@example.com');
        await expect(page.getByTestId('related').getByRole('link', { name: '星辰贸易' })).toBeVisible();
      });

      await test.step('filter the list by company, save the view and reopen it', async () => {
        const view = locale === 'en' ? 'Xingchen people' : '星辰贸易的人';
        await openNav(page, locale, isMobile, 'nav.contacts');
        await expect(page.getByRole('link', { name: '陈静' })).toBeVisible();
        await filterList(page, locale, CONTACT_FIELDS[locale].company, '星辰贸易');
        await expect(page.getByRole('link', { name: '陈静' })).toBeHidden();
        await expect(page.getByRole('link', { name: '张三' })).toBeVisible();
        await saveViewAs(page, locale, view);

        // Leave the list, come back to all contacts, reopen the view.
        await openNav(page, locale, isMobile, 'nav.companies');
        await expect(page.getByRole('link', { name: '星辰贸易' })).toBeVisible();
        await openNav(page, locale, isMobile, 'nav.contacts');
        await expect(page.getByRole('link', { name: '陈静' })).toBeVisible();
        await openView(page, view);
        await expect(page.getByRole('link', { name: '陈静' })).toBeHidden();
        await expect(page.getByRole('link', { name: '张三' })).toBeVisible();
      });

      await test.step('import a CSV with one bad row', async () => {
        await page.getByTestId('contacts-import').click();
        await expect(page).toHaveURL(/\/imports\/new$/);
        await expect(page.getByRole('heading', { name: t('imports.newTitle') })).toBeVisible();
        await page
          .getByTestId('import-dropzone')
          .locator('input[type=file]')
          .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

        // Mapping: every column was recognised from its Chinese header.
        const mapping = page.getByTestId('mapping');
        await expect(mapping).toBeVisible();
        await expect(page.getByTestId('mapping-count')).toHaveText(
          t('imports.mapping.mappedCount', { mapped: '5', total: '5' }),
        );
        await page.getByRole('button', { name: t('imports.next') }).click();

        // Preview: the dry run marks the bad e-mail of row 4.
        await expect(page.getByTestId('dry-invalid')).toHaveText('1');
        await expect(page.getByTestId('dry-valid')).toHaveText('4');
        const badCell = page.getByTestId('cell-error');
        await expect(badCell).toHaveCount(1);
        await expect(badCell).toContainText('not-an-email');
        await expect(page.locator('tr[data-row="4"]')).toHaveAttribute('data-invalid', 'true');
        await page.getByRole('button', { name: t('imports.next') }).click();

        // Dedup policy: import Zhang San even though his mobile is 张三's.
        await page.getByTestId('policy-create').click();
        await page.getByRole('button', { name: t('imports.run.start') }).click();

        const summary = page.getByTestId('import-summary');
        await expect(summary).toBeVisible({ timeout: 30_000 });
        await expect(page.getByTestId('summary-created')).toHaveText('4');
        await expect(page.getByTestId('summary-rejected')).toHaveText('1');
        const download = page.waitForEvent('download');
        await page.getByRole('link', { name: t('imports.summary.downloadRejected') }).click();
        const rejected = await (await download).createReadStream();
        let csv = '';
        for await (const chunk of rejected) csv += chunk;
        expect(csv).toContain('not-an-email');
      });

      await test.step('merge two duplicates', async () => {
        await openNav(page, locale, isMobile, 'duplicates.nav');
        await expect(page.getByRole('heading', { name: t('duplicates.title') })).toBeVisible();
        await page.getByRole('button', { name: t('duplicates.scan') }).click();
        const cluster = page.getByTestId('cluster');
        await expect(cluster).toHaveCount(1, { timeout: 30_000 });
        await expect(cluster).toContainText('张三');
        await expect(cluster).toContainText('Zhang San');
        await cluster.getByRole('link', { name: t('duplicates.compare') }).click();

        // 张三 (the older record) stays; the job title comes from the imported record.
        const compare = page.getByTestId('compare');
        await expect(compare).toBeVisible();
        await expect(page.getByTestId('survivor-0')).toContainText('张三');
        await expect(page.getByTestId('survivor-0')).toHaveAttribute('aria-checked', 'true');
        await page.getByTestId('pick-name').getByText('张三', { exact: true }).click();
        await page
          .getByRole('button', {
            name: t(locale === 'en' ? 'duplicates.merge_one' : 'duplicates.merge_other', { count: '1' }),
          })
          .click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: t('duplicates.mergeConfirm') })
          .click();

        const result = page.getByTestId('merge-result');
        await expect(result).toContainText(t('duplicates.merged', { name: '张三' }));
        await expect(result).toContainText('销售总监');
        await result.getByRole('link', { name: t('duplicates.openContact') }).click();
        await expect(page.getByTestId('contact-title')).toHaveText('张三');
      });

      await test.step('sign out', async () => {
        await signOut(page, locale);
      });

      expect(consoleErrors()).toEqual([]);
    });
  });
}
