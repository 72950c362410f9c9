import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Divider,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError, fieldErrors } from '../../lib/errors';
import { FieldInput, LookupInput } from './FieldInput';
import { type FieldMeta, type ObjectType, useLabels, useObjectMeta } from './metadata.api';
import { type AddressDraft, RegionPicker } from './RegionPicker';
import { type CustomerRecord, createRecord, recordKeys, refreshLists } from './records.api';

const PHONE_TYPES = ['mobile', 'work', 'home', 'fax', 'other'];
const EMAIL_TYPES = ['work', 'personal', 'other'];
/** Standard fields with their own editors (lists, addresses) or set by the server. */
const SPECIAL = new Set([
  'phone',
  'email',
  'provinceCode',
  'cityCode',
  'districtCode',
  'companyName',
  'primaryCompanyId',
]);

interface Phone {
  type: string;
  number: string;
}
interface Email {
  type: string;
  address: string;
}
interface CompanyLink {
  companyId: string | null;
  name?: string;
  role: string;
  isPrimary: boolean;
}

interface FormState {
  values: Record<string, unknown>;
  custom: Record<string, unknown>;
  phones: Phone[];
  emails: Email[];
  address: AddressDraft;
  notes: string;
  companies: CompanyLink[];
}

function initialState(objectType: ObjectType, record?: CustomerRecord): FormState {
  const r = record ?? ({} as CustomerRecord);
  // A new record starts with one empty phone (and e-mail) row: most have one.
  const blank = !record;
  const address = (r.address ?? (r.addresses as AddressDraft[] | undefined)?.[0] ?? {}) as AddressDraft;
  return {
    values: { ...r },
    custom: { ...(r.custom ?? {}) },
    phones: blank
      ? [{ type: 'mobile', number: '' }]
      : ((r.phones as Phone[] | undefined) ?? []).map((p) => ({ ...p })),
    emails:
      blank && objectType === 'contact'
        ? [{ type: 'work', address: '' }]
        : ((r.emails as Email[] | undefined) ?? []).map((e) => ({ ...e })),
    address: { type: address.type ?? 'work', ...address },
    notes: (r.notes as string | null) ?? '',
    companies: ((r.companies as CompanyLink[] | undefined) ?? []).map((c) => ({ ...c, role: c.role ?? '' })),
  };
}

/** The request body from the form: empty values left out (create) or cleared (edit). */
function toBody(objectType: ObjectType, fields: FieldMeta[], s: FormState, editing: boolean) {
  const body: Record<string, unknown> = {};
  const empty = (v: unknown) =>
    v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  for (const f of fields) {
    const v = f.source === 'custom' ? s.custom[f.key] : s.values[f.key];
    const out = f.type === 'number' && typeof v === 'string' && v !== '' ? Number(v) : v;
    if (f.source === 'custom') {
      if (!empty(out) || editing)
        body.custom = { ...(body.custom as object), [f.key]: empty(out) ? null : out };
    } else if (!empty(out)) body[f.key] = typeof out === 'string' ? out.trim() : out;
    else if (editing) body[f.key] = f.type === 'multi_select' ? [] : null;
  }
  body.phones = s.phones
    .filter((p) => p.number.trim())
    .map((p) => ({ type: p.type, number: p.number.trim() }));
  if (objectType === 'contact') {
    body.emails = s.emails
      .filter((e) => e.address.trim())
      .map((e) => ({ type: e.type, address: e.address.trim() }));
  }
  const a = s.address;
  const hasAddress = a.provinceCode || a.street?.trim();
  const address = hasAddress
    ? {
        type: a.type ?? 'work',
        country: 'CN',
        provinceCode: a.provinceCode ?? undefined,
        cityCode: a.cityCode ?? undefined,
        districtCode: a.districtCode ?? undefined,
        street: a.street?.trim() || undefined,
      }
    : null;
  if (objectType === 'contact') {
    if (hasAddress || editing) body.addresses = address ? [address] : [];
    const links = s.companies.filter((c) => c.companyId);
    if (links.length || editing) {
      body.companies = links.map((c, i) => ({
        companyId: c.companyId,
        role: c.role.trim() || undefined,
        isPrimary: links.some((l) => l.isPrimary) ? c.isPrimary : i === 0,
      }));
    }
  } else if (hasAddress || editing) body.address = address;
  if (s.notes.trim() || editing) body.notes = s.notes.trim() || null;
  return body;
}

interface Props {
  objectType: ObjectType;
  opened: boolean;
  onClose: () => void;
  /** Edit this record instead of creating one. */
  record?: CustomerRecord;
  /** Saves an edit (the page handles If-Match and conflicts); throws ApiError on a bad value. */
  onSaveEdit?: (body: Record<string, unknown>) => Promise<void>;
}

