import { z } from 'zod';
import type { FieldError } from '../../platform/http/errors';
import { buildSearchDocument } from '../../platform/search';
import { invalidInput } from './contact-input';
import {
  type CustomFieldDef,
  type CustomValueChecks,
  normalizeUrl,
  validateCustomValues,
} from './custom-field-values';
import {
  addressInput,
  CUSTOMER_LIMITS,
  customInput,
  nameSchema,
  normalizeAddressInput,
  normalizePhones,
  phoneInput,
  phoneKeysOf,
  regionCodesOf,
  tagsInput,
  zodFieldErrors,
} from './customer-input';
import type { companies, StoredAddress, StoredPhone } from './customers.schema';

/** Head-count bands of a company. */
export const COMPANY_SIZES = [
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1001-5000',
  '5000+',
] as const;

/** Body of `POST /companies` (and one row of an import). */
export const companyCreateInput = z.strictObject({
  name: nameSchema.describe('Registered or usual name: 深圳市腾讯计算机系统有限公司, Acme Ltd'),
  industry: z.string().trim().max(100).nullish(),
  size: z.enum(COMPANY_SIZES).nullish().describe('Number of employees'),
  website: z.string().trim().max(2000).nullish().describe('`example.com` is stored as `https://example.com`'),
  phones: z.array(phoneInput).max(CUSTOMER_LIMITS.phones).optional(),
  phone: z.string().trim().max(40).nullish().describe('Shorthand for the first phone number'),
  address: addressInput.nullish(),
  ownerId: z.uuid().nullish().describe('Owning user; defaults to the creator, null for nobody'),
  source: z.string().trim().max(100).nullish(),
  tags: tagsInput.optional(),
  notes: z.string().max(CUSTOMER_LIMITS.notes).nullish(),
  custom: customInput.optional().describe('Custom field values by key (see GET /metadata)'),
});
export type CompanyCreateInput = z.input<typeof companyCreateInput>;

/** Body of `PATCH /companies/:id`: any subset; `phones` replaces the stored list. */
export const companyUpdateInput = companyCreateInput
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'Send at least one field to change' });
export type CompanyUpdateInput = z.input<typeof companyUpdateInput>;

type NewCompany = typeof companies.$inferInsert;
type StoredCompany = typeof companies.$inferSelect;

/** Column values of a company computed from input. */
export type CompanyValues = Required<
  Pick<
    NewCompany,
    | 'tenantId'
    | 'name'
    | 'industry'
    | 'size'
    | 'website'
    | 'phones'
    | 'phoneKeys'
    | 'address'
    | 'provinceCode'
    | 'cityCode'
    | 'districtCode'
    | 'source'
    | 'tags'
    | 'notes'
    | 'custom'
    | 'searchText'
    | 'searchTokens'
    | 'updatedBy'
  >
> & { ownerId: string | null };

/** What `prepareCompanyRow` needs besides the input. */
export interface PrepareCompanyEnv {
  tenantId: string;
  /** Default phone region (workspace `default_region`). */
  region: string;
  /** The workspace's company custom fields. */
  customFields: readonly CustomFieldDef[];
  actorId: string;
  /** On update: the stored company the input patches. */
  current?: StoredCompany;
}

/** A validated, normalized company write. */
export interface PreparedCompany {
  row: CompanyValues;
  checks: CustomValueChecks;
}

/**
 * Validates and normalizes a company create (or, with `env.current`, a patch) without touching the
 * database: phones to E.164, the address split into GB/T 2260 levels, the website as a URL, custom
 * values checked against metadata, and the search columns computed.
 *
 * @throws AppError `validation_failed` listing every bad field.
 */
export function prepareCompanyRow(input: unknown, env: PrepareCompanyEnv): PreparedCompany {
  const current = env.current;
  const parsed = (current ? companyCreateInput.partial() : companyCreateInput).safeParse(input);
  if (!parsed.success) throw invalidInput(zodFieldErrors(parsed.error));
  const data = parsed.data;
  const errors: FieldError[] = [];

  let phones: StoredPhone[] = data.phones
    ? normalizePhones(data.phones, env.region, errors)
    : (current?.phones ?? []);
  if (data.phone !== undefined) {
    const [first] = data.phone
      ? normalizePhones([{ type: 'work', number: data.phone }], env.region, errors, 'phone')
      : [];
    const rest = !data.phones && current ? phones.slice(1) : phones;
    phones = first ? [first, ...rest.filter((p) => p.number !== first.number)] : rest;
  }
  for (const e of errors) e.field = e.field.replace(/^phone\.0\.\w+$/, 'phone');

  let website = current?.website ?? null;
  if (data.website !== undefined) {
    website = data.website ? normalizeUrl(data.website) : null;
    if (data.website && !website)
      errors.push({
        field: 'website',
        code: 'invalid_url',
        message: `"${data.website}" is not a web address`,
      });
  }
  let address: StoredAddress | null = current?.address ?? null;
  if (data.address !== undefined)
    address = data.address ? normalizeAddressInput(data.address, 'address', errors) : null;

  const custom = validateCustomValues(data.custom, env.customFields, {
    region: env.region,
    current: current?.custom,
  });
  errors.push(...custom.errors);
  if (errors.length > 0) throw invalidInput(errors);

  const pick = <K extends keyof typeof data & keyof StoredCompany>(key: K) =>
    ((data[key] !== undefined ? data[key] : current ? current[key] : null) ?? null) as string | null;
  const name = data.name ?? current?.name ?? '';
  const phoneKeys = phoneKeysOf(phones);
  const search = companySearchColumns({ name, phoneKeys, website });
  return {
    row: {
      tenantId: env.tenantId,
      name,
      industry: pick('industry'),
      size: pick('size'),
      website,
      phones,
      phoneKeys,
      address,
      ...regionCodesOf(address),
      ownerId: data.ownerId !== undefined ? data.ownerId : current ? current.ownerId : env.actorId,
      source: pick('source'),
      tags: data.tags ?? current?.tags ?? [],
      notes: pick('notes'),
      custom: custom.values,
      searchText: search.searchText,
      searchTokens: search.searchTokens,
      updatedBy: env.actorId,
    },
    checks: custom.checks,
  };
}

/** The search columns of a company: its name (with pinyin), phones and web domain. */
export function companySearchColumns(c: {
  name: string;
  phoneKeys: readonly string[];
  website: string | null;
}): {
  searchText: string;
  searchTokens: string[];
} {
  let domain: string | undefined;
  if (c.website) {
    try {
      domain = new URL(c.website).hostname.replace(/^www\./, '');
    } catch {
      domain = undefined;
    }
  }
  const doc = buildSearchDocument({
    names: [c.name],
    emails: [],
    phones: [...c.phoneKeys],
    companies: [],
    extra: domain ? [domain] : [],
  });
  return { searchText: doc.text, searchTokens: doc.tokens };
}
