import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconPencil, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { describeError, fieldErrors } from '../../lib/errors';
import { type FieldOption, type FieldType, metadataKey, type ObjectType } from '../customers/metadata.api';

/** A custom field as the admin API returns it. */
interface CustomField {
  id: string;
  objectType: ObjectType;
  key: string;
  type: FieldType;
  labelZh: string;
  labelEn: string;
  required: boolean;
  unique: boolean;
  options: FieldOption[] | null;
  lookupTarget: ObjectType | null;
  position: number;
  archivedAt: string | null;
  version: number;
}

const TYPES: FieldType[] = [
  'text',
  'number',
  'currency',
  'date',
  'select',
  'multi_select',
  'boolean',
  'phone',
  'email',
  'url',
  'user',
  'lookup',
];
const WITH_OPTIONS = new Set<FieldType>(['select', 'multi_select']);

const keys = { list: (o: ObjectType) => ['custom-fields', o] as const };

/** Settings → Custom fields: define, change, archive and restore the extra fields of contacts and companies. */
export function CustomFieldsSettings() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const client = useQueryClient();
  const [objectType, setObjectType] = useState<ObjectType>('contact');
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const isAdmin = session.role === 'admin';
  const zh = i18n.language === 'zh-CN';
  const list = useQuery({
    queryKey: keys.list(objectType),
    enabled: isAdmin,
    queryFn: async ({ signal }) =>
      (
        await api.get<{ data: CustomField[] }>(`/custom-fields?objectType=${objectType}&archived=true`, {
          signal,
        })
      ).data,
  });

  if (!isAdmin) return <Alert color="gray">{t('settings.adminOnly')}</Alert>;

  const refresh = () => {
    void client.invalidateQueries({ queryKey: keys.list(objectType) });
    void client.invalidateQueries({ queryKey: metadataKey });
  };
  const toggleArchive = async (field: CustomField) => {
    try {
      if (field.archivedAt) await api.post(`/custom-fields/${field.id}/restore`);
      else
        await api.delete(`/custom-fields/${field.id}`, { headers: { 'if-match': `W/"${field.version}"` } });
      refresh();
      notifications.show({
        color: 'teal',
        message: t(field.archivedAt ? 'customFields.restored' : 'customFields.archived', {
          name: zh ? field.labelZh : field.labelEn,
        }),
      });
    } catch (err) {
      notifications.show({ color: 'red', message: describeError(t, err) });
    }
  };

  return (
    <Stack gap="md" data-testid="custom-fields">
      <Text size="sm" c="dimmed">
        {t('customFields.intro')}
      </Text>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          value={objectType}
          onChange={(v) => setObjectType(v as ObjectType)}
          data={[
            { value: 'contact', label: t('contacts.title') },
            { value: 'company', label: t('companies.title') },
          ]}
          aria-label={t('customFields.object')}
        />
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('customFields.add')}
        </Button>
      </Group>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customFields.label')}</Table.Th>
                <Table.Th>{t('customFields.key')}</Table.Th>
                <Table.Th>{t('customFields.type')}</Table.Th>
                <Table.Th>{t('customFields.rules')}</Table.Th>
                <Table.Th w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" size="sm" ta="center" py="md">
                      {t('customFields.none')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.data?.map((f) => (
                <Table.Tr key={f.id} opacity={f.archivedAt ? 0.55 : 1} data-testid={`custom-field-${f.key}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {zh ? f.labelZh : f.labelEn}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {zh ? f.labelEn : f.labelZh}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {f.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`customFields.types.${f.type}`)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {f.required && <Badge size="xs">{t('customFields.required')}</Badge>}
                      {f.unique && (
                        <Badge size="xs" color="grape">
                          {t('customFields.unique')}
                        </Badge>
                      )}
                      {f.archivedAt && (
                        <Badge size="xs" color="gray">
                          {t('customFields.archivedBadge')}
                        </Badge>
                      )}
                      {f.options && (
                        <Text size="xs" c="dimmed">
                          {t('customFields.optionCount', { count: f.options.length })}
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      {!f.archivedAt && (
                        <Tooltip label={t('common.edit')}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            onClick={() => setEditing(f)}
                            aria-label={`${t('common.edit')} ${zh ? f.labelZh : f.labelEn}`}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                      <Tooltip label={t(f.archivedAt ? 'customFields.restore' : 'customFields.archive')}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => void toggleArchive(f)}
                          aria-label={`${t(f.archivedAt ? 'customFields.restore' : 'customFields.archive')} ${zh ? f.labelZh : f.labelEn}`}
                        >
                          {f.archivedAt ? <IconRestore size={16} /> : <IconArchive size={16} />}
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {editing && (
        <FieldModal
          objectType={objectType}
          field={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      )}
    </Stack>
  );
}

function toKey(label: string): string {
  const ascii = label
    .trim()
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))
    .replace(/^[^A-Za-z]+/, '');
  return ascii ? ascii[0].toLowerCase() + ascii.slice(1, 40) : '';
}

function FieldModal({
  objectType,
  field,
  onClose,
  onSaved,
}: {
  objectType: ObjectType;
  field: CustomField | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [type, setType] = useState<FieldType>(field?.type ?? 'text');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(Boolean(field));
  const [labelZh, setLabelZh] = useState(field?.labelZh ?? '');
  const [labelEn, setLabelEn] = useState(field?.labelEn ?? '');
  const [required, setRequired] = useState(field?.required ?? false);
  const [unique, setUnique] = useState(field?.unique ?? false);
  const [lookupTarget, setLookupTarget] = useState<ObjectType>(field?.lookupTarget ?? 'company');
  const [options, setOptions] = useState<FieldOption[]>(field?.options ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(null);
    const base = {
      labelZh: labelZh.trim(),
      labelEn: labelEn.trim(),
      required,
      unique,
      ...(WITH_OPTIONS.has(type)
        ? { options: options.filter((o) => o.value.trim()).map((o) => ({ ...o, value: o.value.trim() })) }
        : {}),
    };
    try {
      if (field) {
        await api.patch(`/custom-fields/${field.id}`, base, {
          headers: { 'if-match': `W/"${field.version}"` },
        });
      } else {
        await api.post('/custom-fields', {
          objectType,
          key,
          type,
          ...base,
          ...(type === 'lookup' ? { lookupTarget } : {}),
        });
      }
      onSaved();
      onClose();
      notifications.show({ color: 'teal', message: t('customFields.saved', { name: labelEn || labelZh }) });
    } catch (err) {
      const byField = fieldErrors(t, err);
      setErrors(byField);
      setProblem(describeError(t, err));
    } finally {
      setBusy(false);
    }
  };

  const setOption = (i: number, next: Partial<FieldOption>) =>
    setOptions((list) => list.map((o, j) => (j === i ? { ...o, ...next } : o)));

  return (
    <Modal
      opened
      onClose={onClose}
      title={t(field ? 'customFields.editTitle' : 'customFields.add')}
      size="lg"
      centered
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {problem && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              label={t('customFields.labelZh')}
              value={labelZh}
              onChange={(e) => setLabelZh(e.currentTarget.value)}
              error={errors.labelZh}
              required
              data-autofocus
            />
            <TextInput
              label={t('customFields.labelEn')}
              value={labelEn}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setLabelEn(v);
                if (!keyTouched) setKey(toKey(v));
              }}
              error={errors.labelEn}
              required
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              label={t('customFields.type')}
              data={TYPES.map((v) => ({ value: v, label: t(`customFields.types.${v}`) }))}
              value={type}
              onChange={(v) => v && setType(v as FieldType)}
              disabled={Boolean(field)}
              allowDeselect={false}
              error={errors.type}
            />
            <TextInput
              label={t('customFields.key')}
              description={field ? t('customFields.keyFixed') : t('customFields.keyHint')}
              value={key}
              onChange={(e) => {
                setKeyTouched(true);
                setKey(e.currentTarget.value);
              }}
              disabled={Boolean(field)}
              error={errors.key}
              ff="monospace"
              required
            />
          </Group>
          {type === 'lookup' && !field && (
            <Select
              label={t('customFields.lookupTarget')}
              data={[
                { value: 'company', label: t('companies.title') },
                { value: 'contact', label: t('contacts.title') },
              ]}
              value={lookupTarget}
              onChange={(v) => v && setLookupTarget(v as ObjectType)}
              allowDeselect={false}
            />
          )}
          <Group>
            <Checkbox
              label={t('customFields.required')}
              checked={required}
              onChange={(e) => setRequired(e.currentTarget.checked)}
            />
            <Checkbox
              label={t('customFields.unique')}
              checked={unique}
              onChange={(e) => setUnique(e.currentTarget.checked)}
            />
          </Group>
          {WITH_OPTIONS.has(type) && (
            <Stack gap="xs">
              <Text size="sm" fw={500}>
                {t('customFields.options')}
              </Text>
              {errors.options && (
                <Text size="xs" c="red">
                  {errors.options}
                </Text>
              )}
              {options.map((o, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity yet; position is their identity
                <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                  <TextInput
                    aria-label={t('customFields.optionValue')}
                    placeholder={t('customFields.optionValue')}
                    value={o.value}
                    onChange={(e) => setOption(i, { value: e.currentTarget.value })}
                    disabled={Boolean(field?.options?.some((x) => x.value === o.value) && o.value)}
                    error={errors[`options.${i}.value`] ?? errors[`options.${i}`]}
                    w={120}
                  />
                  <TextInput
                    aria-label={t('customFields.labelZh')}
                    placeholder={t('customFields.labelZh')}
                    value={o.labelZh}
                    onChange={(e) => setOption(i, { labelZh: e.currentTarget.value })}
                    style={{ flex: 1 }}
                  />
                  <TextInput
                    aria-label={t('customFields.labelEn')}
                    placeholder={t('customFields.labelEn')}
                    value={o.labelEn}
                    onChange={(e) => setOption(i, { labelEn: e.currentTarget.value })}
                    style={{ flex: 1 }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    onClick={() => setOptions((list) => list.filter((_, j) => j !== i))}
                    aria-label={t('customFields.removeOption')}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                style={{ alignSelf: 'flex-start' }}
                onClick={() => setOptions((list) => [...list, { value: '', labelZh: '', labelEn: '' }])}
              >
                {t('customFields.addOption')}
              </Button>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
