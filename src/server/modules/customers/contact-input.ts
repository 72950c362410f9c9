import { z } from 'zod';
import { AppError, type FieldError } from '../../platform/http/errors';
import { buildSearchDocument } from '../../platform/search';
import { type CustomFieldDef, type CustomValueChecks, validateCustomValues } from './custom-field-values';
import {
  addressInput,
  CUSTOMER_LIMITS,
  customInput,
  EMAIL_TYPES,
  nameSchema,
  normalizeAddressInput,
  normalizePhones,
  phoneInput,
  phoneKeysOf,
  regionCodesOf,
  tagsInput,
  zodFieldErrors,
} from './customer-input';
import type { Consent, contacts, StoredAddress, StoredEmail, StoredPhone } from './customers.schema';
import { normalizeEmail } from './normalize';

/** Genders a contact may have. */
export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
/** Where a contact stands in the customer journey. */
export const LIFECYCLE_STAGES = ['lead', 'qualified', 'opportunity', 'customer', 'churned', 'other'] as const;
const CONSENT_STATES = ['granted', 'denied', 'unknown'] as const;

/** A typed e-mail address; trimmed, lower-cased and validated on write. */
export const emailInput = z.strictObject({
  type: z.enum(EMAIL_TYPES).default('work').describe('Kind of address'),
  address: z.string().trim().min(1).max(254),
});

/** Marketing consent per channel (PIPL/GDPR); the server stamps `updatedAt`. */
export const consentInput = z.strictObject({
  email: z.enum(CONSENT_STATES).optional(),
  sms: z.enum(CONSENT_STATES).optional(),
  phone: z.enum(CONSENT_STATES).optional(),
  source: z.string().trim().max(200).optional().describe('Where consent was given, e.g. "web form"'),
});

/** A link from a contact to a company: their role there, and whether it is their main company. */
export const companyLinkInput = z.strictObject({
  companyId: z.uuid({ error: 'Not a company id' }),
  role: z.string().trim().max(100).nullish().describe('e.g. 采购经理, CTO'),
  isPrimary: z.boolean().default(false),
});
export type CompanyLinkInput = z.infer<typeof companyLinkInput>;

const contactFields = {
  name: nameSchema.describe('Full name as the contact writes it: 张三, Ada Lovelace'),
  gender: z.enum(GENDERS).nullish(),
  title: z.string().trim().max(200).nullish().describe('Job title'),
  phones: z.array(phoneInput).max(CUSTOMER_LIMITS.phones),
  emails: z.array(emailInput).max(CUSTOMER_LIMITS.emails),
  addresses: z.array(addressInput).max(CUSTOMER_LIMITS.addresses),
  birthday: z.iso.date({ error: 'Expected a date written YYYY-MM-DD' }).nullish(),
  ownerId: z.uuid().nullish().describe('Owning user; defaults to the creator, null for nobody'),
  source: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .describe('Where the contact came from: 展会, website, referral…'),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).nullish(),
  tags: tagsInput,
  consent: consentInput,
  notes: z.string().max(CUSTOMER_LIMITS.notes).nullish(),
  custom: customInput.describe('Custom field values by key (see GET /metadata)'),
  companies: z
    .array(companyLinkInput)
    .max(20)
    .describe('Companies the contact works at; replaces the current links'),
  email: z.string().trim().max(254).nullish().describe('Shorthand for the first e-mail address'),
  phone: z.string().trim().max(40).nullish().describe('Shorthand for the first phone number'),
};

/** Body of `POST /contacts` (and one row of an import). */
export const contactCreateInput = z.strictObject({
  name: contactFields.name,
  gender: contactFields.gender,
  title: contactFields.title,
  phones: contactFields.phones.optional(),
  emails: contactFields.emails.optional(),
  addresses: contactFields.addresses.optional(),
  birthday: contactFields.birthday,
  ownerId: contactFields.ownerId,
  source: contactFields.source,
  lifecycleStage: contactFields.lifecycleStage,
  tags: contactFields.tags.optional(),
  consent: contactFields.consent.optional(),
  notes: contactFields.notes,
  custom: contactFields.custom.optional(),
  companies: contactFields.companies.optional(),
  email: contactFields.email,
  phone: contactFields.phone,
});
export type ContactCreateInput = z.input<typeof contactCreateInput>;

