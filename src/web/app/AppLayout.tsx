import {
  ActionIcon,
  AppShell,
  Burger,
  Group,
  Kbd,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconBuildingSkyscraper,
  IconFileImport,
  IconGitMerge,
  IconSearch,
  IconSettings,
} from '@tabler/icons-react';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageMenu } from './LanguageMenu';
import { PageLoader } from './PageLoader';
import { SearchSpotlight } from './SearchSpotlight';
import { UserMenu } from './UserMenu';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

/** Modules shown in the navigation; a module appears here once it is built. */
const NAV = [
  { to: '/contacts', labelKey: 'nav.contacts', icon: IconAddressBook },
  { to: '/companies', labelKey: 'nav.companies', icon: IconBuildingSkyscraper },
  { to: '/imports', labelKey: 'imports.nav', icon: IconFileImport },
  { to: '/duplicates', labelKey: 'duplicates.nav', icon: IconGitMerge },
  { to: '/settings', labelKey: 'nav.settings', icon: IconSettings },
] as const;

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The signed-in frame: header with search and menus, navigation (a drawer below 768 px), and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  useEffect(() => {
    if (pathname) close();
  }, [pathname, close]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm" wrap="nowrap" justify="space-between">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t(opened ? 'nav.close' : 'nav.open')}
            />
            <Text
              component={Link}
              to="/contacts"
              fw={700}
              size="lg"
              c="indigo.7"
              style={{ whiteSpace: 'nowrap' }}
            >
              {t('app.name')}
            </Text>
          </Group>
          <UnstyledButton
            onClick={() => spotlight.open()}
            aria-label={t('search.open')}
            visibleFrom="sm"
            px="sm"
            h={36}
            style={{
              flex: '0 1 320px',
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-md)',
              color: 'var(--mantine-color-dimmed)',
            }}
          >
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <Group gap="xs" wrap="nowrap">
                <IconSearch size={16} />
                <Text size="sm" truncate>
                  {t('search.button')}
                </Text>
              </Group>
              <Kbd size="xs">{isMac ? '⌘ K' : 'Ctrl K'}</Kbd>
            </Group>
          </UnstyledButton>
          <Group gap="xs" wrap="nowrap">
            <ActionIcon
              variant="default"
              size="lg"
              hiddenFrom="sm"
              onClick={() => spotlight.open()}
              aria-label={t('search.open')}
              data-testid="search-button"
            >
              <IconSearch size={18} />
            </ActionIcon>
            <LanguageMenu signedIn />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <AppShell.Section mb="sm">
          <WorkspaceSwitcher />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          {NAV.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.labelKey)}
              leftSection={<item.icon size={18} stroke={1.6} />}
              active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <SearchSpotlight />
    </AppShell>
  );
}
