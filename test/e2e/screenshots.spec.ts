import { expect, type Page, test } from '@playwright/test';
import { apiCreateContact, apiSignUp, newAccount } from './helpers';
import { LOCALES, type Locale, text } from './i18n';

/**
 * Screenshots of the main screens for docs/screenshots/, in both languages and both viewports.
 * Run on purpose only: GUANXI_SCREENSHOTS=1 npx playwright test screenshots
 */
test.skip(!process.env.GUANXI_SCREENSHOTS, 'set GUANXI_SCREENSHOTS=1 to refresh docs/screenshots');

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
