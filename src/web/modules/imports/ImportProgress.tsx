import { Alert, Button, Group, Modal, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../api/session';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import { type ImportBatch, isSettled, rejectionsUrl, useImportProgress, useUndoImport } from './imports.api';

/**
 * A running import's live progress bar, then its summary: created / updated / skipped / rejected,
 * the rejected rows to download, and undo.
 */
export function ImportProgress({ initial, onRestart }: { initial: ImportBatch; onRestart?: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const session = useSession();
  const live = useImportProgress(initial);
  const undo = useUndoImport();
  const [confirming, setConfirming] = useState(false);
  const batch = undo.data ?? live;
  const canUndo = session.role !== 'read_only' && batch.status === 'completed';

  if (!isSettled(batch.status)) {
    const label =
      batch.status === 'queued'
        ? t('imports.run.queued')
        : batch.totalRows
          ? t('imports.run.running', {
              processed: fmt.number(batch.processedRows),
              total: fmt.number(batch.totalRows),
            })
          : t('imports.run.runningUnknown', { processed: fmt.number(batch.processedRows) });
    return (
      <Stack gap="sm" mt="md" data-testid="import-running">
        <Text size="sm" role="status" aria-live="polite">
          {label}
        </Text>
        <Progress
          value={batch.progress}
          size="xl"
          radius="xl"
          animated
          striped
          aria-label={t('imports.run.progressLabel')}
          data-testid="import-progress"
        />
        <Text size="xs" c="dimmed">
          {fmt.number(batch.progress)}%
        </Text>
      </Stack>
    );
  }

  const stats = [
    { key: 'created', value: batch.createdCount, color: 'teal' },
    { key: 'updated', value: batch.updatedCount, color: 'indigo' },
    { key: 'skipped', value: batch.skippedCount, color: 'gray' },
    { key: 'rejected', value: batch.errorCount, color: batch.errorCount > 0 ? 'red' : 'gray' },
  ] as const;

  return (
    <Stack gap="md" mt="md" data-testid="import-summary">
      <Title order={3} size="h4">
        {t(`imports.summary.${batch.status}`)}
      </Title>
      {batch.status === 'completed' && (
        <Progress
          value={100}
          size="xl"
          radius="xl"
          color="teal"
          aria-label={t('imports.run.progressLabel')}
        />
      )}
      {batch.error && (
        <Alert color="red" role="alert">
          {batch.error}
        </Alert>
      )}
      {undo.data && (
        <Alert color="teal" role="status">
          {t('imports.summary.undoneMessage', {
            deleted: fmt.number(undo.data.deletedCount),
            reverted: fmt.number(undo.data.revertedCount),
          })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {stats.map((s) => (
          <Paper key={s.key} withBorder p="sm" radius="md">
            <Text size="sm" c="dimmed">
              {t(`imports.summary.${s.key}`)}
            </Text>
            <Text fw={700} fz={28} c={s.value > 0 ? s.color : 'dimmed'} data-testid={`summary-${s.key}`}>
              {fmt.number(s.value)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Group gap="sm">
        {batch.errorCount > 0 && (
          <Button
            component="a"
            href={rejectionsUrl(batch.id)}
            download
            variant="light"
            color="red"
            leftSection={<IconDownload size={16} />}
          >
            {t('imports.summary.downloadRejected')}
          </Button>
        )}
        <Button component={Link} to="/contacts" variant="light">
          {t('imports.summary.viewContacts')}
        </Button>
        {onRestart && (
          <Button variant="default" onClick={onRestart}>
            {t('imports.summary.another')}
          </Button>
        )}
        {canUndo && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconArrowBackUp size={16} />}
            onClick={() => setConfirming(true)}
          >
            {t('imports.summary.undo')}
          </Button>
        )}
      </Group>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('imports.summary.undoTitle')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            {t('imports.summary.undoText', {
              created: fmt.number(batch.createdCount),
              updated: fmt.number(batch.updatedCount),
            })}
          </Text>
          {undo.error && (
            <Alert color="red" role="alert">
              {describeError(t, undo.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={undo.isPending}
              onClick={() => undo.mutate(batch.id, { onSuccess: () => setConfirming(false) })}
            >
              {t('imports.summary.undoConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