/** Body of `PATCH /contacts/:id`: any subset; lists (phones, emails, …) replace the stored ones. */
export const contactUpdateInput = contactCreateInput
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'Send at least one field to change' });
export type ContactUpdateInput = z.input<typeof contactUpdateInput>;

type NewContact = typeof contacts.$inferInsert;
type StoredContact = typeof contacts.$inferSelect;

/** Column values of a contact computed from input: everything but identity, bookkeeping and company links. */
export type ContactValues = Required<
  Pick<
    NewContact,
    | 'tenantId'
    | 'name'
    | 'gender'
    | 'title'
    | 'phones'
    | 'phoneKeys'
    | 'emails'
    | 'emailKeys'
    | 'email'
    | 'phone'
    | 'addresses'
    | 'provinceCode'
    | 'cityCode'
    | 'districtCode'
    | 'birthday'
    | 'ownerId'
    | 'source'
    | 'lifecycleStage'
    | 'tags'
    | 'consent'
    | 'notes'
    | 'custom'
    | 'searchText'
    | 'searchTokens'
    | 'updatedBy'
  >
> & { ownerId: string | null };

/** What `prepareContactRow` needs besides the input. */
export interface PrepareContactEnv {
  tenantId: string;
  /** Default region of phone numbers written without a country code (workspace `default_region`). */
  region: string;
  /** The workspace's contact custom fields (archived ones are ignored). */
  customFields: readonly CustomFieldDef[];
  actorId: string;
  /** On update: the stored contact the input patches; fields the input leaves out are kept. */
  current?: StoredContact;
  /** Name of the primary company, for the search document (defaults to the current one). */
  companyName?: string | null;
}

/** A validated, normalized contact write. */
export interface PreparedContact {
  row: ContactValues;
  /** The links to set, the primary one marked (exactly one when any); undefined when not given. */
  companies: CompanyLinkInput[] | undefined;
  /** Custom values only the database can check (members, linked records, uniqueness). */
  checks: CustomValueChecks;
}

/**
 * Validates and normalizes a contact create (or, with `env.current`, a patch) without touching the
 * database: phones to E.164 in the workspace region, e-mails lower-cased, addresses split into
 * GB/T 2260 levels, custom values checked against metadata, the shorthand `email` / `phone` folded
 * into the lists, and the search columns computed. Importers call it once per row.
 *
 * @throws AppError `validation_failed` listing every bad field (`phones.0.number`, `custom.tier`).
 */
export function prepareContactRow(input: unknown, env: PrepareContactEnv): PreparedContact {
  const current = env.current;
  const parsed = (current ? contactCreateInput.partial() : contactCreateInput).safeParse(input);
  if (!parsed.success) throw invalidInput(zodFieldErrors(parsed.error));
  const data = parsed.data;
  const errors: FieldError[] = [];

  let phones: StoredPhone[] = data.phones
    ? normalizePhones(data.phones, env.region, errors)
    : (current?.phones ?? []);
  let emails: StoredEmail[] = data.emails ? normalizeEmails(data.emails, errors) : (current?.emails ?? []);
  if (data.phone !== undefined) {
    const first = data.phone
      ? normalizePhones([{ type: 'mobile', number: data.phone }], env.region, errors, 'phone')
      : [];
    phones = withShorthand(phones, first[0], !data.phones && !!current, (a, b) => a.number === b.number);
  }
  if (data.email !== undefined) {
    const first = data.email ? normalizeEmails([{ type: 'work', address: data.email }], errors, 'email') : [];
    emails = withShorthand(emails, first[0], !data.emails && !!current, (a, b) => a.address === b.address);
  }
  for (const e of errors) e.field = e.field.replace(/^(phone|email)\.0\.\w+$/, '$1');

  let addresses: StoredAddress[] = current?.addresses ?? [];
  if (data.addresses) {
    addresses = [];
    data.addresses.forEach((a, i) => {
      const out = normalizeAddressInput(a, `addresses.${i}`, errors);
      if (out) addresses.push(out);
    });
  }

  const custom = validateCustomValues(data.custom, env.customFields, {
    region: env.region,
    current: current?.custom,
  });
  errors.push(...custom.errors);
  const companies = data.companies ? primaryFirst(data.companies, errors) : undefined;
  if (errors.length > 0) throw invalidInput(errors);

  const pick = <K extends keyof typeof data & keyof StoredContact>(key: K, fallback: unknown = null) =>
    (data[key] !== undefined ? data[key] : current ? current[key] : fallback) ?? null;
  const ownerId = data.ownerId !== undefined ? data.ownerId : current ? current.ownerId : env.actorId;
  const consent: Consent | undefined = data.consent
    ? { ...(current?.consent ?? {}), ...data.consent, updatedAt: new Date().toISOString() }
    : current?.consent;
  const name = data.name ?? current?.name ?? '';
  const phoneKeys = phoneKeysOf(phones);
  const emailKeys = emails.map((e) => e.address);
  const companyName = env.companyName !== undefined ? env.companyName : (current?.companyName ?? null);
  const search = contactSearchColumns({ name, phoneKeys, emailKeys, companyName });
  const primaryAddress = addresses.find((a) => a.provinceCode) ?? addresses[0];

  return {
    row: {
      tenantId: env.tenantId,
      name,
      gender: pick('gender') as string | null,
      title: pick('title') as string | null,
      phones,
      phoneKeys,
      emails,
      emailKeys,
      email: emails[0]?.address ?? null,
      phone: phones[0]?.number ?? null,
      addresses,
      ...regionCodesOf(primaryAddress),
      birthday: pick('birthday') as string | null,
      ownerId,
      source: pick('source') as string | null,
      lifecycleStage: pick('lifecycleStage') as string | null,
      tags: (data.tags ?? current?.tags ?? []) as string[],
      consent: consent ?? {},
      notes: pick('notes') as string | null,
      custom: custom.values,
      searchText: search.searchText,
      searchTokens: search.searchTokens,
      updatedBy: env.actorId,
    },
    companies,
    checks: custom.checks,
  };
}

