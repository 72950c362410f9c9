import { Button, Group, Modal, Paper, Progress, Stack, TagsInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconTag, IconTrash, IconUserEdit, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import { UserInput } from './FieldInput';
import type { ObjectType } from './metadata.api';
import {
  type CustomerRecord,
  deleteRecord,
  etagOf,
  exportSelection,
  MAX_EXPORT_SELECTION,
  refreshLists,
  runBulk,
  updateRecord,
} from './records.api';

type Action = 'owner' | 'tag' | 'delete';

interface Props {
  objectType: ObjectType;
  selected: CustomerRecord[];
  onDone: () => void;
  /** The list's order and columns, for exporting the selection; absent without the export right. */
  exportAs?: { sort: string; columns: string[] };
}

/**
 * Actions on the selected rows: owner, tags and delete run one request per record with a progress
 * bar (no bulk endpoint); export downloads exactly the selected records.
 */
export function BulkBar({ objectType, selected, onDone, exportAs }: Props) {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const [exporting, setExporting] = useState(false);
  const client = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [progress, setProgress] = useState<number | null>(null);

  const run = async () => {
    const records = new Map(selected.map((r) => [r.id, r]));
    const task = (id: string) => {
      const r = records.get(id) as CustomerRecord;
      if (action === 'delete') return deleteRecord(objectType, id);
      if (action === 'owner') return updateRecord(objectType, id, { ownerId: owner }, etagOf(r));
      const current = Array.isArray(r.tags) ? (r.tags as string[]) : [];
      return updateRecord(objectType, id, { tags: [...new Set([...current, ...tags])] }, etagOf(r));
    };
    setProgress(0);
    const failed = await runBulk([...records.keys()], task, setProgress);
    setProgress(null);
    setAction(null);
    setTags([]);
    setOwner(null);
    void refreshLists(client, objectType);
    const done = records.size - failed.length;
    notifications.show({
      color: failed.length ? 'orange' : 'teal',
      message: failed.length
        ? t('bulk.partly', { done, failed: failed.length })
        : t('bulk.done', { count: done }),
    });
    onDone();
  };

  const runExport = async () => {
    if (!exportAs) return;
    if (selected.length > MAX_EXPORT_SELECTION) {
      notifications.show({
        color: 'orange',
        message: t('bulk.exportTooMany', { max: fmt.number(MAX_EXPORT_SELECTION) }),
      });
      return;
    }
    setExporting(true);
    try {
      await exportSelection(
        objectType,
        selected.map((r) => r.id),
        { ...exportAs, locale: i18n.language },
      );
    } catch (err) {
      notifications.show({ color: 'red', title: t('bulk.exportFailed'), message: describeError(t, err) });
    } finally {
      setExporting(false);
    }
  };

  const count = selected.length;
  const running = progress !== null;
  const ready = action === 'delete' || (action === 'owner' && owner) || (action === 'tag' && tags.length > 0);

  return (
    <>
      <Paper
        withBorder
        p={6}
        px="sm"
        radius="md"
        bg="var(--mantine-color-indigo-light)"
        data-testid="bulk-bar"
      >
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={500} mr="auto">
            {t('bulk.selected', { count })}
          </Text>
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconUserEdit size={14} />}
            onClick={() => setAction('owner')}
          >
            {t('bulk.owner')}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconTag size={14} />}
            onClick={() => setAction('tag')}
          >
            {t('bulk.tag')}
          </Button>
          {exportAs && (
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconDownload size={14} />}
              onClick={() => void runExport()}
              loading={exporting}
            >
              {t('bulk.export')}
            </Button>
          )}
          <Button
            size="compact-sm"
            variant="default"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => setAction('delete')}
          >
            {t('common.delete')}
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            leftSection={<IconX size={14} />}
            onClick={onDone}
          >
            {t('bulk.clear')}
          </Button>
        </Group>
      </Paper>
      <Modal
        opened={action !== null}
        onClose={() => !running && setAction(null)}
        title={action ? t(`bulk.title.${action}`, { count }) : ''}
        centered
      >
        <Stack>
          {action === 'owner' && (
            <UserInput
              label={t('bulk.newOwner')}
              value={owner}
              onChange={(v) => setOwner(v as string | null)}
            />
          )}
          {action === 'tag' && (
            <TagsInput label={t('bulk.tags')} value={tags} onChange={setTags} data-autofocus />
          )}
          {action === 'delete' && <Text size="sm">{t('bulk.deleteText', { count })}</Text>}
          {running && (
            <Stack gap={4}>
              <Progress value={(progress / count) * 100} animated aria-label={t('bulk.progress')} />
              <Text size="xs" c="dimmed" role="status">
                {t('bulk.progressText', { done: progress, count })}
              </Text>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAction(null)} disabled={running}>
              {t('common.cancel')}
            </Button>
            <Button
              color={action === 'delete' ? 'red' : undefined}
              onClick={() => void run()}
              loading={running}
              disabled={!ready}
            >
              {action === 'delete' ? t('common.delete') : t('bulk.apply')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
