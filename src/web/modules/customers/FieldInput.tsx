import { MultiSelect, NumberInput, Select, Switch, TagsInput, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client';
import type { Page } from '../../api/types';
import { type FieldMeta, useLabels, useUsers } from './metadata.api';
import type { CustomerRecord } from './records.api';

export interface FieldInputProps {
  field: FieldMeta;
  value: unknown;
  onChange: (value: unknown) => void;
  label?: string;
  error?: string | null;
  /** A list of values (filter operators `in`, `has_any`, …). */
  multiple?: boolean;
  /** Offers "me" in user pickers (filters). */
  allowMe?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  required?: boolean;
  description?: string;
  'data-testid'?: string;
  'aria-label'?: string;
}

/** The input that fits a field's type: text, number, date, options, user, company, boolean. */
export function FieldInput(props: FieldInputProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { field, value, onChange, multiple } = props;
  const common = {
    label: props.label,
    error: props.error,
    autoFocus: props.autoFocus,
    disabled: props.disabled,
    required: props.required,
    description: props.description,
    'data-testid': props['data-testid'],
    'aria-label': props['aria-label'],
  };
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

  switch (field.type) {
    case 'select':
    case 'multi_select': {
      const data = (field.options ?? []).map((o) => ({
        value: o.value,
        label: labels.option(field, o.value),
      }));
      if (field.type === 'multi_select' || multiple) {
        return data.length > 0 ? (
          <MultiSelect {...common} data={data} value={list(value)} onChange={onChange} searchable clearable />
        ) : (
          <TagsInput {...common} value={list(value)} onChange={onChange} clearable />
        );
      }
      return <Select {...common} data={data} value={text(value) || null} onChange={onChange} clearable />;
    }
    case 'user':
      return (
        <UserInput
          {...common}
          value={value}
          onChange={onChange}
          multiple={multiple}
          allowMe={props.allowMe}
        />
      );
    case 'lookup':
      return <LookupInput {...common} field={field} value={value} onChange={onChange} />;
    case 'boolean':
      return (
        <Switch
          label={props.label}
          aria-label={props['aria-label']}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          disabled={props.disabled}
          mt={props.label ? 'md' : 0}
        />
      );
    case 'number':
    case 'currency':
      if (multiple) {
        return <TagsInput {...common} value={list(value)} onChange={onChange} />;
      }
      return (
        <NumberInput
          {...common}
          value={text(value)}
          onChange={(v) => onChange(v === '' ? '' : String(v))}
          decimalScale={field.type === 'currency' ? 2 : undefined}
          hideControls
        />
      );
    case 'date':
    case 'datetime':
      return (
        <TextInput
          {...common}
          type={field.type === 'date' ? 'date' : 'datetime-local'}
          value={field.type === 'datetime' ? text(value).slice(0, 16) : text(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      if (multiple) {
        return (
          <TagsInput
            {...common}
            value={list(value)}
            onChange={onChange}
            placeholder={t('filters.listHint')}
          />
        );
      }
      return (
        <TextInput
          {...common}
          type={
            field.type === 'email'
              ? 'email'
              : field.type === 'url'
                ? 'url'
                : field.type === 'phone'
                  ? 'tel'
                  : 'text'
          }
          inputMode={field.type === 'phone' ? 'tel' : field.type === 'email' ? 'email' : undefined}
          value={text(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

type CommonProps = Omit<FieldInputProps, 'field' | 'onChange' | 'value'>;

/** Picks a member of the workspace (or "me" in filters). */
export function UserInput({
  value,
  onChange,
  multiple,
  allowMe,
  ...common
}: CommonProps & { value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const data = [
    ...(allowMe ? [{ value: '@me', label: t('filters.me') }] : []),
    ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];
  if (multiple) {
    return (
      <MultiSelect
        {...common}
        data={data}
        value={Array.isArray(value) ? value.map(String) : []}
        onChange={onChange}
        searchable
      />
    );
  }
  return (
    <Select
      {...common}
      data={data}
      value={typeof value === 'string' && value ? value : null}
      onChange={onChange}
      searchable
      clearable
    />
  );
}

/** Picks a linked record (a company) by typing part of its name. */
export function LookupInput({
  field,
  value,
  onChange,
  initialLabel,
  ...common
}: CommonProps & {
  field: Pick<FieldMeta, 'lookupTarget'>;
  value: unknown;
  onChange: (v: unknown) => void;
  initialLabel?: string;
}) {
  const [search, setSearch] = useState(initialLabel ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const path = field.lookupTarget === 'contact' ? '/contacts' : '/companies';
  const found = useQuery({
    queryKey: ['lookup', path, debounced],
    queryFn: ({ signal }) =>
      api.get<Page<CustomerRecord>>(`${path}${query({ limit: 10, q: debounced })}`, { signal }),
  });
  const options = (found.data?.data ?? []).map((r) => ({ value: r.id, label: r.name }));
  return (
    <Select
      {...common}
      data={options}
      value={typeof value === 'string' && value ? value : null}
      onChange={(v) => onChange(v)}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={found.isFetching ? '…' : undefined}
    />
  );
}
