import {
  Alert,
  Anchor,
  Avatar,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import type { Contact, ContactField } from '../../api/types';
import { PageLoader } from '../../app/PageLoader';
import { initials } from '../../app/UserMenu';
import { useFormatters } from '../../i18n/format';
import { describeError, fieldErrors } from '../../lib/errors';
import { formatPhone } from '../../lib/phone';
import { CONTACT_FIELDS, type Conflict, ConflictDialog } from './ConflictDialog';
import {
  contactKeys,
  deleteContact,
  fetchContact,
  refreshLists,
  restoreContact,
  updateContact,
  useContact,
  type VersionedContact,
} from './contacts.api';
import { EditableField } from './EditableField';

const FIELD_TYPES: Record<ContactField, 'text' | 'email' | 'tel'> = {
  name: 'text',
  email: 'email',
  phone: 'tel',
};

/** One contact: its fields, edited in place with optimistic-concurrency checks. */
export function ContactPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const fmt = useFormatters();
  const navigate = useNavigate();
  const client = useQueryClient();
  const session = useSession();
  const readOnly = session.role === 'read_only';
  const { data, isPending, error, refetch } = useContact(id);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [resolving, setResolving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (isPending) return <PageLoader />;
  if (error || !data) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <Stack maw={560}>
        <BackLink />
        <Alert
          color={missing ? 'gray' : 'red'}
          title={missing ? t('contacts.notFound') : t('contacts.loadFailed')}
        >
          {!missing && (
            <Button size="xs" variant="light" mt="xs" onClick={() => void refetch()}>
              {t('common.retry')}
            </Button>
          )}
        </Alert>
      </Stack>
    );
  }

  const { contact } = data;
  const stored = (next: VersionedContact) => {
    client.setQueryData(contactKeys.detail(id), next);
    void refreshLists(client);
  };

  const save = async (field: ContactField, value: string): Promise<string | null> => {
    const changes = { [field]: value || null };
    try {
      stored(await updateContact(id, changes, data.etag));
      notifications.show({ color: 'teal', message: t('contacts.saved') });
      return null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        // The server sends its current record with the 412; read it if it did not.
        const sent = err.body.current as Contact | undefined;
        const theirs = sent ?? (await fetchContact(id)).contact;
        setConflict({ base: contact, theirs, mine: changes });
        return null;
      }
      const errors = fieldErrors(t, err);
      return errors[field] ?? describeError(t, err);
    }
  };

  const keepTheirs = async () => {
    setConflict(null);
    await refetch();
  };
  const overwrite = async () => {
    if (!conflict) return;
    setResolving(true);
    try {
      const current = await fetchContact(id);
      stored(await updateContact(id, conflict.mine, current.etag));
      setConflict(null);
      notifications.show({ color: 'teal', message: t('contacts.saved') });
    } catch (err) {
      notifications.show({ color: 'red', message: describeError(t, err) });
    } finally {
      setResolving(false);
    }
  };

  const remove = async () => {
    try {
      await deleteContact(id);
      setConfirmDelete(false);
      client.removeQueries({ queryKey: contactKeys.detail(id) });
      void refreshLists(client);
      navigate('/contacts');
      const notificationId = `deleted-${id}`;
      notifications.show({
        id: notificationId,
        message: (
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="sm">{t('contacts.deleted', { name: contact.name })}</Text>
            <Button
              size="compact-xs"
              variant="light"
              onClick={async () => {
                notifications.hide(notificationId);
                await restoreContact(id);
                void refreshLists(client);
              }}
            >
              {t('common.undo')}
            </Button>
          </Group>
        ),
      });
    } catch (err) {
      notifications.show({ color: 'red', message: describeError(t, err) });
    }
  };

  return (
    <Stack maw={760} gap="md">
      <BackLink />
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
          <Avatar size={56} radius="xl" color="indigo">
            {initials(contact.name)}
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={2} size="h3" style={{ wordBreak: 'break-word' }} data-testid="contact-title">
              {contact.name}
            </Title>
            <Text size="xs" c="dimmed">
              {t('contacts.meta', {
                created: fmt.dateTime(contact.createdAt),
                updated: fmt.dateTime(contact.updatedAt),
              })}
            </Text>
          </Stack>
        </Group>
        {!readOnly && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => setConfirmDelete(true)}
            visibleFrom="xs"
          >
            {t('common.delete')}
          </Button>
        )}
      </Group>

      <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
        <Title order={3} size="h5" mb="md">
          {t('contacts.details')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          {CONTACT_FIELDS.map((field) => (
            <EditableField
              key={`${field}:${contact.version}`}
              name={field}
              label={t(`fields.${field}`)}
              value={contact[field]}
              display={field === 'phone' ? formatPhone(contact.phone) : undefined}
              type={FIELD_TYPES[field]}
              required={field === 'name'}
              readOnly={readOnly}
              onSave={(value) => save(field, value)}
            />
          ))}
        </SimpleGrid>
      </Paper>

      {!readOnly && (
        <Button
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => setConfirmDelete(true)}
          hiddenFrom="xs"
          style={{ alignSelf: 'flex-start' }}
        >
          {t('common.delete')}
        </Button>
      )}

      <ConflictDialog
        conflict={conflict}
        busy={resolving}
        onKeepTheirs={() => void keepTheirs()}
        onOverwrite={() => void overwrite()}
      />
      <Modal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('contacts.deleteTitle')}
        centered
      >
        <Stack>
          <Text size="sm">{t('contacts.deleteText', { name: contact.name })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={() => void remove()}>
              {t('common.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/contacts" size="sm" style={{ alignSelf: 'flex-start' }}>
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={14} />
        {t('contacts.back')}
      </Group>
    </Anchor>
  );
}
