import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { rawValue, useDisplay } from './display';
import { type FieldMeta, useLabels } from './metadata.api';
import type { CustomerRecord } from './records.api';

export interface Conflict {
  /** The record as the user saw it when they started editing. */
  base: CustomerRecord;
  /** The record as it is on the server now. */
  theirs: CustomerRecord;
  /** What the user tried to save (a PATCH body). */
  mine: Record<string, unknown>;
  /** The fields the user changed. */
  fields: FieldMeta[];
}

interface Props {
  conflict: Conflict | null;
  busy: boolean;
  /** Fields compared besides the changed ones (those someone else changed are shown). */
  compare: FieldMeta[];
  onKeepTheirs: () => void;
  onOverwrite: () => void;
}

/** After a 412: the server's current values next to the user's, and a choice between them. */
export function ConflictDialog({ conflict, busy, compare, onKeepTheirs, onOverwrite }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const display = useDisplay();
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const rows = conflict
    ? compare.filter(
        (f) =>
          conflict.fields.some((m) => m.key === f.key) ||
          !same(rawValue(f, conflict.theirs), rawValue(f, conflict.base)),
      )
    : [];
  const mineRecord: CustomerRecord | null = conflict
    ? {
        ...conflict.theirs,
        ...conflict.mine,
        custom: {
          ...conflict.theirs.custom,
          ...(conflict.mine.custom as Record<string, unknown> | undefined),
        },
      }
    : null;

  return (
    <Modal
      opened={conflict !== null}
      onClose={onKeepTheirs}
      title={t('conflict.title')}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      {conflict && mineRecord && (
        <Stack>
          <Text size="sm">{t('conflict.text')}</Text>
          <Table.ScrollContainer minWidth={320}>
            <Table withTableBorder withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('conflict.field')}</Table.Th>
                  <Table.Th>{t('conflict.theirs')}</Table.Th>
                  <Table.Th>{t('conflict.mine')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((field) => {
                  const changedByThem = !same(
                    rawValue(field, conflict.theirs),
                    rawValue(field, conflict.base),
                  );
                  const mineSet = conflict.fields.some((m) => m.key === field.key);
                  return (
                    <Table.Tr key={field.key} data-testid={`conflict-${field.key}`}>
                      <Table.Td fw={500}>{labels.field(field)}</Table.Td>
                      <Table.Td bg={changedByThem ? 'var(--mantine-color-yellow-light)' : undefined}>
                        {display(field, conflict.theirs) || '—'}
                      </Table.Td>
                      <Table.Td bg={mineSet ? 'var(--mantine-color-blue-light)' : undefined}>
                        {display(field, mineSet ? mineRecord : conflict.theirs) || '—'}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onKeepTheirs} disabled={busy}>
              {t('conflict.keepTheirs')}
            </Button>
            <Button color="orange" onClick={onOverwrite} loading={busy}>
              {t('conflict.overwrite')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
