import { expect, type Page, test } from '@playwright/test';
import { apiCreateContact, apiSignUp, newAccount } from './helpers';
import { LOCALES, type Locale, text } from './i18n';

/**
 * Screenshots of the main screens for docs/screenshots/, in both languages and both viewports.
 * Run on purpose only (playwright.config.ts leaves it out otherwise):
 * GUANXI_SCREENSHOTS=1 npx playwright test screenshots
 */

const SAMPLE: { name: string; email?: string; phone?: string }[] = [
  { name: '张三', email: 'zhangsan@example.com', phone: '+86 138 0013 8000' },
  { name: '李四', email: 'lisi@example.cn', phone: '+86 139 1234 5678' },
  { name: '王五', email: 'wangwu@example.com' },
  { name: 'Ada Lovelace', email: 'ada@example.org', phone: '+44 20 7946 0958' },
  { name: '赵六', phone: '+86 21 6123 4567' },
  { name: 'Grace Hopper', email: 'grace@example.com' },
  { name: '陈晓明', email: 'xiaoming.chen@example.com', phone: '+86 135 0000 1234' },
];

async function shot(page: Page, name: string, locale: Locale, project: string) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({
    path: `docs/screenshots/${name}-${locale}-${project}.png`,
    animations: 'disabled',
  });
}

for (const locale of LOCALES) {
  test.describe(`screenshots ${locale}`, () => {
    test.use({ locale, deviceScaleFactor: 1 });

    test('sign-in, contacts, contact page', async ({ page }, info) => {
      const project = info.project.name;
      await page.goto('/sign-in');
      await expect(page.getByRole('heading', { name: text(locale, 'auth.signIn.title') })).toBeVisible();
      await shot(page, 'sign-in', locale, project);

      const csrf = await apiSignUp(page, locale, {
        ...newAccount('shots'),
        workspaceName: locale === 'en' ? 'Acme Trading' : '星辰贸易',
        name: locale === 'en' ? 'Lin Wei' : '林伟',
      });
      let first = '';
      for (const c of [...SAMPLE].reverse()) {
        const created = await apiCreateContact(page, csrf, c);
        first = created.id;
      }

      await page.goto('/contacts');
      await expect(page.getByRole('link', { name: '张三' })).toBeVisible();
      await shot(page, 'contacts', locale, project);

      await page.goto(`/contacts/${first}`);
      await expect(page.getByTestId('contact-title')).toHaveText('张三');
      await shot(page, 'contact', locale, project);
    });
  });
}

/** A spreadsheet as people export it: Chinese headers, one duplicate of 张三 and one bad e-mail. */
const IMPORT_CSV = [
  '姓名,手机,邮箱,公司,职位,备注列',
  'Zhang San,+86 138 0013 8000,zhang.san@example.com,星辰贸易,销售总监,',
  '孙七,13912340007,sunqi@example.cn,星辰贸易,采购经理,',
  '周八,13700001111,zhouba@example,星辰贸易,,老客户',
  'Ada Lovelace,+44 20 7946 0958,ada@example.org,Acme,CTO,',
  '吴九,13600002222,wujiu@example.com,华夏科技,,',
].join('\n');

async function fullShot(page: Page, name: string, locale: Locale, project: string) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({
    path: `docs/screenshots/${name}-${locale}-${project}.png`,
    animations: 'disabled',
    fullPage: true,
  });
}

