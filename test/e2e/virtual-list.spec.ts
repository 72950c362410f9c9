import { expect, test } from '@playwright/test';
import { apiSignUp, newAccount } from './helpers';

const PAGES = 100;
const PAGE_SIZE = 100;

/**
 * With 10,000 contacts loaded the list keeps fewer than 200 rows in the DOM. The list endpoint is
 * answered in the browser with generated pages, so this measures the web app, not the server.
 */
test('10,000 loaded contacts keep fewer than 200 rows in the DOM', async ({ page }) => {
  test.setTimeout(120_000);
  await apiSignUp(page, 'en', newAccount('virtual'));
  await page.route(/\/api\/v1\/contacts\?/, async (route) => {
    const cursor = Number(new URL(route.request().url()).searchParams.get('cursor') ?? 0);
    const now = new Date().toISOString();
    const data = Array.from({ length: PAGE_SIZE }, (_, i) => {
      const n = cursor * PAGE_SIZE + i;
      return {
        id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
        name: `联系人 ${n}`,
        email: `c${n}@example.com`,
        phone: null,
        ownerId: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
    });
    await route.fulfill({ json: { data, nextCursor: cursor + 1 < PAGES ? String(cursor + 1) : null } });
  });

  await page.goto('/contacts');
  await expect(page.getByRole('link', { name: '联系人 0', exact: true })).toBeVisible();

  // Keep scrolling to the end until the last page has loaded.
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="contacts-scroll"]');
      el?.scrollTo(0, el.scrollHeight);
      return document.body.innerText.includes('联系人 9999');
    },
    undefined,
    { polling: 50, timeout: 90_000 },
  );
  await expect(page.getByRole('link', { name: '联系人 9999', exact: true })).toBeVisible();

  const rowsInDom = await page.locator('tbody tr').count();
  expect(rowsInDom).toBeGreaterThan(0);
  expect(rowsInDom).toBeLessThan(200);
  await expect(page.getByRole('status').filter({ hasText: '10,000' })).toBeVisible();
});
