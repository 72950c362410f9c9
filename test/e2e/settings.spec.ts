import { expect, test } from '@playwright/test';
import { apiSignUp, newAccount, watchConsole } from './helpers';
import { LOCALES, text } from './i18n';

for (const locale of LOCALES) {
  test.describe(`settings in ${locale}`, () => {
    test.use({ locale });

    test('teams tree, invitation and an API key shown once', async ({ page }) => {
      const t = (key: string) => text(locale, key);
      const consoleErrors = watchConsole(page);
      await apiSignUp(page, locale, newAccount(`settings-${locale}`));

      await page.goto('/settings');
      await expect(page).toHaveURL(/\/settings\/workspace$/);
      await expect(
        page.getByRole('textbox', { name: t('fields.workspaceName'), exact: true }),
      ).not.toHaveValue('');

      // Teams: a team and a sub-team, shown nested.
      await page.getByRole('tab', { name: t('settings.teams.tab') }).click();
      await page.getByRole('button', { name: t('settings.teams.add') }).click();
      await page.getByRole('textbox', { name: t('settings.teams.name'), exact: true }).fill('华东销售');
      await page.getByRole('button', { name: t('common.save') }).click();
      await page.getByRole('button', { name: `${t('settings.teams.addSub')}: 华东销售` }).click();
      await page.getByRole('textbox', { name: t('settings.teams.name'), exact: true }).fill('上海');
      await page.getByRole('button', { name: t('common.save') }).click();
      await expect(page.getByTestId('team-华东销售').getByTestId('team-上海')).toBeVisible();

      // Invitations.
      await page.getByRole('tab', { name: t('settings.users.tab') }).click();
      await page.getByRole('textbox', { name: t('fields.email'), exact: true }).fill('newbie@example.com');
      await page.getByRole('button', { name: t('settings.invitations.invite') }).click();
      await expect(page.getByRole('cell', { name: 'newbie@example.com' })).toBeVisible();

      // API keys: the secret is shown once, then only its prefix.
      await page.getByRole('tab', { name: t('settings.apiKeys.tab') }).click();
      await page.getByRole('textbox', { name: t('settings.apiKeys.name'), exact: true }).fill('Website form');
      await page.getByRole('button', { name: t('settings.apiKeys.create') }).click();
      const dialog = page.getByRole('dialog', { name: t('settings.apiKeys.createdTitle') });
      await expect(dialog.getByTestId('new-api-key')).not.toBeEmpty();
      await dialog.getByRole('button', { name: t('common.done') }).click();
      await expect(page.getByRole('cell', { name: 'Website form' })).toBeVisible();

      expect(consoleErrors()).toEqual([]);
    });
  });
}
