import type { SQLWrapper } from 'drizzle-orm';
import { type FieldType, OPERATORS_BY_TYPE, type Operator, SORTABLE_TYPES } from '../../../shared/filter';
import { customField, type FieldDescriptor, type FieldDescriptors } from '../../platform/filter';
import { COMPANY_SIZES } from './company-input';
import { GENDERS, LIFECYCLE_STAGES } from './contact-input';
import type { CustomerObject, CustomFieldDef, CustomFieldOption } from './custom-field-values';
import { companies, contacts } from './customers.schema';

/**
 * Object metadata of contacts and companies (DESIGN §4.1): the standard fields (real columns) and
 * the workspace's custom fields (keys of the `custom` jsonb), as the filter compiler, list sorting
 * and `GET /metadata` see them.
 */

/** A standard field of an object. */
interface StandardField {
  key: string;
  type: FieldType;
  labelZh: string;
  labelEn: string;
  column: SQLWrapper;
  notNull?: boolean;
  options?: CustomFieldOption[];
  /** Defaults to true. */
  filterable?: boolean;
  sortable?: boolean;
  /** Set by the server; not accepted on writes. */
  readOnly?: boolean;
  required?: boolean;
  lookupTarget?: CustomerObject;
}

const opts = (values: readonly string[], zh: Record<string, string>): CustomFieldOption[] =>
  values.map((value) => ({ value, labelZh: zh[value] ?? value, labelEn: value.replace(/_/g, ' ') }));

const GENDER_OPTIONS = opts(GENDERS, { male: '男', female: '女', other: '其他', unknown: '未知' });
const STAGE_OPTIONS = opts(LIFECYCLE_STAGES, {
  lead: '线索',
  qualified: '已确认',
  opportunity: '商机',
  customer: '客户',
  churned: '流失',
  other: '其他',
});
const SIZE_OPTIONS = opts(COMPANY_SIZES, {});

const CONTACT_FIELDS: StandardField[] = [
  {
    key: 'name',
    type: 'text',
    labelZh: '姓名',
    labelEn: 'Name',
    column: contacts.name,
    notNull: true,
    required: true,
  },
  {
    key: 'gender',
    type: 'select',
    labelZh: '性别',
    labelEn: 'Gender',
    column: contacts.gender,
    options: GENDER_OPTIONS,
  },
  { key: 'title', type: 'text', labelZh: '职务', labelEn: 'Title', column: contacts.title },
  { key: 'phone', type: 'phone', labelZh: '电话', labelEn: 'Phone', column: contacts.phone },
  { key: 'email', type: 'email', labelZh: '邮箱', labelEn: 'E-mail', column: contacts.email },
  {
    key: 'companyName',
    type: 'text',
    labelZh: '公司',
    labelEn: 'Company',
    column: contacts.companyName,
    readOnly: true,
  },
  {
    key: 'primaryCompanyId',
    type: 'lookup',
    labelZh: '主要公司',
    labelEn: 'Primary company',
    column: contacts.primaryCompanyId,
    lookupTarget: 'company',
    readOnly: true,
  },
  { key: 'ownerId', type: 'user', labelZh: '负责人', labelEn: 'Owner', column: contacts.ownerId },
  {
    key: 'lifecycleStage',
    type: 'select',
    labelZh: '阶段',
    labelEn: 'Lifecycle stage',
    column: contacts.lifecycleStage,
    options: STAGE_OPTIONS,
  },
  { key: 'source', type: 'text', labelZh: '来源', labelEn: 'Source', column: contacts.source },
  {
    key: 'tags',
    type: 'multi_select',
    labelZh: '标签',
    labelEn: 'Tags',
    column: contacts.tags,
    notNull: true,
  },
  { key: 'birthday', type: 'date', labelZh: '生日', labelEn: 'Birthday', column: contacts.birthday },
  { key: 'provinceCode', type: 'text', labelZh: '省份', labelEn: 'Province', column: contacts.provinceCode },
  { key: 'cityCode', type: 'text', labelZh: '城市', labelEn: 'City', column: contacts.cityCode },
  { key: 'districtCode', type: 'text', labelZh: '区县', labelEn: 'District', column: contacts.districtCode },
  {
    key: 'lastActivityAt',
    type: 'datetime',
    labelZh: '最近活动',
    labelEn: 'Last activity',
    column: contacts.lastActivityAt,
    readOnly: true,
  },
  {
    key: 'createdBy',
    type: 'user',
    labelZh: '创建人',
    labelEn: 'Created by',
    column: contacts.createdBy,
    readOnly: true,
  },
  {
    key: 'createdAt',
    type: 'datetime',
    labelZh: '创建时间',
    labelEn: 'Created',
    column: contacts.createdAt,
    notNull: true,
    readOnly: true,
  },
  {
    key: 'updatedAt',
    type: 'datetime',
    labelZh: '更新时间',
    labelEn: 'Updated',
    column: contacts.updatedAt,
    notNull: true,
    readOnly: true,
  },
];

