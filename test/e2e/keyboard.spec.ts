import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { apiCreateContact, apiSignUp, newAccount, watchConsole } from './helpers';
import { LOCALES, text } from './i18n';

/** Presses `key` until `done` holds for the focused element (at most `max` times). */
async function pressUntil(page: Page, key: string, done: () => Promise<boolean>, max = 25) {
  for (let i = 0; i < max; i++) {
    if (await done()) return;
    await page.keyboard.press(key);
  }
  expect(await done(), `${key} × ${max} did not reach the control`).toBe(true);
}

for (const locale of LOCALES) {
  test.describe(`keyboard in ${locale}`, () => {
    test.use({ locale });

    test('the contact list and the command palette work without a mouse', async ({ page }) => {
      const t = (key: string, vars?: Record<string, string>) => text(locale, key, vars);
      const consoleErrors = watchConsole(page);
      const csrf = await apiSignUp(page, locale, newAccount(`keyboard-${locale}`));
      const zhang = await apiCreateContact(page, csrf, { name: '张三' });
      const li = await apiCreateContact(page, csrf, { name: '李四' });
      await apiCreateContact(page, csrf, { name: '王五' });

      await page.goto('/contacts');
      const list = page.getByTestId('contacts-scroll');
      const row = (name: string) => list.locator('tbody tr').filter({ hasText: name });
      await expect(row('王五')).toBeVisible();

      // "/" jumps to the list's search; Escape hands the focus to the list's row.
      await page.keyboard.press('/');
      const search = page.getByRole('textbox', { name: t('contacts.filterPlaceholder') });
      await expect(search).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(row('王五')).toBeFocused();

      // The list is reachable by Tab too: from the search, on through the toolbar to the newest row.
      await search.focus();
      await pressUntil(page, 'Tab', () => row('王五').evaluate((el) => el === document.activeElement));
      // The focused row shows a focus ring.
      await expect(row('王五')).not.toHaveCSS('outline-style', 'none');

      // Newest first: 王五, 李四, 张三. ↓/j and ↑/k move between rows.
      await page.keyboard.press('ArrowDown');
      await expect(row('李四')).toBeFocused();
      await page.keyboard.press('j');
      await expect(row('张三')).toBeFocused();
      await page.keyboard.press('k');
      await expect(row('李四')).toBeFocused();

      // Space selects the row; the bulk bar's Export downloads exactly the selection.
      await page.keyboard.press('Space');
      const bulkBar = page.getByTestId('bulk-bar');
      await expect(bulkBar).toContainText(
        t(locale === 'en' ? 'bulk.selected_one' : 'bulk.selected_other', { count: '1' }),
      );
      await expect(row('李四').getByRole('checkbox')).toBeChecked();
      const exportButton = bulkBar.getByRole('button', { name: t('bulk.export') });
      await pressUntil(page, 'Shift+Tab', () => exportButton.evaluate((el) => el === document.activeElement));
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv).toContain('李四');
      expect(csv).not.toContain('张三');
      expect(csv).not.toContain('王五');

      // Back to the list; Enter opens the focused row's record.
      await pressUntil(page, 'Tab', () => row('李四').evaluate((el) => el === document.activeElement));
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`/contacts/${li.id}$`));
      await expect(page.getByTestId('contact-title')).toHaveText('李四');

      // Ctrl-K opens the palette with the focus in its search; Escape closes it.
      await page.keyboard.press('Control+K');
      const palette = page.getByRole('dialog');
      const paletteSearch = page.getByPlaceholder(t('search.placeholder'));
      await expect(paletteSearch).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(palette).toBeHidden();

      // Ctrl-K again, "zs", Enter on the first hit opens 张三.
      await page.keyboard.press('Control+K');
      await expect(paletteSearch).toBeFocused();
      await page.keyboard.type('zs');
      await expect(palette.getByRole('button', { name: /张三/ })).toBeVisible();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`/contacts/${zhang.id}$`));
      await expect(page.getByTestId('contact-title')).toHaveText('张三');

      expect(consoleErrors()).toEqual([]);
    });
  });
}