/** The search columns of a contact; recompute them whenever a value they index changes. */
export function contactSearchColumns(c: {
  name: string;
  phoneKeys: readonly string[];
  emailKeys: readonly string[];
  companyName: string | null;
}): { searchText: string; searchTokens: string[] } {
  const doc = buildSearchDocument({
    names: [c.name],
    emails: [...c.emailKeys],
    phones: [...c.phoneKeys],
    companies: c.companyName ? [c.companyName] : [],
  });
  return { searchText: doc.text, searchTokens: doc.tokens };
}

function normalizeEmails(
  emails: ReadonlyArray<{ type: StoredEmail['type']; address: string }>,
  errors: FieldError[],
  field = 'emails',
): StoredEmail[] {
  const out: StoredEmail[] = [];
  emails.forEach((e, i) => {
    const r = normalizeEmail(e.address);
    if (!r.ok) errors.push({ field: `${field}.${i}.address`, code: r.error.code, message: r.error.message });
    else if (!out.some((x) => x.address === r.value)) out.push({ type: e.type, address: r.value });
  });
  return out;
}

/**
 * Applies the shorthand `email` / `phone`: on a patch of the stored list it replaces the first item
 * (keeping its type), or removes it when null; beside a full list it is put first unless listed.
 */
function withShorthand<T extends { type: string }>(
  list: T[],
  first: T | undefined,
  replace: boolean,
  same: (a: T, b: T) => boolean,
): T[] {
  const rest = replace ? list.slice(1) : list;
  if (!first) return rest;
  const item = replace && list[0] ? { ...first, type: list[0].type } : first;
  return [item, ...rest.filter((x) => !same(x, item))];
}

/** Checks links (no company twice, at most one primary) and marks the first primary when none is. */
function primaryFirst(links: CompanyLinkInput[], errors: FieldError[]): CompanyLinkInput[] {
  const seen = new Set<string>();
  links.forEach((l, i) => {
    if (seen.has(l.companyId))
      errors.push({
        field: `companies.${i}.companyId`,
        code: 'duplicate',
        message: 'This company is linked twice',
      });
    seen.add(l.companyId);
  });
  const primaries = links.filter((l) => l.isPrimary).length;
  if (primaries > 1)
    errors.push({
      field: 'companies',
      code: 'several_primary',
      message: 'Mark at most one company as primary',
    });
  if (links.length > 0 && primaries === 0)
    return links.map((l, i) => ({ ...l, role: l.role ?? null, isPrimary: i === 0 }));
  return links.map((l) => ({ ...l, role: l.role ?? null }));
}

/** The validation error of a write, listing each bad field. */
export function invalidInput(errors: FieldError[]): AppError {
  return new AppError(
    'validation_failed',
    `Invalid fields: ${[...new Set(errors.map((e) => e.field || '(root)'))].join(', ')}`,
    { errors },
  );
}
