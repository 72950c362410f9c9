import { ScrollArea, Stack, Tabs, Title } from '@mantine/core';
import { IconBuilding, IconForms, IconKey, IconSitemap, IconUsers } from '@tabler/icons-react';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoader } from '../../app/PageLoader';

const TABS = [
  { value: 'workspace', labelKey: 'settings.workspace.tab', icon: IconBuilding },
  { value: 'users', labelKey: 'settings.users.tab', icon: IconUsers },
  { value: 'teams', labelKey: 'settings.teams.tab', icon: IconSitemap },
  { value: 'api-keys', labelKey: 'settings.apiKeys.tab', icon: IconKey },
  { value: 'custom-fields', labelKey: 'settings.customFields.tab', icon: IconForms },
] as const;

/** Settings: one tab per area, each tab its own address (`/settings/users`, …). */
export function SettingsLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = pathname.split('/')[2] ?? 'workspace';

  return (
    <Stack gap="md" maw={960}>
      <Title order={2} size="h3">
        {t('settings.title')}
      </Title>
      <Tabs value={current} onChange={(value) => value && navigate(`/settings/${value}`)} keepMounted={false}>
        <ScrollArea type="never" offsetScrollbars={false}>
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {TABS.map((tab) => (
              <Tabs.Tab key={tab.value} value={tab.value} leftSection={<tab.icon size={16} />}>
                {t(tab.labelKey)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </ScrollArea>
      </Tabs>
      <Suspense fallback={<PageLoader />}>
        <Outlet />
      </Suspense>
    </Stack>
  );
}