for (const locale of LOCALES) {
  test.describe(`screenshots of import and duplicates ${locale}`, () => {
    test.use({ locale, deviceScaleFactor: 1 });

    test('import wizard steps, import history, duplicates compare', async ({ page }, info) => {
      test.setTimeout(120_000);
      const project = info.project.name;
      const t = (key: string, vars?: Record<string, string>) => text(locale, key, vars);
      const csrf = await apiSignUp(page, locale, {
        ...newAccount('shots-import'),
        workspaceName: locale === 'en' ? 'Acme Trading' : '星辰贸易',
        name: locale === 'en' ? 'Lin Wei' : '林伟',
      });
      for (const c of SAMPLE.slice(0, 4)) await apiCreateContact(page, csrf, c);

      await page.goto('/imports/new');
      await expect(page.getByTestId('import-dropzone')).toBeVisible();
      await shot(page, 'import-upload', locale, project);

      await page
        .getByTestId('import-dropzone')
        .locator('input[type=file]')
        .setInputFiles({ name: '客户名单.csv', mimeType: 'text/csv', buffer: Buffer.from(IMPORT_CSV) });
      await expect(page.getByTestId('mapping')).toBeVisible();
      await fullShot(page, 'import-mapping', locale, project);

      await page.getByRole('button', { name: t('imports.next') }).click();
      await expect(page.getByTestId('dry-invalid')).toHaveText('1');
      await fullShot(page, 'import-preview', locale, project);

      await page.getByRole('button', { name: t('imports.next') }).click();
      await page.getByTestId('policy-create').click();
      await shot(page, 'import-policy', locale, project);

      await page.getByRole('button', { name: t('imports.run.start') }).click();
      await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
      await shot(page, 'import-summary', locale, project);

      await page.goto('/imports');
      await expect(page.getByText('客户名单.csv').filter({ visible: true })).toBeVisible();
      await shot(page, 'imports', locale, project);

      await page.goto('/duplicates');
      await page.getByRole('button', { name: t('duplicates.scan') }).click();
      await expect(page.getByTestId('cluster')).toHaveCount(2, { timeout: 30_000 });
      await shot(page, 'duplicates', locale, project);

      await page
        .getByTestId('cluster')
        .filter({ hasText: '张三' })
        .getByRole('link', { name: t('duplicates.compare') })
        .click();
      await expect(page.getByTestId('compare')).toBeVisible();
      await fullShot(page, 'duplicates-compare', locale, project);
    });
  });
}

for (const locale of LOCALES) {
  test.describe(`screenshots of customers ${locale}`, () => {
    test.use({ locale, deviceScaleFactor: 1 });

    test('lists with the filter builder, 360 page, custom-fields editor', async ({ page }, info) => {
      const project = info.project.name;
      const csrf = await apiSignUp(page, locale, {
        ...newAccount('shots-customers'),
        workspaceName: locale === 'en' ? 'Acme Trading' : '星辰贸易',
        name: locale === 'en' ? 'Lin Wei' : '林伟',
      });
      const headers = { 'x-csrf-token': csrf };
      const field = await page.request.post('/api/v1/custom-fields', {
        headers,
        data: {
          objectType: 'contact',
          key: 'tier',
          type: 'select',
          labelZh: '客户等级',
          labelEn: 'Tier',
          options: [
            { value: 'gold', labelZh: '金牌', labelEn: 'Gold' },
            { value: 'silver', labelZh: '银牌', labelEn: 'Silver' },
          ],
        },
      });
      expect(field.status()).toBe(201);
      const company = await page.request.post('/api/v1/companies', {
        headers,
        data: {
          name: '星辰科技有限公司',
          industry: locale === 'en' ? 'Software' : '软件',
          tags: ['VIP'],
          address: { provinceCode: '310000', cityCode: '310100', districtCode: '310104' },
        },
      });
      const companyId = ((await company.json()) as { id: string }).id;
      let contactId = '';
      for (const c of [...SAMPLE].reverse()) {
        const created = await apiCreateContact(page, csrf, {
          ...c,
          tags: c.phone ? ['VIP'] : [],
          companies:
            c.name === '张三'
              ? [{ companyId, role: locale === 'en' ? 'CEO' : '总经理', isPrimary: true }]
              : [],
          custom: { tier: c.email ? 'gold' : 'silver' },
        });
        contactId = created.id;
      }
      await page.request.patch(`/api/v1/contacts/${contactId}`, { headers, data: { title: '销售总监' } });

      await page.goto('/contacts');
      await expect(page.getByRole('link', { name: '张三' })).toBeVisible();
      await page.getByTestId('filter-toggle').click();
      const builder = page.getByTestId('filter-builder');
      await builder.getByRole('button', { name: text(locale, 'filters.addCondition'), exact: true }).click();
      await builder.getByTestId('filter-field').click();
      await page.getByRole('option', { name: locale === 'en' ? 'Tags' : '标签', exact: true }).click();
      await builder.getByTestId('filter-value').fill('VIP');
      await builder.getByTestId('filter-value').press('Enter');
      await builder.getByTestId('filter-apply').click();
      await shot(page, 'contacts-filter', locale, project);

      await page.goto('/companies');
      await expect(page.getByRole('link', { name: '星辰科技有限公司' })).toBeVisible();
      await shot(page, 'companies', locale, project);

      await page.goto(`/contacts/${contactId}`);
      await expect(page.getByTestId('contact-title')).toHaveText('张三');
      await expect(page.getByTestId('timeline')).toContainText('销售总监');
      await shot(page, 'contact-360', locale, project);

      await page.goto('/settings/custom-fields');
      await expect(page.getByTestId('custom-field-tier')).toBeVisible();
      await shot(page, 'custom-fields', locale, project);
    });
  });
}
