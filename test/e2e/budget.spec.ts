import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { apiSignUp, newAccount } from './helpers';

/** Issue 4's budget: JavaScript for the first screen at most 300 kB gzipped. */
const BUDGET_BYTES = 300 * 1024;

test('the contact list loads at most 300 kB of gzipped JavaScript', async ({ page }, info) => {
  await apiSignUp(page, 'en', newAccount('budget'));

  const scripts = new Map<string, number>();
  page.on('response', async (res) => {
    if (!res.url().endsWith('.js')) return;
    scripts.set(res.url(), gzipSync(await res.body(), { level: 9 }).length);
  });
  await page.goto('/contacts');
  await expect(page.getByRole('heading', { name: 'Contacts' })).toBeVisible();
  await page.waitForLoadState('networkidle');

  const total = [...scripts.values()].reduce((a, b) => a + b, 0);
  info.annotations.push({
    type: 'first-screen JS (gzip)',
    description: `${(total / 1024).toFixed(1)} kB in ${scripts.size} files`,
  });
  console.log(`first-screen JS: ${(total / 1024).toFixed(1)} kB gzipped in ${scripts.size} files`);
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});
