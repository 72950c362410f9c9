import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors';
import { prepareCompanyRow } from './company-input';
import { prepareContactRow } from './contact-input';
import type { CustomFieldDef } from './custom-field-values';
import type { contacts } from './customers.schema';

const field = (over: Partial<CustomFieldDef>): CustomFieldDef => ({
  id: '0190a1b2-0000-7000-8000-000000000001',
  objectType: 'contact',
  key: 'tier',
  type: 'text',
  labelZh: '等级',
  labelEn: 'Tier',
  required: false,
  isUnique: false,
  options: null,
  lookupTarget: null,
  position: 0,
  archivedAt: null,
  ...over,
});
const env = { tenantId: 't', region: 'CN', actorId: 'u', customFields: [] as CustomFieldDef[] };

function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return (e.details.errors ?? []).map((x) => `${x.field}:${x.code}`);
    throw e;
  }
  return [];
}

describe('prepareContactRow', () => {
  it('normalizes a row for insert and computes derived columns', () => {
    const { row, companies } = prepareContactRow(
      {
        name: ' 张三 ',
        phone: '138 0013 8000',
        emails: [{ address: 'A@B.CN' }],
        addresses: ['浙江省杭州市西湖区文三路'],
      },
      env,
    );
    expect(row).toMatchObject({
      name: '张三',
      phone: '+8613800138000',
      phoneKeys: ['+8613800138000'],
      email: 'a@b.cn',
      emailKeys: ['a@b.cn'],
      provinceCode: '330000',
      cityCode: '330100',
      districtCode: '330106',
      ownerId: 'u',
      tags: [],
    });
    expect(row.searchText).toContain('zhangsan');
    expect(row.searchTokens).toContain('zs');
    expect(companies).toBeUndefined();
  });

  it('collects every error with its path instead of stopping at the first', () => {
    expect(
      errorsOf(() =>
        prepareContactRow(
          {
            name: 'x',
            phones: [{ number: '1' }],
            emails: [{ address: 'x' }],
            custom: { nope: 1 },
            companies: [],
          },
          { ...env, customFields: [field({ required: true })] },
        ),
      ),
    ).toEqual([
      'phones.0.number:invalid_phone',
      'emails.0.address:invalid_email',
      'custom.nope:unknown_field',
      'custom.tier:required',
    ]);
    expect(errorsOf(() => prepareContactRow({ name: '' }, env))).toEqual(['name:too_small']);
  });

  it('patches a stored contact: untouched fields stay, only named custom keys are checked', () => {
    const created = prepareContactRow(
      { name: '李四', phone: '13800138000', custom: { tier: 'a', old: 'kept' } },
      {
        ...env,
        customFields: [field({}), field({ key: 'old' })],
      },
    ).row;
    const current = {
      ...created,
      id: 'c',
      companyName: '阿里巴巴',
    } as unknown as typeof contacts.$inferSelect;
    // `old` was archived since, and `tier` became required: an unrelated edit still passes.
    const { row } = prepareContactRow(
      { title: 'CEO' },
      { ...env, current, customFields: [field({ required: true, type: 'select', options: [] })] },
    );
    expect(row).toMatchObject({
      name: '李四',
      title: 'CEO',
      phone: '+8613800138000',
      custom: { tier: 'a', old: 'kept' },
    });
    expect(row.searchText).toContain('阿里巴巴');
    expect(
      errorsOf(() =>
        prepareContactRow(
          { custom: { tier: null } },
          { ...env, current, customFields: [field({ required: true })] },
        ),
      ),
    ).toEqual(['custom.tier:required']);
  });
});

describe('prepareCompanyRow', () => {
  it('normalizes website, phone and a structured address', () => {
    const { row } = prepareCompanyRow(
      {
        name: 'Acme',
        website: 'acme.cn/',
        phone: '021-6888 8888',
        address: { cityCode: '310100', district: '浦东新区', street: '世纪大道1号' },
      },
      env,
    );
    expect(row).toMatchObject({
      website: 'https://acme.cn',
      phoneKeys: ['+862168888888'],
      provinceCode: '310000',
      districtCode: '310115',
    });
  });
});
