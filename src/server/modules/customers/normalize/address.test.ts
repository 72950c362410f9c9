import { describe, expect, it } from 'vitest';
import { normalizeAddress, parseAddress } from './address.js';
import { regionChildren, regionPath } from './regions.js';

describe('parseAddress', () => {
  it('splits a full address', () => {
    expect(parseAddress('广东省深圳市南山区科技园路1号')).toEqual({
      country: 'CN',
      province: '广东省',
      provinceCode: '440000',
      city: '深圳市',
      cityCode: '440300',
      district: '南山区',
      districtCode: '440305',
      street: '科技园路1号',
    });
  });

  it('reads a municipality', () => {
    expect(parseAddress('北京市朝阳区建国路88号')).toMatchObject({
      province: '北京市',
      city: '北京市',
      cityCode: '110100',
      district: '朝阳区',
      districtCode: '110105',
      street: '建国路88号',
    });
    expect(parseAddress('上海浦东新区世纪大道100号')).toMatchObject({
      provinceCode: '310000',
      districtCode: '310115',
      street: '世纪大道100号',
    });
  });

  it('infers the province when it is omitted', () => {
    expect(parseAddress('深圳南山区科技园')).toMatchObject({
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      street: '科技园',
    });
  });

  it('does not take a district for a city of the same short name', () => {
    // 朝阳 is a city in 辽宁 and a district of 北京.
    expect(parseAddress('辽宁省朝阳市双塔区')).toMatchObject({ cityCode: '211300', district: '双塔区' });
    expect(parseAddress('北京朝阳区')).toMatchObject({ districtCode: '110105' });
  });

  it('handles county-level cities directly under a province', () => {
    expect(parseAddress('湖北省仙桃市钱沟路1号')).toMatchObject({
      provinceCode: '420000',
      cityCode: '429000',
      district: '仙桃市',
      districtCode: '429004',
      street: '钱沟路1号',
    });
  });

  it('keeps what it cannot resolve in street', () => {
    expect(parseAddress('中国广东省某某路')).toMatchObject({
      provinceCode: '440000',
      city: null,
      street: '某某路',
    });
    expect(parseAddress('科技园路1号')).toMatchObject({
      country: 'CN',
      provinceCode: null,
      street: '科技园路1号',
    });
  });

  it('keeps a foreign address as given', () => {
    expect(parseAddress('1600 Amphitheatre Pkwy, Mountain View, CA')).toEqual({
      country: null,
      line1: '1600 Amphitheatre Pkwy, Mountain View, CA',
    });
  });
});

describe('normalizeAddress', () => {
  it('completes a structured address from a district code', () => {
    const result = normalizeAddress({ districtCode: '440305', street: '科技园路1号' });
    expect(result.ok && result.value).toMatchObject({
      province: '广东省',
      city: '深圳市',
      district: '南山区',
    });
  });

  it('accepts names, short names included', () => {
    const result = normalizeAddress({ province: '广东', city: '深圳市', district: '南山区' });
    expect(result.ok && result.value).toMatchObject({ districtCode: '440305' });
    const bj = normalizeAddress({ province: '北京市', district: '海淀区' });
    expect(bj.ok && bj.value).toMatchObject({ cityCode: '110100', districtCode: '110108' });
  });

  it.each([
    [{ provinceCode: '440000', cityCode: '110100' }],
    [{ province: '广东省', city: '深圳市', district: '朝阳区' }],
    [{ cityCode: '440300', districtCode: '110105' }],
    [{ provinceCode: '999999' }],
    [{ districtCode: '123456' }],
  ])('rejects a level that does not belong to its parent: %j', (input) => {
    const result = normalizeAddress(input);
    expect(!result.ok && result.error.code).toBe('invalid_address');
  });

  it('keeps foreign addresses as given', () => {
    expect(
      normalizeAddress({ country: 'us', line1: '1 Main St', city: 'Springfield', postalCode: '12345' }),
    ).toEqual({
      ok: true,
      value: { country: 'US', line1: '1 Main St', city: 'Springfield', postalCode: '12345' },
    });
  });
});

describe('region cascade', () => {
  it('lists provinces, cities and districts', () => {
    const provinces = regionChildren();
    expect(provinces).toHaveLength(34);
    expect(provinces[0]).toEqual({ code: '110000', name: '北京市', hasChildren: true });
    expect(regionChildren('110000')).toEqual([{ code: '110100', name: '北京市', hasChildren: true }]);
    expect(regionChildren('440000').map((c) => c.name)).toContain('深圳市');
    const districts = regionChildren('440300').map((d) => d.name);
    expect(districts).toContain('南山区');
    expect(districts).not.toContain('市辖区');
    expect(regionChildren('440305')).toEqual([]);
    expect(regionChildren('nope')).toEqual([]);
  });

  it('names the county-level cities under a province or autonomous region', () => {
    expect(regionPath('429004').map((r) => r.name)).toEqual(['湖北省', '省直辖县级行政区划', '仙桃市']);
    expect(regionChildren('650000').map((c) => c.name)).toContain('自治区直辖县级行政区划');
  });

  it('gives the path of a code', () => {
    expect(regionPath('440305').map((r) => r.name)).toEqual(['广东省', '深圳市', '南山区']);
  });
});
