import { Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRegions } from './metadata.api';

/** An address as the forms edit it: GB/T 2260 codes plus street. */
export interface AddressDraft {
  type?: string;
  provinceCode?: string | null;
  cityCode?: string | null;
  districtCode?: string | null;
  street?: string | null;
  postalCode?: string | null;
}

interface Props {
  value: AddressDraft;
  onChange: (value: AddressDraft) => void;
  /** Field errors by part (`provinceCode`, `street`, …) or for the whole address (`''`). */
  errors?: Record<string, string | undefined>;
  /** Only the three selects (filters), no street. */
  regionsOnly?: boolean;
  /** How deep to go: a filter on the province needs no city. */
  depth?: 1 | 2 | 3;
  testId?: string;
}

/** Province → city → district, each list loaded from `/regions` when its parent is chosen. */
export function RegionPicker({
  value,
  onChange,
  errors = {},
  regionsOnly,
  depth = 3,
  testId = 'region',
}: Props) {
  const { t } = useTranslation();
  const provinces = useRegions(null);
  const cities = useRegions(value.provinceCode, Boolean(value.provinceCode) && depth > 1);
  const districts = useRegions(value.cityCode, Boolean(value.cityCode) && depth > 2);
  const options = (rows: { code: string; name: string }[] | undefined) =>
    (rows ?? []).map((r) => ({ value: r.code, label: r.name }));

  const selects = (
    <SimpleGrid cols={{ base: 1, xs: depth }} spacing="xs">
      <Select
        label={t('address.province')}
        data={options(provinces.data)}
        value={value.provinceCode ?? null}
        onChange={(code) => onChange({ ...value, provinceCode: code, cityCode: null, districtCode: null })}
        searchable
        clearable
        error={errors.provinceCode}
        data-testid={`${testId}-province`}
      />
      {depth > 1 && (
        <Select
          label={t('address.city')}
          data={options(cities.data)}
          value={value.cityCode ?? null}
          onChange={(code) => onChange({ ...value, cityCode: code, districtCode: null })}
          disabled={!value.provinceCode}
          searchable
          clearable
          error={errors.cityCode}
          data-testid={`${testId}-city`}
        />
      )}
      {depth > 2 && (
        <Select
          label={t('address.district')}
          data={options(districts.data)}
          value={value.districtCode ?? null}
          onChange={(code) => onChange({ ...value, districtCode: code })}
          disabled={!value.cityCode}
          searchable
          clearable
          error={errors.districtCode}
          data-testid={`${testId}-district`}
        />
      )}
    </SimpleGrid>
  );
  if (regionsOnly) return selects;
  return (
    <>
      {selects}
      <Group grow align="flex-start" gap="xs">
        <TextInput
          label={t('address.street')}
          value={value.street ?? ''}
          onChange={(e) => onChange({ ...value, street: e.currentTarget.value })}
          error={errors.street ?? errors['']}
        />
      </Group>
    </>
  );
}
