import type { FullContact } from './duplicates.api';

/** Fields whose winning value the user picks, in the order shown (merge API names). */
export const PICKED_FIELDS = [
  'name',
  'email',
  'phone',
  'company',
  'title',
  'gender',
  'birthday',
  'source',
  'lifecycleStage',
  'addresses',
  'notes',
] as const;
export type PickedField = (typeof PICKED_FIELDS)[number];

/** Fields the merge keeps from every record (shown for information). */
export const COMBINED_FIELDS = ['phones', 'emails', 'tags'] as const;
export type CombinedField = (typeof COMBINED_FIELDS)[number];

interface Address {
  province?: string | null;
  city?: string | null;
  district?: string | null;
  street?: string | null;
}

/** A record's value of a field as one line of text ('' when it has none). */
export function fieldText(record: FullContact, field: PickedField | CombinedField): string {
  switch (field) {
    case 'company':
      return String(record.companyName ?? '');
    case 'addresses':
      return ((record.addresses as Address[] | undefined) ?? [])
        .map((a) => [a.province, a.city, a.district, a.street].filter(Boolean).join(' '))
        .filter(Boolean)
        .join('; ');
    case 'phones':
      return ((record.phones as { number: string }[] | undefined) ?? []).map((p) => p.number).join(', ');
    case 'emails':
      return ((record.emails as { address: string }[] | undefined) ?? []).map((e) => e.address).join(', ');
    case 'tags':
      return ((record.tags as string[] | undefined) ?? []).join(', ');
    default: {
      const value = record[field];
      return value === null || value === undefined ? '' : String(value);
    }
  }
}

/**
 * The value each field starts with: the survivor's, or the first other record's when the survivor
 * has none (what the server does for fields it is not told about).
 */
export function defaultPicks(
  records: readonly FullContact[],
  survivorId: string,
): Record<PickedField, string> {
  const survivor = records.find((r) => r.id === survivorId) ?? records[0];
  const others = records.filter((r) => r.id !== survivor.id);
  const picks = {} as Record<PickedField, string>;
  for (const field of PICKED_FIELDS) {
    const chosen = fieldText(survivor, field) ? survivor : others.find((r) => fieldText(r, field));
    picks[field] = (chosen ?? survivor).id;
  }
  return picks;
}