/** Create or edit a contact or company; the fields come from metadata, server errors land on their input. */
export function RecordFormModal({ objectType, opened, onClose, record, onSaveEdit }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const client = useQueryClient();
  const meta = useObjectMeta(objectType);
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const editing = Boolean(record);
  const plural = objectType === 'contact' ? 'contacts' : 'companies';
  const [state, setState] = useState<FormState>(() => initialState(objectType, record));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<{ id: string; name: string }[] | null>(null);
  // One key per filled-in form: a double submit or a retry after a lost response creates one record.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const fields = (meta?.fields ?? []).filter(
    (f) => !f.readOnly && !(f.source === 'standard' && SPECIAL.has(f.key)),
  );
  const patch = (next: Partial<FormState>) => setState((s) => ({ ...s, ...next }));
  const err = (path: string) => errors[path];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = String(state.values.name ?? '').trim();
    if (!name) {
      setErrors({ name: t('errors.field.required') });
      return;
    }
    setBusy(true);
    setProblem(null);
    setErrors({});
    const body = toBody(objectType, fields, state, editing);
    try {
      if (onSaveEdit) {
        await onSaveEdit(body);
        onClose();
        return;
      }
      const created = await createRecord(objectType, body, idempotencyKey);
      client.setQueryData(recordKeys.detail(objectType, created.record.id), created);
      void refreshLists(client, objectType);
      notifications.show({ color: 'teal', message: t(`${plural}.created`, { name: created.record.name }) });
      const found = (created.record as { duplicates?: { id: string; name: string }[] }).duplicates;
      if (found?.length) setDuplicates([{ id: created.record.id, name: created.record.name }, ...found]);
      else onClose();
    } catch (error) {
      const byField = fieldErrors(t, error);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setProblem(describeError(t, error));
      else if (!Object.keys(byField).every((k) => shown(k))) setProblem(describeError(t, error));
    } finally {
      setBusy(false);
    }
  };

  // Paths this form shows next to an input; anything else goes in the alert on top.
  const shown = (path: string) =>
    /^(phones|emails|addresses|companies)\.\d+/.test(path) ||
    ['address', 'addresses', 'phones', 'emails', 'notes'].includes(path) ||
    fields.some((f) => (f.source === 'custom' ? `custom.${f.key}` : f.key) === path);

  const fieldInput = (f: FieldMeta) => {
    const path = f.source === 'custom' ? `custom.${f.key}` : f.key;
    const value = f.source === 'custom' ? state.custom[f.key] : state.values[f.key];
    const onChange = (v: unknown) => {
      if (f.source === 'custom') patch({ custom: { ...state.custom, [f.key]: v } });
      else patch({ values: { ...state.values, [f.key]: v } });
      setErrors(({ [path]: _, ...rest }) => rest);
    };
    return (
      <FieldInput
        key={path}
        field={f}
        value={value}
        onChange={onChange}
        label={labels.field(f)}
        required={f.required}
        error={err(path)}
        autoFocus={f.key === 'name'}
        data-testid={`form-${f.key}`}
      />
    );
  };

  const standard = fields.filter((f) => f.source === 'standard');
  const custom = fields.filter((f) => f.source === 'custom');

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? t('records.editTitle', { name: record?.name }) : t(`${plural}.new`)}
      size="xl"
      fullScreen={phone}
      centered
    >
      {duplicates ? (
        <Stack>
          <Alert color="yellow" title={t('dupWarning.title')}>
            <Text size="sm">{t('dupWarning.created')}</Text>
            <Stack gap={2} mt="xs">
              {duplicates.slice(1).map((d) => (
                <Anchor key={d.id} component={Link} to={`/${plural}/${d.id}`} size="sm" onClick={onClose}>
                  {d.name}
                </Anchor>
              ))}
            </Stack>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button
              component={Link}
              to={`/duplicates?ids=${duplicates.map((d) => d.id).join(',')}`}
              onClick={onClose}
            >
              {t('dupWarning.review')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="md">
            {problem && (
              <Alert color="red" role="alert">
                {problem}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {standard.map(fieldInput)}
            </SimpleGrid>

            <Section title={t('records.phones')}>
              {state.phones.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity yet; position is their identity
                <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                  <Select
                    aria-label={t('records.phoneType')}
                    data={PHONE_TYPES.map((v) => ({ value: v, label: t(`records.phoneTypes.${v}`) }))}
                    value={p.type}
                    onChange={(v) =>
                      patch({
                        phones: state.phones.map((x, j) => (j === i ? { ...x, type: v ?? 'mobile' } : x)),
                      })
                    }
                    allowDeselect={false}
                    w={110}
                  />
                  <TextInput
                    aria-label={t('fields.phone')}
                    type="tel"
                    inputMode="tel"
                    value={p.number}
                    onChange={(e) => {
                      const number = e.currentTarget.value;
                      patch({ phones: state.phones.map((x, j) => (j === i ? { ...x, number } : x)) });
                    }}
                    error={
                      err(`phones.${i}.number`) ?? err(`phones.${i}`) ?? (i === 0 ? err('phone') : undefined)
                    }
                    style={{ flex: 1 }}
                    data-testid={`form-phone-${i}`}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    onClick={() => patch({ phones: state.phones.filter((_, j) => j !== i) })}
                    aria-label={t('records.removePhone')}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <AddButton onClick={() => patch({ phones: [...state.phones, { type: 'mobile', number: '' }] })}>
                {t('records.addPhone')}
              </AddButton>
            </Section>

            {objectType === 'contact' && (
              <Section title={t('records.emails')}>
                {state.emails.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity yet; position is their identity
                  <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                    <Select
                      aria-label={t('records.emailType')}
                      data={EMAIL_TYPES.map((v) => ({ value: v, label: t(`records.emailTypes.${v}`) }))}
                      value={m.type}
                      onChange={(v) =>
                        patch({
                          emails: state.emails.map((x, j) => (j === i ? { ...x, type: v ?? 'work' } : x)),
                        })
                      }
                      allowDeselect={false}
                      w={110}
                    />
                    <TextInput
                      aria-label={t('fields.email')}
                      type="email"
                      inputMode="email"
                      value={m.address}
                      onChange={(e) => {
                        const address = e.currentTarget.value;
                        patch({ emails: state.emails.map((x, j) => (j === i ? { ...x, address } : x)) });
                      }}
                      error={
                        err(`emails.${i}.address`) ??
                        err(`emails.${i}`) ??
                        (i === 0 ? err('email') : undefined)
                      }
                      style={{ flex: 1 }}
                      data-testid={`form-email-${i}`}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="lg"
                      onClick={() => patch({ emails: state.emails.filter((_, j) => j !== i) })}
                      aria-label={t('records.removeEmail')}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <AddButton
                  onClick={() => patch({ emails: [...state.emails, { type: 'work', address: '' }] })}
                >
                  {t('records.addEmail')}
                </AddButton>
              </Section>
            )}

            <Section title={t('records.address')}>
              <RegionPicker
                value={state.address}
                onChange={(address) => patch({ address })}
                testId="form-region"
                errors={{
                  '': err('address') ?? err('addresses.0') ?? err('addresses'),
                  provinceCode: err('address.provinceCode') ?? err('addresses.0.provinceCode'),
                  cityCode: err('address.cityCode') ?? err('addresses.0.cityCode'),
                  districtCode: err('address.districtCode') ?? err('addresses.0.districtCode'),
                }}
              />
            </Section>

            {objectType === 'contact' && (
              <Section title={t('records.companies')}>
                {state.companies.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity yet; position is their identity
                  <Group key={i} gap="xs" align="flex-end" wrap="wrap">
                    <LookupInput
                      field={{ lookupTarget: 'company' }}
                      label={t('records.company')}
                      value={c.companyId}
                      initialLabel={c.name}
                      onChange={(v) =>
                        patch({
                          companies: state.companies.map((x, j) =>
                            j === i ? { ...x, companyId: v as string | null } : x,
                          ),
                        })
                      }
                      error={err(`companies.${i}.companyId`) ?? err(`companies.${i}`)}
                      data-testid={`form-company-${i}`}
                    />
                    <TextInput
                      label={t('records.role')}
                      value={c.role}
                      onChange={(e) => {
                        const role = e.currentTarget.value;
                        patch({ companies: state.companies.map((x, j) => (j === i ? { ...x, role } : x)) });
                      }}
                      w={140}
                    />
                    <Switch
                      label={t('records.primary')}
                      checked={c.isPrimary}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        patch({
                          companies: state.companies.map((x, j) => ({
                            ...x,
                            isPrimary: j === i ? on : on ? false : x.isPrimary,
                          })),
                        });
                      }}
                      mb={8}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="lg"
                      onClick={() => patch({ companies: state.companies.filter((_, j) => j !== i) })}
                      aria-label={t('records.removeCompany')}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <AddButton
                  onClick={() =>
                    patch({
                      companies: [
                        ...state.companies,
                        { companyId: null, role: '', isPrimary: state.companies.length === 0 },
                      ],
                    })
                  }
                >
                  {t('records.addCompany')}
                </AddButton>
              </Section>
            )}

            {custom.length > 0 && (
              <Section title={t('records.customFields')}>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  {custom.map(fieldInput)}
                </SimpleGrid>
              </Section>
            )}

            <Textarea
              label={t('records.notes')}
              value={state.notes}
              onChange={(e) => patch({ notes: e.currentTarget.value })}
              autosize
              minRows={2}
              error={err('notes')}
            />

            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid="form-submit">
                {editing ? t('common.save') : t('common.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Divider label={title} labelPosition="left" />
      {children}
    </Stack>
  );
}

function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button
      size="xs"
      variant="subtle"
      leftSection={<IconPlus size={14} />}
      onClick={onClick}
      style={{ alignSelf: 'flex-start' }}
    >
      {children}
    </Button>
  );
}
