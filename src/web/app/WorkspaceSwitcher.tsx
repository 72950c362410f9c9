import { Group, Menu, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconCheck, IconSelector } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession, useSwitchWorkspace } from '../api/session';
import { describeError } from '../lib/errors';

/** Shows the current workspace and moves to another one the user belongs to. */
export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const switchWorkspace = useSwitchWorkspace();

  const choose = (workspaceId: string) => {
    if (workspaceId === session.workspace.id) return;
    switchWorkspace.mutate(workspaceId, {
      onSuccess: (next) => {
        navigate('/contacts');
        notifications.show({ message: t('workspace.switched', { name: next.workspace.name }) });
      },
      onError: (err) => notifications.show({ color: 'red', message: describeError(t, err) }),
    });
  };

  return (
    <Menu position="bottom-start" width="target" withinPortal>
      <Menu.Target>
        <UnstyledButton
          w="100%"
          p="xs"
          aria-label={t('workspace.switch')}
          data-testid="workspace-switcher"
          style={{
            borderRadius: 'var(--mantine-radius-md)',
            border: '1px solid var(--mantine-color-default-border)',
          }}
        >
          <Group gap="xs" wrap="nowrap">
            <ThemeIcon variant="light" size="md">
              <IconBuilding size={16} />
            </ThemeIcon>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text size="xs" c="dimmed">
                {t('workspace.label')}
              </Text>
              <Text size="sm" fw={600} truncate>
                {session.workspace.name}
              </Text>
            </div>
            <IconSelector size={16} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('workspace.switch')}</Menu.Label>
        {session.workspaces.map((ws) => (
          <Menu.Item
            key={ws.id}
            onClick={() => choose(ws.id)}
            rightSection={ws.id === session.workspace.id ? <IconCheck size={14} /> : null}
          >
            <Text size="sm" truncate>
              {ws.name}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`roles.${ws.role}`)}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
