import {
  ActionIcon,
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { IconPlus, IconSitemap, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldInput } from './FieldInput';
import {
  type ConditionDraft,
  DAY_OPS,
  defaultValue,
  emptyGroup,
  type FilterNode,
  fromDraft,
  type GroupDraft,
  LIST_OPS,
  NO_VALUE_OPS,
  newCondition,
  toDraft,
} from './filter-model';
import { type FieldMeta, type ObjectMeta, useLabels } from './metadata.api';
import { RegionPicker } from './RegionPicker';

/** Groups nest this deep in the builder (the API allows 5; two levels cover "A and (B or C)"). */
const MAX_BUILDER_DEPTH = 2;
const REGION_DEPTH: Record<string, 1 | 2 | 3> = { provinceCode: 1, cityCode: 2, districtCode: 3 };

interface Props {
  meta: ObjectMeta;
  value: FilterNode | null;
  onApply: (filter: FilterNode | null) => void;
  onClose: () => void;
}

/** Field → operator → value rows in AND/OR groups, speaking the filter language of docs/filters.md. */
export function FilterBuilder({ meta, value, onApply, onClose }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<GroupDraft>(() => toDraft(value));
  const fields = meta.fields.filter((f) => f.filterable);

  return (
    <Paper withBorder p="sm" radius="md" data-testid="filter-builder">
      <Stack gap="sm">
        <GroupEditor group={draft} fields={fields} depth={1} onChange={setDraft} />
        <Group justify="flex-end" gap="xs">
          <Button variant="subtle" color="gray" onClick={() => setDraft(emptyGroup())}>
            {t('filters.clear')}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button onClick={() => onApply(fromDraft(draft))} data-testid="filter-apply">
            {t('filters.apply')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function GroupEditor({
  group,
  fields,
  depth,
  onChange,
  onRemove,
}: {
  group: GroupDraft;
  fields: FieldMeta[];
  depth: number;
  onChange: (g: GroupDraft) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const set = (items: GroupDraft['items']) => onChange({ ...group, items });
  const replace = (id: string, next: GroupDraft['items'][number] | null) =>
    set(next ? group.items.map((i) => (i.id === id ? next : i)) : group.items.filter((i) => i.id !== id));

  return (
    <Stack
      gap="xs"
      p={depth > 1 ? 'xs' : 0}
      style={
        depth > 1 ? { borderLeft: '3px solid var(--mantine-color-indigo-3)', borderRadius: 4 } : undefined
      }
      data-testid={depth > 1 ? 'filter-group' : undefined}
    >
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('filters.match')}
          </Text>
          <SegmentedControl
            size="xs"
            value={group.join}
            onChange={(join) => onChange({ ...group, join: join as 'and' | 'or' })}
            data={[
              { value: 'and', label: t('filters.and') },
              { value: 'or', label: t('filters.or') },
            ]}
            aria-label={t('filters.match')}
          />
        </Group>
        {onRemove && (
          <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={t('filters.removeGroup')}>
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
      {group.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('filters.none')}
        </Text>
      )}
      {group.items.map((item) =>
        item.kind === 'group' ? (
          <GroupEditor
            key={item.id}
            group={item}
            fields={fields}
            depth={depth + 1}
            onChange={(g) => replace(item.id, g)}
            onRemove={() => replace(item.id, null)}
          />
        ) : (
          <ConditionRow
            key={item.id}
            condition={item}
            fields={fields}
            onChange={(c) => replace(item.id, c)}
            onRemove={() => replace(item.id, null)}
          />
        ),
      )}
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => fields[0] && set([...group.items, newCondition(fields[0])])}
        >
          {t('filters.addCondition')}
        </Button>
        {depth < MAX_BUILDER_DEPTH && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconSitemap size={14} />}
            onClick={() => set([...group.items, emptyGroup(group.join === 'and' ? 'or' : 'and')])}
          >
            {t('filters.addGroup')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function ConditionRow({
  condition,
  fields,
  onChange,
  onRemove,
}: {
  condition: ConditionDraft;
  fields: FieldMeta[];
  onChange: (c: ConditionDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const field = fields.find((f) => f.key === condition.field) ?? fields[0];
  return (
    <Group gap="xs" align="flex-start" wrap="wrap" data-testid="filter-condition">
      <Select
        aria-label={t('filters.field')}
        data={fields.map((f) => ({ value: f.key, label: labels.field(f) }))}
        value={field.key}
        onChange={(key) => {
          const next = fields.find((f) => f.key === key);
          if (next) onChange({ ...newCondition(next), id: condition.id });
        }}
        searchable
        allowDeselect={false}
        style={{ flex: '1 1 140px', maxWidth: 200 }}
        data-testid="filter-field"
      />
      <Select
        aria-label={t('filters.operator')}
        data={field.operators.map((op) => ({ value: op, label: t(`filters.op.${op}`) }))}
        value={condition.op}
        onChange={(op) => op && onChange({ ...condition, op, value: defaultValue(field, op) })}
        allowDeselect={false}
        style={{ flex: '1 1 140px', maxWidth: 200 }}
        data-testid="filter-op"
      />
      <Box style={{ flex: '1 1 200px', minWidth: 0 }}>
        <ValueEditor
          field={field}
          condition={condition}
          onChange={(value) => onChange({ ...condition, value })}
        />
      </Box>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        onClick={onRemove}
        aria-label={t('filters.removeCondition')}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

function ValueEditor({
  field,
  condition,
  onChange,
}: {
  field: FieldMeta;
  condition: ConditionDraft;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const { op, value } = condition;
  const label = t('filters.value');
  if (NO_VALUE_OPS.has(op)) return null;
  if (DAY_OPS.has(op)) {
    return (
      <NumberInput
        aria-label={t('filters.days')}
        value={typeof value === 'number' ? value : 7}
        onChange={(v) => onChange(typeof v === 'number' ? v : 0)}
        min={0}
        max={36500}
        allowDecimal={false}
        rightSection={
          <Text size="xs" c="dimmed" pr="xs">
            {t('filters.daysUnit')}
          </Text>
        }
        rightSectionWidth={48}
      />
    );
  }
  if (field.source === 'standard' && REGION_DEPTH[field.key] && (op === 'eq' || op === 'neq')) {
    const code = typeof value === 'string' ? value : '';
    const depth = REGION_DEPTH[field.key];
    return (
      <RegionPicker
        regionsOnly
        depth={depth}
        testId="filter-region"
        value={{
          provinceCode: code ? `${code.slice(0, 2)}0000` : null,
          cityCode:
            depth > 1 && code.length === 6 && code.slice(2, 4) !== '00' ? `${code.slice(0, 4)}00` : null,
          districtCode: depth > 2 && code ? code : null,
        }}
        onChange={(a) =>
          onChange((depth === 1 ? a.provinceCode : depth === 2 ? a.cityCode : a.districtCode) ?? '')
        }
      />
    );
  }
  // Datetime fields are picked by day and sent as the start of that local day (ISO with zone).
  const shown = field.type === 'datetime' ? { ...field, type: 'date' as const } : field;
  const toApi = (v: unknown) =>
    field.type === 'datetime' && typeof v === 'string' && v ? new Date(`${v}T00:00:00`).toISOString() : v;
  const fromApi = (v: unknown) => (field.type === 'datetime' && typeof v === 'string' && v ? localDay(v) : v);
  if (op === 'between') {
    const pair = Array.isArray(value) ? value : ['', ''];
    return (
      <Group gap="xs" grow wrap="nowrap">
        <FieldInput
          field={shown}
          value={fromApi(pair[0])}
          onChange={(v) => onChange([toApi(v), pair[1]])}
          aria-label={t('filters.from')}
        />
        <FieldInput
          field={shown}
          value={fromApi(pair[1])}
          onChange={(v) => onChange([pair[0], toApi(v)])}
          aria-label={t('filters.to')}
        />
      </Group>
    );
  }
  if (field.type === 'boolean') {
    return (
      <SegmentedControl
        value={value === false ? 'false' : 'true'}
        onChange={(v) => onChange(v === 'true')}
        data={[
          { value: 'true', label: t('records.yes') },
          { value: 'false', label: t('records.no') },
        ]}
        aria-label={label}
      />
    );
  }
  return (
    <FieldInput
      field={shown}
      value={fromApi(value)}
      onChange={(v) =>
        onChange(field.type === 'number' && typeof v === 'string' && v !== '' ? Number(v) : toApi(v))
      }
      multiple={LIST_OPS.has(op)}
      allowMe
      aria-label={label}
      data-testid="filter-value"
    />
  );
}

/** `YYYY-MM-DD` of an instant in the browser's time zone. */
function localDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
