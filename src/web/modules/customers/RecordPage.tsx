import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconEdit, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, query } from '../../api/client';
import { useSession } from '../../api/session';
import type { Page } from '../../api/types';
import { PageLoader } from '../../app/PageLoader';
import { initials } from '../../app/UserMenu';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import { formatPhone } from '../../lib/phone';
import { rawValue, useDisplay } from './display';
import { type FieldMeta, type ObjectType, useLabels, useObjectMeta, useUserName } from './metadata.api';
import { ProfileField } from './ProfileField';
import {
  basePath,
  type CustomerRecord,
  deleteRecord,
  patchFor,
  recordKeys,
  refreshLists,
  restoreRecord,
  type TimelineEntry,
  useOverview,
  useRecord,
  useTimeline,
} from './records.api';
import { useRecordSaver } from './use-record-saver';

const RecordFormModal = lazy(() => import('./RecordForm').then((m) => ({ default: m.RecordFormModal })));

/** Standard fields shown elsewhere on the page (lists, address, links) or not edited here. */
const NOT_IN_PROFILE = new Set([
  'companyName',
  'primaryCompanyId',
  'provinceCode',
  'cityCode',
  'districtCode',
]);

/** The 360° page of a contact or company: profile, related records, timeline, duplicate warning. */
export function RecordPage({ objectType }: { objectType: ObjectType }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const fmt = useFormatters();
  const navigate = useNavigate();
  const client = useQueryClient();
  const session = useSession();
  const labels = useLabels();
  const display = useDisplay();
  const meta = useObjectMeta(objectType);
  const readOnly = session.role === 'read_only';
  const plural = objectType === 'contact' ? 'contacts' : 'companies';
  const singular = objectType;
  const { data, isPending, error, refetch } = useRecord(objectType, id);
  const overview = useOverview(objectType, id);
  const saver = useRecordSaver(objectType, meta?.fields ?? []);
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (isPending || !meta) return <PageLoader />;
  if (error || !data) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <Stack maw={560}>
        <BackLink plural={plural} />
        <Alert
          color={missing ? 'gray' : 'red'}
          title={missing ? t(`${plural}.notFound`) : t(`${plural}.loadFailed`)}
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

  const { record, etag } = data;
  const profileFields = meta.fields.filter((f) => !(f.source === 'standard' && NOT_IN_PROFILE.has(f.key)));
  const standard = profileFields.filter((f) => f.source === 'standard' && !f.readOnly);
  const custom = profileFields.filter((f) => f.source === 'custom');
  const system = profileFields.filter((f) => f.source === 'standard' && f.readOnly);

  const saveField = (field: FieldMeta, value: unknown) =>
    saver.save(record, etag, patchFor(field, value), [field]);

  const remove = async () => {
    try {
      await deleteRecord(objectType, id);
      setConfirmDelete(false);
      client.removeQueries({ queryKey: recordKeys.detail(objectType, id) });
      void refreshLists(client, objectType);
      navigate(`/${plural}`);
      const notificationId = `deleted-${id}`;
      notifications.show({
        id: notificationId,
        message: (
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="sm">{t('contacts.deleted', { name: record.name })}</Text>
            <Button
              size="compact-xs"
              variant="light"
              onClick={async () => {
                notifications.hide(notificationId);
                await restoreRecord(objectType, id);
                void refreshLists(client, objectType);
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

  const address = (
    objectType === 'company' ? record.address : (record.addresses as unknown[] | undefined)?.[0]
  ) as Record<string, string | null> | null | undefined;
  const addressText = address
    ? [
        address.province,
        address.city !== address.province ? address.city : null,
        address.district,
        address.street,
      ]
        .filter(Boolean)
        .join(' ')
    : '';

  return (
    <Stack gap="md" maw={1200}>
      <BackLink plural={plural} />
      <Group justify="space-between" wrap="wrap" align="flex-start" gap="sm">
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
          <Avatar size={56} radius="xl" color={objectType === 'contact' ? 'indigo' : 'teal'}>
            {initials(record.name)}
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={2} size="h3" style={{ wordBreak: 'break-word' }} data-testid={`${singular}-title`}>
              {record.name}
            </Title>
            {objectType === 'contact' && Boolean(record.companyName) && (
              <Text size="sm" c="dimmed">
                {[record.title, record.companyName].filter(Boolean).join(' · ')}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {t('contacts.meta', {
                created: fmt.dateTime(record.createdAt),
                updated: fmt.dateTime(record.updatedAt),
              })}
            </Text>
          </Stack>
        </Group>
        {!readOnly && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              {t('records.editAll')}
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setConfirmDelete(true)}
            >
              {t('common.delete')}
            </Button>
          </Group>
        )}
      </Group>

      <DuplicateWarning objectType={objectType} record={record} reported={overview.data?.duplicates} />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
              <Title order={3} size="h5" mb="md">
                {t('contacts.details')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                {standard.map((field) => (
                  <ProfileField
                    key={`${field.key}:${record.version}`}
                    field={field}
                    label={labels.field(field)}
                    value={rawValue(field, record)}
                    text={display(field, record)}
                    readOnly={readOnly}
                    onSave={(value) => saveField(field, value)}
                  />
                ))}
              </SimpleGrid>
            </Paper>
            <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
              <Title order={3} size="h5" mb="md">
                {t('records.contactInfo')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <InfoList
                  label={t('records.phones')}
                  items={((record.phones as { type: string; number: string }[] | undefined) ?? []).map(
                    (p) => `${formatPhone(p.number)} · ${t(`records.phoneTypes.${p.type}`)}`,
                  )}
                />
                {objectType === 'contact' && (
                  <InfoList
                    label={t('records.emails')}
                    items={((record.emails as { type: string; address: string }[] | undefined) ?? []).map(
                      (m) => `${m.address} · ${t(`records.emailTypes.${m.type}`)}`,
                    )}
                  />
                )}
                <InfoList
                  label={t('records.address')}
                  items={addressText ? [addressText] : []}
                  testId="profile-address"
                />
              </SimpleGrid>
            </Paper>
            {custom.length > 0 && (
              <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
                <Title order={3} size="h5" mb="md">
                  {t('records.customFields')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
                  {custom.map((field) => (
                    <ProfileField
                      key={`${field.key}:${record.version}`}
                      field={field}
                      label={labels.field(field)}
                      value={rawValue(field, record)}
                      text={display(field, record)}
                      readOnly={readOnly}
                      onSave={(value) => saveField(field, value)}
                    />
                  ))}
                </SimpleGrid>
              </Paper>
            )}
            <Text size="xs" c="dimmed">
              {system.map((f) => `${labels.field(f)}: ${display(f, record) || '—'}`).join(' · ')}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Related objectType={objectType} overview={overview} />
            <TimelineCard objectType={objectType} id={id} fields={meta.fields} />
          </Stack>
        </Grid.Col>
      </Grid>

      {saver.dialog}
      {editing && (
        <Suspense fallback={null}>
          <RecordFormModal
            objectType={objectType}
            opened
            record={record}
            onClose={() => setEditing(false)}
            onSaveEdit={async (body) => {
              await saver.trySave(
                record,
                etag,
                body,
                meta.fields.filter((f) => f.key in body || f.source === 'custom'),
              );
            }}
          />
        </Suspense>
      )}
      <Modal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t(`${plural}.deleteTitle`)}
        centered
      >
        <Stack>
          <Text size="sm">{t('contacts.deleteText', { name: record.name })}</Text>
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

function BackLink({ plural }: { plural: string }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={`/${plural}`} size="sm" style={{ alignSelf: 'flex-start' }}>
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={14} />
        {t(`${plural}.back`)}
      </Group>
    </Anchor>
  );
}

function InfoList({ label, items, testId }: { label: string; items: string[]; testId?: string }) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="sm" fw={500} c="dimmed">
        {label}
      </Text>
      {items.length === 0 ? (
        <Text c="dimmed">—</Text>
      ) : (
        items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity yet; position is their identity
          <Text key={i} style={{ wordBreak: 'break-word' }}>
            {item}
          </Text>
        ))
      )}
    </Stack>
  );
}

/** Linked companies of a contact, or contacts of a company, with role and primary mark. */
function Related({
  objectType,
  overview,
}: {
  objectType: ObjectType;
  overview: ReturnType<typeof useOverview>;
}) {
  const { t } = useTranslation();
  const links = objectType === 'contact' ? overview.data?.companies : overview.data?.contacts?.data;
  const target = objectType === 'contact' ? 'companies' : 'contacts';
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" data-testid="related">
      <Title order={3} size="h5" mb="sm">
        {t(objectType === 'contact' ? 'records.relatedCompanies' : 'records.relatedContacts')}
        {objectType === 'company' && overview.data?.contacts ? ` (${overview.data.contacts.total})` : ''}
      </Title>
      {overview.isPending ? (
        <Loader size="sm" />
      ) : !links?.length ? (
        <Text size="sm" c="dimmed">
          {t('records.noRelated')}
        </Text>
      ) : (
        <Stack gap="xs">
          {links.map((l) => (
            <Group key={l.id} gap="xs" wrap="nowrap" justify="space-between">
              <Anchor component={Link} to={`/${target}/${l.id}`} fw={500} style={{ minWidth: 0 }}>
                {l.name}
              </Anchor>
              <Group gap={4} wrap="nowrap">
                {l.role && (
                  <Text size="sm" c="dimmed">
                    {l.role}
                  </Text>
                )}
                {l.isPrimary && (
                  <Badge size="xs" variant="light">
                    {t('records.primary')}
                  </Badge>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function TimelineCard({
  objectType,
  id,
  fields,
}: {
  objectType: ObjectType;
  id: string;
  fields: FieldMeta[];
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const labels = useLabels();
  const userName = useUserName();
  const timeline = useTimeline(objectType, id);
  const entries = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  const value = (v: unknown) =>
    v === null || v === undefined || v === ''
      ? '—'
      : Array.isArray(v)
        ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  const fieldLabel = (key: string) => {
    const f = fields.find((x) => x.key === key || `custom.${x.key}` === key);
    return f ? labels.field(f) : key;
  };
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" data-testid="timeline">
      <Title order={3} size="h5" mb="md">
        {t('timeline.title')}
      </Title>
      {timeline.isPending ? (
        <Loader size="sm" />
      ) : entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2}>
          {entries.map((e: TimelineEntry) => (
            <Timeline.Item key={e.id} title={t(`timeline.kind.${e.kind}`, { defaultValue: e.kind })}>
              <Text size="xs" c="dimmed">
                {fmt.dateTime(e.at)}
                {e.actorId ? ` · ${userName(e.actorId)}` : ''}
              </Text>
              {e.data.changes?.slice(0, 6).map((c) => (
                <Text key={c.field} size="sm" style={{ wordBreak: 'break-word' }}>
                  <Text span fw={500}>
                    {fieldLabel(c.field)}
                  </Text>
                  {': '}
                  {value(c.from)} → {value(c.to)}
                </Text>
              ))}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {timeline.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          mt="sm"
          onClick={() => void timeline.fetchNextPage()}
          loading={timeline.isFetchingNextPage}
        >
          {t('timeline.more')}
        </Button>
      )}
    </Paper>
  );
}

/**
 * Possible duplicates: those the server reports, else records sharing a phone or e-mail (contacts)
 * or the exact name (companies), found with the list filter.
 */
function DuplicateWarning({
  objectType,
  record,
  reported,
}: {
  objectType: ObjectType;
  record: CustomerRecord;
  reported?: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const phones = ((record.phones as { number: string }[] | undefined) ?? [])
    .map((p) => p.number)
    .slice(0, 20);
  const emails = ((record.emails as { address: string }[] | undefined) ?? [])
    .map((e) => e.address)
    .slice(0, 20);
  const or: unknown[] = [];
  if (phones.length) or.push({ field: 'phone', op: 'in', value: phones });
  if (emails.length) or.push({ field: 'email', op: 'in', value: emails });
  if (objectType === 'company') or.push({ field: 'name', op: 'eq', value: record.name });
  const probe = useQuery({
    queryKey: [...recordKeys.overview(objectType, record.id), 'duplicates', record.version],
    enabled: !reported && or.length > 0,
    queryFn: ({ signal }) =>
      api.get<Page<CustomerRecord>>(
        `${basePath(objectType)}${query({ limit: 6, filter: JSON.stringify({ or }) })}`,
        { signal },
      ),
  });
  const others = (reported ?? probe.data?.data ?? []).filter((r) => r.id !== record.id);
  if (others.length === 0) return null;
  const plural = objectType === 'contact' ? 'contacts' : 'companies';
  const ids = [record.id, ...others.map((o) => o.id)].join(',');
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle size={18} />}
      title={t('dupWarning.title')}
      data-testid="duplicate-warning"
    >
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          {t('dupWarning.text')}{' '}
          {others.map((o, i) => (
            <span key={o.id}>
              {i > 0 && '、'}
              <Anchor component={Link} to={`/${plural}/${o.id}`} size="sm">
                {o.name}
              </Anchor>
            </span>
          ))}
        </Text>
        <Button size="xs" variant="light" color="yellow" component={Link} to={`/duplicates?ids=${ids}`}>
          {t('dupWarning.review')}
        </Button>
      </Group>
    </Alert>
  );
}
