import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { ROLES, type Role } from '../../api/types';
import { PageLoader } from '../../app/PageLoader';
import { QueryError } from '../../app/QueryError';
import { useFormatters } from '../../i18n/format';
import { describeError, fieldErrors, onlyFieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import {
  useInvitations,
  useInvite,
  useRevokeInvitation,
  useTeams,
  useUpdateUser,
  useUsers,
} from './settings.api';

/** Members of the workspace with their role and team, and the invitations not yet accepted. */
export function UsersSettings() {
  const { t } = useTranslation();
  const session = useSession();
  const isAdmin = session.role === 'admin';
  return (
    <Stack gap="xl">
      <UsersTable isAdmin={isAdmin} />
      {isAdmin ? <Invitations /> : <Alert color="gray">{t('settings.adminOnly')}</Alert>}
    </Stack>
  );
}

function UsersTable({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const session = useSession();
  const users = useUsers();
  const teams = useTeams();
  const update = useUpdateUser();
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));

  if (users.isPending) return <PageLoader />;
  if (users.isError) return <QueryError error={users.error} onRetry={() => void users.refetch()} />;

  const change = (id: string, input: { role?: Role; teamId?: string | null }) =>
    update.mutate(
      { id, ...input },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('common.savedMessage') }),
        onError: (err) => notifications.show({ color: 'red', message: describeError(t, err) }),
      },
    );

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('settings.users.title')}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.name')}</Table.Th>
              <Table.Th>{t('fields.role')}</Table.Th>
              <Table.Th>{t('fields.team')}</Table.Th>
              <Table.Th>{t('settings.users.joined')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((user) => {
              const editable = isAdmin && user.id !== session.user.id;
              return (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {user.email}
                    </Text>
                  </Table.Td>
                  <Table.Td w={170}>
                    {editable ? (
                      <Select
                        size="xs"
                        data={roleOptions}
                        value={user.role}
                        allowDeselect={false}
                        aria-label={t('fields.role')}
                        onChange={(v) => v && change(user.id, { role: v as Role })}
                      />
                    ) : (
                      <Badge variant="light">{t(`roles.${user.role}`)}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td w={190}>
                    {isAdmin ? (
                      <Select
                        size="xs"
                        data={teamOptions}
                        value={user.teamId}
                        placeholder={t('settings.users.noTeam')}
                        clearable
                        aria-label={t('fields.team')}
                        onChange={(v) => change(user.id, { teamId: v })}
                      />
                    ) : (
                      <Text size="sm">{teamOptions.find((o) => o.value === user.teamId)?.label ?? '—'}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmt.date(user.createdAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Invitations() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const invitations = useInvitations();
  const invite = useInvite();
  const revoke = useRevokeInvitation();
  const form = useForm({ email: '' });
  const [role, setRole] = useState<Role>('member');
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['email'], t('errors.field.required'))) return;
    invite.mutate(
      { email: form.values.email.trim(), role },
      {
        onSuccess: (inv) => {
          notifications.show({
            color: 'teal',
            message: t('settings.invitations.sent', { email: inv.email }),
          });
          form.reset();
        },
        onError: (err) => form.setErrors(fieldErrors(t, err)),
      },
    );
  };
  const err = invite.error;

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('settings.invitations.title')}
      </Title>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {err && !onlyFieldErrors(err, ['email', 'role']) && (
              <Alert color="red">{describeError(t, err)}</Alert>
            )}
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label={t('fields.email')}
                type="email"
                required
                style={{ flex: '1 1 220px' }}
                {...form.field('email')}
              />
              <Select
                label={t('fields.role')}
                data={roleOptions}
                value={role}
                allowDeselect={false}
                onChange={(v) => v && setRole(v as Role)}
                error={form.errors.role}
                style={{ flex: '0 1 170px' }}
              />
              <Button
                type="submit"
                leftSection={<IconMailPlus size={16} />}
                loading={invite.isPending}
                mt={{ base: 0, xs: 25 }}
              >
                {t('settings.invitations.invite')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {invitations.isPending ? (
        <PageLoader />
      ) : invitations.isError ? (
        <QueryError error={invitations.error} onRetry={() => void invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('settings.invitations.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.email')}</Table.Th>
                <Table.Th>{t('fields.role')}</Table.Th>
                <Table.Th>{t('settings.invitations.expires')}</Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.data.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>
                    <Text size="sm">{inv.email}</Text>
                    {inv.acceptUrl && (
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {inv.acceptUrl}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t(`roles.${inv.role}`)}</Table.Td>
                  <Table.Td>{fmt.dateTime(inv.expiresAt)}</Table.Td>
                  <Table.Td>
                    <Tooltip label={t('settings.invitations.revoke')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('settings.invitations.revoke')}
                        loading={revoke.isPending && revoke.variables === inv.id}
                        onClick={() =>
                          revoke.mutate(inv.id, {
                            onError: (e) =>
                              notifications.show({ color: 'red', message: describeError(t, e) }),
                          })
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
