import { ActionIcon, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { changeLocale } from '../api/session';
import type { Locale } from '../api/types';
import { LOCALES } from '../i18n';
import { describeError } from '../lib/errors';

/** Native name of each language, shown the same whatever the UI language is. */
const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Picks the UI language; when signed in the choice is saved on the user's profile too. */
export function LanguageMenu({ signedIn }: { signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const choose = (locale: Locale) => {
    changeLocale(locale, signedIn).catch((err) =>
      notifications.show({ color: 'red', title: t('language.saveFailed'), message: describeError(t, err) }),
    );
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('language.label')}>
          <IconLanguage size={20} stroke={1.6} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {LOCALES.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            onClick={() => choose(locale)}
            rightSection={i18n.language === locale ? <IconCheck size={14} /> : null}
          >
            {LANGUAGE_NAMES[locale]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
