import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactField } from '../../api/types';

export const CONTACT_FIELDS: readonly ContactField[] = ['name', 'email', 'phone'];

export interface Conflict {
  /** The contact as the user saw it when they started editing. */
  base: Contact;
  /** The contact as it is on the server now. */
  theirs: Contact;
  /** What the user tried to save. */
  mine: Partial<Record<ContactField, string | null>>;
}

interface Props {
  conflict: Conflict | null;
  busy: boolean;
  onKeepTheirs: () => void;
  onOverwrite: () => void;
}

/** After a 412: the server's current values next to the user's, and a choice between them. */
export function ConflictDialog({ conflict, busy, onKeepTheirs, onOverwrite }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={conflict !== null}
      onClose={onKeepTheirs}
      title={t('conflict.title')}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      {conflict && (
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
                {CONTACT_FIELDS.map((field) => {
                  const theirs = conflict.theirs[field] ?? '';
                  const changedByThem = theirs !== (conflict.base[field] ?? '');
                  const mineSet = field in conflict.mine;
                  const mine = mineSet ? (conflict.mine[field] ?? '') : theirs;
                  return (
                    <Table.Tr key={field} data-testid={`conflict-${field}`}>
                      <Table.Td fw={500}>{t(`fields.${field}`)}</Table.Td>
                      <Table.Td bg={changedByThem ? 'var(--mantine-color-yellow-light)' : undefined}>
                        {theirs || '—'}
                      </Table.Td>
                      <Table.Td bg={mineSet ? 'var(--mantine-color-blue-light)' : undefined}>
                        {mine || '—'}
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
