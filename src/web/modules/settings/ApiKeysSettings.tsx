import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import type { ApiKey } from '../../api/types';
import { PageLoader } from '../../app/PageLoader';
import { QueryError } from '../../app/QueryError';
import { useFormatters } from '../../i18n/format';
import { describeError, fieldErrors, onlyFieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './settings.api';

/** API keys for integrations: create (the secret is shown once), list, revoke. */
export function ApiKeysSettings() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const session = useSession();
  const isAdmin = session.role === 'admin';
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const form = useForm({ name: '' });
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['name'], t('errors.field.required'))) return;
    create.mutate(form.values.name.trim(), {
      onSuccess: (res) => {
        setCreated({ name: res.name, key: res.key });
        form.reset();
      },
      onError: (err) => form.setErrors(fieldErrors(t, err)),
    });
  };
  const err = create.error;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('settings.apiKeys.intro')}
      </Text>
      {isAdmin && (
        <Paper withBorder p="md">
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              {err && !onlyFieldErrors(err, ['name']) && <Alert color="red">{describeError(t, err)}</Alert>}
              <Group align="flex-start" gap="sm">
                <TextInput
                  label={t('settings.apiKeys.name')}
                  placeholder={t('settings.apiKeys.namePlaceholder')}
                  required
                  style={{ flex: '1 1 220px' }}
                  {...form.field('name')}
                />
                <Button
                  type="submit"
                  leftSection={<IconKey size={16} />}
                  loading={create.isPending}
                  mt={{ base: 0, xs: 25 }}
                >
                  {t('settings.apiKeys.create')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}

      {keys.isPending ? (
        <PageLoader />
      ) : keys.isError ? (
        <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('settings.apiKeys.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.apiKeys.name')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('fields.createdAt')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.lastUsed')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.status')}</Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => (
                <Table.Tr key={key.id} opacity={key.revokedAt ? 0.6 : 1}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td>
                    <Code>{key.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{fmt.date(key.createdAt)}</Table.Td>
                  <Table.Td>
                    {key.lastUsedAt ? fmt.dateTime(key.lastUsedAt) : t('settings.apiKeys.never')}
                  </Table.Td>
                  <Table.Td>
                    {key.revokedAt ? (
                      <Badge color="gray" variant="light">
                        {t('settings.apiKeys.revoked')}
                      </Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        {t('settings.apiKeys.active')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {isAdmin && !key.revokedAt && (
                      <Tooltip label={t('settings.apiKeys.revoke')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('settings.apiKeys.revoke')}
                          onClick={() => setRevoking(key)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <NewKeyDialog created={created} onClose={() => setCreated(null)} />
      <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  );
}

function NewKeyDialog({
  created,
  onClose,
}: {
  created: { name: string; key: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title={t('settings.apiKeys.createdTitle')}
      centered
      closeOnClickOutside={false}
    >
      {created && (
        <Stack>
          <Alert color="yellow">{t('settings.apiKeys.showOnce')}</Alert>
          <Group gap="xs" wrap="nowrap">
            <Code
              block
              style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
              data-testid="new-api-key"
            >
              {created.key}
            </Code>
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                  <ActionIcon
                    variant="light"
                    color={copied ? 'teal' : 'gray'}
                    size="lg"
                    onClick={copy}
                    aria-label={t('common.copy')}
                  >
                    {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeApiKey();
  return (
    <Modal opened={apiKey !== null} onClose={onClose} title={t('settings.apiKeys.revokeTitle')} centered>
      {apiKey && (
        <Stack>
          <Text size="sm">{t('settings.apiKeys.revokeText', { name: apiKey.name })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(apiKey.id, {
                  onSuccess: () => {
                    notifications.show({
                      message: t('settings.apiKeys.revokedMessage', { name: apiKey.name }),
                    });
                    onClose();
                  },
                  onError: (e) => notifications.show({ color: 'red', message: describeError(t, e) }),
                })
              }
            >
              {t('settings.apiKeys.revoke')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
