import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconSitemap, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import type { Team } from '../../api/types';
import { PageLoader } from '../../app/PageLoader';
import { QueryError } from '../../app/QueryError';
import { describeError, fieldErrors, onlyFieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { useDeleteTeam, useSaveTeam, useTeams } from './settings.api';
import { subtreeIds, teamChildren } from './team-tree';

/** What the team dialog is doing: adding a team (under `parentId`) or editing `team`. */
type Editing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; team: Team };

/** The workspace's teams as a tree: add, rename, move and delete. */
export function TeamsSettings() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const isAdmin = session.role === 'admin';
  const teams = useTeams();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const collator = useMemo(() => new Intl.Collator(i18n.language), [i18n.language]);
  const children = useMemo(() => teamChildren(teams.data ?? [], collator), [teams.data, collator]);

  if (teams.isPending) return <PageLoader />;
  if (teams.isError) return <QueryError error={teams.error} onRetry={() => void teams.refetch()} />;

  const actions: TeamActions = {
    isAdmin,
    addUnder: (team) => setEditing({ mode: 'create', parentId: team.id }),
    edit: (team) => setEditing({ mode: 'edit', team }),
    remove: setDeleting,
  };

  return (
    <Stack gap="sm">
      {isAdmin ? (
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing({ mode: 'create', parentId: null })}
          >
            {t('settings.teams.add')}
          </Button>
        </Group>
      ) : (
        <Alert color="gray">{t('settings.adminOnly')}</Alert>
      )}
      <Paper withBorder aria-label={t('settings.teams.tab')}>
        {teams.data.length === 0 ? (
          <Text c="dimmed" size="sm" p="md">
            {t('settings.teams.none')}
          </Text>
        ) : (
          <TeamList parentId={null} depth={0} childrenOf={children} actions={actions} />
        )}
      </Paper>
      <TeamDialog teams={teams.data} editing={editing} onClose={() => setEditing(null)} />
      <DeleteTeamDialog team={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

interface TeamActions {
  isAdmin: boolean;
  addUnder: (team: Team) => void;
  edit: (team: Team) => void;
  remove: (team: Team) => void;
}

interface TeamListProps {
  parentId: string | null;
  depth: number;
  childrenOf: Map<string | null, Team[]>;
  actions: TeamActions;
}

/** One level of the tree as a list; each team's sub-teams are a nested list. */
function TeamList({ parentId, depth, childrenOf, actions }: TeamListProps) {
  const { t } = useTranslation();
  const teams = childrenOf.get(parentId) ?? [];
  if (teams.length === 0) return null;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {teams.map((team) => (
        <li key={team.id} data-testid={`team-${team.name}`}>
          <Group
            justify="space-between"
            wrap="nowrap"
            py={8}
            pr="md"
            pl={`calc(var(--mantine-spacing-md) + ${depth * 24}px)`}
            style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
          >
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconSitemap size={16} opacity={0.6} />
              <Text size="sm" truncate>
                {team.name}
              </Text>
            </Group>
            {actions.isAdmin && (
              <Group gap={2} wrap="nowrap">
                <Tooltip label={t('settings.teams.addSub')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`${t('settings.teams.addSub')}: ${team.name}`}
                    onClick={() => actions.addUnder(team)}
                  >
                    <IconPlus size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('common.edit')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`${t('common.edit')}: ${team.name}`}
                    onClick={() => actions.edit(team)}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('common.delete')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`${t('common.delete')}: ${team.name}`}
                    onClick={() => actions.remove(team)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            )}
          </Group>
          <TeamList parentId={team.id} depth={depth + 1} childrenOf={childrenOf} actions={actions} />
        </li>
      ))}
    </ul>
  );
}

function DeleteTeamDialog({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteTeam();
  return (
    <Modal opened={team !== null} onClose={onClose} title={t('settings.teams.deleteTitle')} centered>
      {team && (
        <Stack>
          <Text size="sm">{t('settings.teams.deleteConfirm', { name: team.name })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(team.id, {
                  onSuccess: onClose,
                  onError: (e) => notifications.show({ color: 'red', message: describeError(t, e) }),
                })
              }
            >
              {t('common.delete')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function TeamDialog({
  teams,
  editing,
  onClose,
}: {
  teams: Team[];
  editing: Editing | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveTeam();
  return (
    <Modal
      opened={editing !== null}
      onClose={onClose}
      title={editing?.mode === 'edit' ? t('settings.teams.edit') : t('settings.teams.add')}
      centered
    >
      {editing && (
        <TeamForm
          key={editing.mode === 'edit' ? editing.team.id : `new:${editing.parentId}`}
          teams={teams}
          editing={editing}
          saving={save.isPending}
          error={save.error}
          onCancel={onClose}
          onSubmit={(input, setErrors) =>
            save.mutate(
              { id: editing.mode === 'edit' ? editing.team.id : undefined, ...input },
              {
                onSuccess: () => {
                  save.reset();
                  onClose();
                },
                onError: (err) => setErrors(fieldErrors(t, err)),
              },
            )
          }
        />
      )}
    </Modal>
  );
}

interface TeamFormProps {
  teams: Team[];
  editing: Editing;
  saving: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (
    input: { name: string; parentId: string | null },
    setErrors: (e: Record<string, string>) => void,
  ) => void;
}

function TeamForm({ teams, editing, saving, error, onCancel, onSubmit }: TeamFormProps) {
  const { t } = useTranslation();
  const form = useForm({ name: editing.mode === 'edit' ? editing.team.name : '' });
  const [parentId, setParentId] = useState<string | null>(
    editing.mode === 'edit' ? editing.team.parentId : editing.parentId,
  );
  const excluded = editing.mode === 'edit' ? subtreeIds(teams, editing.team.id) : new Set<string>();
  const parents = teams
    .filter((team) => !excluded.has(team.id))
    .map((team) => ({ value: team.id, label: team.name }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['name'], t('errors.field.required'))) return;
    onSubmit({ name: form.values.name.trim(), parentId }, form.setErrors);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error != null && !onlyFieldErrors(error, ['name', 'parentId']) && (
          <Alert color="red">{describeError(t, error)}</Alert>
        )}
        <TextInput label={t('settings.teams.name')} required data-autofocus {...form.field('name')} />
        <Select
          label={t('settings.teams.parent')}
          placeholder={t('settings.teams.noParent')}
          data={parents}
          value={parentId}
          onChange={setParentId}
          error={form.errors.parentId}
          clearable
          searchable
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
