import { Button, Checkbox, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconChevronDown,
  IconDeviceFloppy,
  IconLayoutList,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { describeError } from '../../lib/errors';
import type { ObjectType } from './metadata.api';
import {
  createView,
  deleteView,
  type SavedView,
  updateView,
  useViews,
  type ViewInput,
  viewKeys,
} from './views.api';

interface Props {
  objectType: ObjectType;
  current: SavedView | null;
  /** What the list shows now: saved into a view. */
  state: Required<Pick<ViewInput, 'filter' | 'sort' | 'columns'>>;
  dirty: boolean;
  onPick: (view: SavedView | null) => void;
}

/** Pick a saved view, save the list as it is into it, save as a new one, or delete it. */
export function ViewsMenu({ objectType, current, state, dirty, onPick }: Props) {
  const { t } = useTranslation();
  const session = useSession();
  const client = useQueryClient();
  const views = useViews(objectType);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [busy, setBusy] = useState(false);
  const canShare = session.role === 'admin' || session.role === 'manager';

  const refresh = () => client.invalidateQueries({ queryKey: viewKeys.list(objectType) });
  const guarded = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      notifications.show({ color: 'red', message: describeError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const saveAs = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    void guarded(async () => {
      const view = await createView(objectType, {
        name: name.trim(),
        visibility: shared ? 'shared' : 'personal',
        ...state,
      });
      await refresh();
      onPick(view);
      setNaming(false);
      setName('');
      notifications.show({ color: 'teal', message: t('views.saved', { name: view.name }) });
    });
  };
  const save = () =>
    current &&
    guarded(async () => {
      const view = await updateView(current, state);
      await refresh();
      onPick(view);
      notifications.show({ color: 'teal', message: t('views.saved', { name: view.name }) });
    });
  const remove = () =>
    current &&
    guarded(async () => {
      await deleteView(current);
      await refresh();
      onPick(null);
      notifications.show({ message: t('views.deleted', { name: current.name }) });
    });

  const mine = views.data?.filter((v) => v.visibility === 'personal') ?? [];
  const sharedViews = views.data?.filter((v) => v.visibility === 'shared') ?? [];

  return (
    <Group gap={4} wrap="nowrap">
      <Menu position="bottom-start" shadow="md" width={240}>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconLayoutList size={16} />}
            rightSection={<IconChevronDown size={14} />}
            data-testid="views-menu"
            maw={220}
          >
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {current?.name ?? t('views.all')}
              {dirty ? ' *' : ''}
            </span>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onPick(null)} rightSection={!current && <IconCheck size={14} />}>
            {t('views.all')}
          </Menu.Item>
          {mine.length > 0 && <Menu.Label>{t('views.personal')}</Menu.Label>}
          {mine.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => onPick(v)}
              rightSection={current?.id === v.id && <IconCheck size={14} />}
            >
              {v.name}
            </Menu.Item>
          ))}
          {sharedViews.length > 0 && <Menu.Label>{t('views.shared')}</Menu.Label>}
          {sharedViews.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => onPick(v)}
              leftSection={<IconUsers size={14} />}
              rightSection={current?.id === v.id && <IconCheck size={14} />}
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          {current?.abilities.update && (
            <Menu.Item
              leftSection={<IconDeviceFloppy size={14} />}
              onClick={() => void save()}
              disabled={!dirty || busy}
            >
              {t('views.save')}
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconDeviceFloppy size={14} />} onClick={() => setNaming(true)}>
            {t('views.saveAs')}
          </Menu.Item>
          {current?.abilities.delete && (
            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove()}>
              {t('views.delete')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {dirty && current?.abilities.update && (
        <Button variant="light" onClick={() => void save()} loading={busy} data-testid="view-save">
          {t('views.save')}
        </Button>
      )}
      <Modal opened={naming} onClose={() => setNaming(false)} title={t('views.saveAs')} centered>
        <form onSubmit={saveAs}>
          <Stack>
            <TextInput
              label={t('views.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              data-autofocus
              maxLength={100}
            />
            {canShare && (
              <Checkbox
                label={t('views.shareWithTeam')}
                checked={shared}
                onChange={(e) => setShared(e.currentTarget.checked)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} disabled={!name.trim()}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