const COMPANY_FIELDS: StandardField[] = [
  {
    key: 'name',
    type: 'text',
    labelZh: '名称',
    labelEn: 'Name',
    column: companies.name,
    notNull: true,
    required: true,
  },
  { key: 'industry', type: 'text', labelZh: '行业', labelEn: 'Industry', column: companies.industry },
  {
    key: 'size',
    type: 'select',
    labelZh: '规模',
    labelEn: 'Size',
    column: companies.size,
    options: SIZE_OPTIONS,
  },
  { key: 'website', type: 'url', labelZh: '网站', labelEn: 'Website', column: companies.website },
  { key: 'ownerId', type: 'user', labelZh: '负责人', labelEn: 'Owner', column: companies.ownerId },
  { key: 'source', type: 'text', labelZh: '来源', labelEn: 'Source', column: companies.source },
  {
    key: 'tags',
    type: 'multi_select',
    labelZh: '标签',
    labelEn: 'Tags',
    column: companies.tags,
    notNull: true,
  },
  { key: 'provinceCode', type: 'text', labelZh: '省份', labelEn: 'Province', column: companies.provinceCode },
  { key: 'cityCode', type: 'text', labelZh: '城市', labelEn: 'City', column: companies.cityCode },
  { key: 'districtCode', type: 'text', labelZh: '区县', labelEn: 'District', column: companies.districtCode },
  {
    key: 'createdBy',
    type: 'user',
    labelZh: '创建人',
    labelEn: 'Created by',
    column: companies.createdBy,
    readOnly: true,
  },
  {
    key: 'createdAt',
    type: 'datetime',
    labelZh: '创建时间',
    labelEn: 'Created',
    column: companies.createdAt,
    notNull: true,
    readOnly: true,
  },
  {
    key: 'updatedAt',
    type: 'datetime',
    labelZh: '更新时间',
    labelEn: 'Updated',
    column: companies.updatedAt,
    notNull: true,
    readOnly: true,
  },
];

const STANDARD: Record<CustomerObject, StandardField[]> = {
  contact: CONTACT_FIELDS,
  company: COMPANY_FIELDS,
};
const CUSTOM_COLUMN: Record<CustomerObject, SQLWrapper> = {
  contact: contacts.custom,
  company: companies.custom,
};
const ID_COLUMN: Record<CustomerObject, SQLWrapper> = {
  contact: contacts.id,
  company: companies.id,
};

/** Keys custom fields may not take: the standard fields and the write-only inputs beside them. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  ...CONTACT_FIELDS.map((f) => f.key),
  ...COMPANY_FIELDS.map((f) => f.key),
  'id',
  'phones',
  'emails',
  'addresses',
  'address',
  'consent',
  'notes',
  'custom',
  'companies',
  'version',
  'deletedAt',
]);

function optionValues(options: readonly CustomFieldOption[] | null | undefined): string[] | undefined {
  return options ? options.map((o) => o.value) : undefined;
}

/**
 * The filterable and sortable fields of an object for the filter compiler: standard columns plus
 * the given custom fields, each with the SQL that reads it.
 */
export function fieldDescriptors(
  objectType: CustomerObject,
  custom: readonly CustomFieldDef[],
): FieldDescriptors {
  const out: Record<string, FieldDescriptor> = {
    // Filter-only, not a column of the metadata: `{"field": "id", "op": "in", "value": [...]}` names
    // exact records (the list's selection, for an export).
    id: { key: 'id', type: 'lookup', sql: ID_COLUMN[objectType], notNull: true, sortable: false },
  };
  for (const f of STANDARD[objectType]) {
    out[f.key] = {
      key: f.key,
      type: f.type,
      sql: f.column,
      notNull: f.notNull,
      options: optionValues(f.options),
      filterable: f.filterable,
      sortable: f.sortable,
    };
  }
  for (const def of custom) {
    out[def.key] = customField(
      { key: def.key, type: def.type, options: optionValues(def.options) },
      CUSTOM_COLUMN[objectType],
    );
  }
  return out;
}

/** One field as `GET /metadata` describes it to the web app. */
export interface FieldMetadata {
  key: string;
  type: FieldType;
  labelZh: string;
  labelEn: string;
  /** `standard` fields are columns; `custom` ones are admin-defined. */
  source: 'standard' | 'custom';
  required: boolean;
  unique: boolean;
  readOnly: boolean;
  options: CustomFieldOption[] | null;
  lookupTarget: string | null;
  filterable: boolean;
  sortable: boolean;
  /** The filter operators that fit the field's type. */
  operators: Operator[];
  /** The custom field's id (for the admin screens); null for standard fields. */
  customFieldId: string | null;
}

/** Every field of an object, standard first, then custom in their display order. */
export function describeFields(
  objectType: CustomerObject,
  custom: readonly CustomFieldDef[],
): FieldMetadata[] {
  const standard = STANDARD[objectType].map(
    (f): FieldMetadata => ({
      key: f.key,
      type: f.type,
      labelZh: f.labelZh,
      labelEn: f.labelEn,
      source: 'standard',
      required: f.required ?? false,
      unique: false,
      readOnly: f.readOnly ?? false,
      options: f.options ?? null,
      lookupTarget: f.lookupTarget ?? null,
      filterable: f.filterable ?? true,
      sortable: (f.sortable ?? true) && SORTABLE_TYPES.has(f.type),
      operators: [...OPERATORS_BY_TYPE[f.type]],
      customFieldId: null,
    }),
  );
  const customs = custom.map(
    (d): FieldMetadata => ({
      key: d.key,
      type: d.type,
      labelZh: d.labelZh,
      labelEn: d.labelEn,
      source: 'custom',
      required: d.required,
      unique: d.isUnique,
      readOnly: false,
      options: d.options,
      lookupTarget: d.lookupTarget,
      filterable: true,
      sortable: SORTABLE_TYPES.has(d.type),
      operators: [...OPERATORS_BY_TYPE[d.type]],
      customFieldId: d.id,
    }),
  );
  return [...standard, ...customs];
}

/** Display names of the objects. */
export const OBJECT_LABELS: Record<CustomerObject, { labelZh: string; labelEn: string; pluralEn: string }> = {
  contact: { labelZh: '联系人', labelEn: 'Contact', pluralEn: 'Contacts' },
  company: { labelZh: '公司', labelEn: 'Company', pluralEn: 'Companies' },
};
