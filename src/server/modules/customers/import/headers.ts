/** A field a column can be imported into, with the header texts that mean it. */
export interface ImportField {
  /** Field key: a standard field (`name`) or a custom field key. */
  key: string;
  /** Display labels; both are matched against headers. */
  labels?: { zh?: string; en?: string };
  /** Other header texts that mean this field. */
  synonyms?: string[];
  /** Several columns may feed it (several phones, e-mails or tag columns). */
  multiple?: boolean;
}

/** The standard contact fields and the header texts people use for them in China and elsewhere. */
export const CONTACT_IMPORT_FIELDS: ImportField[] = [
  {
    key: 'name',
    synonyms: [
      '姓名',
      '名字',
      '联系人',
      '联系人姓名',
      '客户姓名',
      '客户名称',
      'name',
      'full name',
      'contact',
      'contact name',
    ],
  },
  {
    key: 'phone',
    multiple: true,
    synonyms: [
      '手机',
      '手机号',
      '手机号码',
      '电话',
      '电话号码',
      '联系电话',
      '移动电话',
      '座机',
      'mobile',
      'phone',
      'cell',
      'telephone',
      'tel',
      'phone number',
      'mobile phone',
    ],
  },
  {
    key: 'email',
    multiple: true,
    synonyms: [
      '邮箱',
      '电子邮件',
      '电子邮箱',
      '邮件',
      '邮箱地址',
      'email',
      'e-mail',
      'mail',
      'email address',
    ],
  },
  {
    key: 'company',
    synonyms: [
      '公司',
      '公司名称',
      '单位',
      '工作单位',
      '企业',
      '企业名称',
      '所属公司',
      'company',
      'company name',
      'organization',
      'organisation',
      'account',
    ],
  },
  { key: 'title', synonyms: ['职位', '职务', '头衔', '岗位', 'title', 'job title', 'position'] },
  {
    key: 'address',
    synonyms: ['地址', '详细地址', '联系地址', '通讯地址', 'address', 'street', 'street address'],
  },
  { key: 'province', synonyms: ['省', '省份', '所在省', 'province', 'state', 'region'] },
  { key: 'city', synonyms: ['市', '城市', '所在城市', 'city'] },
  { key: 'district', synonyms: ['区', '区县', '县区', '区/县', 'district', 'county'] },
  {
    key: 'birthday',
    synonyms: ['生日', '出生日期', '出生年月', 'birthday', 'birth date', 'date of birth', 'dob'],
  },
  { key: 'gender', synonyms: ['性别', 'gender', 'sex'] },
  { key: 'source', synonyms: ['来源', '客户来源', '渠道', 'source', 'lead source', 'channel'] },
  { key: 'tags', multiple: true, synonyms: ['标签', '客户标签', 'tags', 'tag', 'labels'] },
  {
    key: 'notes',
    synonyms: ['备注', '说明', '描述', 'notes', 'note', 'remarks', 'comment', 'comments', 'description'],
  },
];

/** Canonical header: NFKC, lower case, no "*"/"(必填)" markers, no spaces, `_` or `-`. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]|【.*?】/gu, '')
    .replace(/[\s*_\-:：.。]+/gu, '')
    .trim();
}

function namesOf(field: ImportField): string[] {
  const names = [field.key, field.labels?.zh, field.labels?.en, ...(field.synonyms ?? [])];
  return [...new Set(names.filter((n): n is string => !!n).map(normalizeHeader))].filter(Boolean);
}

/**
 * Proposes which field each column feeds, from its header text in Chinese or English
 * ("姓名", "手机号", "E-mail", "公司名称", …) and the labels of the workspace's custom fields.
 * Exact matches win; then a header that ends with a known name ("客户手机" → phone), then one that
 * contains it. Each field takes one column, except `multiple` ones. Unmatched columns are absent
 * from the result, which the user then completes or overrides.
 */
export function autoMapHeaders(
  headers: string[],
  customFields: ImportField[] = [],
  standardFields: ImportField[] = CONTACT_IMPORT_FIELDS,
): Record<number, string> {
  // Custom fields first: an admin's label is more specific than a generic synonym.
  const fields = [...customFields, ...standardFields].map((f) => ({ field: f, names: namesOf(f) }));
  const normalized = headers.map(normalizeHeader);
  const mapping: Record<number, string> = {};
  const taken = new Set<string>();
  const passes: ((header: string, name: string) => boolean)[] = [
    (h, n) => h === n,
    (h, n) => n.length >= 2 && h.endsWith(n),
    (h, n) => n.length >= 2 && h.includes(n),
  ];
  for (const matches of passes) {
    normalized.forEach((header, column) => {
      if (!header || column in mapping) return;
      let best: { key: string; length: number } | undefined;
      for (const { field, names } of fields) {
        if (taken.has(field.key) && !field.multiple) continue;
        for (const name of names) {
          if (matches(header, name) && (!best || name.length > best.length))
            best = { key: field.key, length: name.length };
        }
      }
      if (best) {
        mapping[column] = best.key;
        taken.add(best.key);
      }
    });
  }
  return mapping;
}
