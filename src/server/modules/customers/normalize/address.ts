import { type Region, regionData, regionPath } from './regions.js';
import { fail, type NormalizeResult, ok } from './result.js';

/** A mainland-China (or HK/Macau/Taiwan) address resolved to GB/T 2260 divisions. */
export interface ChineseAddress {
  country: 'CN';
  province: string | null;
  provinceCode: string | null;
  city: string | null;
  cityCode: string | null;
  district: string | null;
  districtCode: string | null;
  /** Everything below the district: street, number, building, room. */
  street: string;
}

/** An address outside China, kept as given. */
export interface ForeignAddress {
  /** ISO 3166-1 alpha-2 code when known. */
  country: string | null;
  line1: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
}

/** A normalized address. */
export type Address = ChineseAddress | ForeignAddress;

/** Address fields as a form or an import row supplies them. */
export interface AddressInput {
  country?: string | null;
  provinceCode?: string | null;
  province?: string | null;
  cityCode?: string | null;
  city?: string | null;
  districtCode?: string | null;
  district?: string | null;
  street?: string | null;
  line1?: string | null;
  line2?: string | null;
  region?: string | null;
  postalCode?: string | null;
}

const HAN = /[\u3400-\u9fff]/u;
const ADMIN_SUFFIX = /^[省市区县州盟旗]/u;

/** Longest name (official, then short) of `candidates` that `text` starts with at `pos`. */
function matchAt(text: string, pos: number, candidates: Region[]): { region: Region; end: number } | null {
  let best: { region: Region; end: number } | null = null;
  for (const region of candidates) {
    for (const name of [region.name, region.shortName]) {
      if (!text.startsWith(name, pos)) continue;
      const end = pos + name.length;
      // "朝阳区…" must not match the city 朝阳市 by its short name 朝阳.
      if (name === region.shortName && name !== region.name && ADMIN_SUFFIX.test(text.slice(end))) continue;
      if (!best || end > best.end) best = { region, end };
      break;
    }
  }
  return best;
}

function matchUnique(
  text: string,
  pos: number,
  candidates: Region[],
): { region: Region; end: number } | null {
  const hit = matchAt(text, pos, candidates);
  if (!hit) return null;
  const matched = text.slice(pos, hit.end);
  const same = candidates.filter((r) => r.name === matched || r.shortName === matched);
  return same.length === 1 ? hit : null;
}

function fromPath(path: Region[], street: string): ChineseAddress {
  const [province, city, district] = path;
  return {
    country: 'CN',
    province: province?.name ?? null,
    provinceCode: province?.code ?? null,
    city: city?.name ?? null,
    cityCode: city?.code ?? null,
    district: district?.name ?? null,
    districtCode: district?.code ?? null,
    street,
  };
}

function cleanStreet(text: string): string {
  return text.replace(/^[\s,，、:：-]+/u, '').trim();
}

/**
 * Splits a free-text Chinese address into province / city / district (with GB/T 2260 codes) and
 * street: "广东省深圳市南山区科技园路1号", "北京市朝阳区…", "深圳南山区…" (province omitted),
 * "上海浦东新区…". Levels that cannot be recognized are `null` and stay in `street`. Text without
 * Chinese characters is taken as a foreign address and kept as given.
 */
export function parseAddress(input: string): Address {
  const original = input.normalize('NFKC').trim();
  if (!HAN.test(original)) return { country: null, line1: original };
  const text = original.replace(/\s+/g, '').replace(/^(中华人民共和国|中国)/u, '');
  const { provinces, byCode } = regionData();
  const allCities = provinces.flatMap((p) => p.children);
  let pos = 0;
  let province: Region | undefined;
  let city: Region | undefined;
  let district: Region | undefined;

  const p = matchAt(text, pos, provinces);
  if (p) {
    province = p.region;
    pos = p.end;
  }
  const c = matchAt(text, pos, province ? province.children : allCities);
  if (c) {
    city = c.region;
    pos = c.end;
  } else if (province && province.children.length === 1) {
    city = province.children[0]; // municipalities: 北京市朝阳区…
  }
  if (city && !province) province = byCode.get(city.parentCode!);
  // Repeated municipality name: 上海市上海市浦东新区.
  if (city && city.name === province?.name) {
    const again = matchAt(text, pos, [city]);
    if (again) pos = again.end;
  }
  const districtPool = city
    ? city.children
    : province
      ? province.children.flatMap((x) => x.children)
      : allCities.flatMap((x) => x.children);
  const d = city || province ? matchAt(text, pos, districtPool) : matchUnique(text, pos, districtPool);
  if (d) {
    district = d.region;
    pos = d.end;
  }
  if (district) return fromPath(regionPath(district.code), cleanStreet(text.slice(pos)));
  if (city) return fromPath(regionPath(city.code), cleanStreet(text.slice(pos)));
  if (province) return fromPath([province], cleanStreet(text.slice(pos)));
  return fromPath([], original);
}

function resolve(pool: Region[], code?: string | null, name?: string | null): Region | null | undefined {
  if (code) return pool.find((r) => r.code === code) ?? null;
  if (name) {
    const n = name.normalize('NFKC').trim();
    return pool.find((r) => r.name === n) ?? pool.find((r) => r.shortName === n) ?? null;
  }
  return undefined;
}

/**
 * Validates and completes a structured address. Chinese addresses are given by code or name per
 * level; each level must belong to the one above (`invalid_address` otherwise), and missing upper
 * levels are filled in from a lower code. Other countries are kept as given.
 */
export function normalizeAddress(input: AddressInput): NormalizeResult<Address> {
  const country = input.country?.trim().toUpperCase() || null;
  const street = (input.street ?? input.line1 ?? '').normalize('NFKC').trim();
  if (country && country !== 'CN') {
    if (!street) return fail('invalid_address', 'Address line is empty.');
    return ok({
      country,
      line1: street,
      ...(input.line2 ? { line2: input.line2.trim() } : {}),
      ...(input.city ? { city: input.city.trim() } : {}),
      ...((input.region ?? input.province) ? { region: (input.region ?? input.province)!.trim() } : {}),
      ...(input.postalCode ? { postalCode: input.postalCode.trim() } : {}),
    });
  }
  const { provinces } = regionData();
  const lowest = input.districtCode ?? input.cityCode;
  const implied = lowest ? regionPath(lowest) : [];
  if (lowest && implied.length === 0) return fail('invalid_address', `Unknown region code ${lowest}.`);

  const province = resolve(provinces, input.provinceCode ?? implied[0]?.code, input.province);
  if (province === null)
    return fail('invalid_address', `Unknown province "${input.provinceCode ?? input.province}".`);
  if (!province) {
    if (!street) return fail('invalid_address', 'Address is empty.');
    return ok(parseAddress(street));
  }
  let city = resolve(province.children, input.cityCode ?? implied[1]?.code, input.city);
  if (city === null && province.children.length === 1 && input.city?.trim() === '市辖区')
    city = province.children[0];
  if (city === null) {
    return fail('invalid_address', `City "${input.cityCode ?? input.city}" is not in ${province.name}.`);
  }
  if (city === undefined && province.children.length === 1) city = province.children[0];
  if (!city) {
    if (input.districtCode || input.district) return fail('invalid_address', 'A district needs its city.');
    return ok(fromPath([province], street));
  }
  const district = resolve(city.children, input.districtCode, input.district);
  if (district === null) {
    return fail(
      'invalid_address',
      `District "${input.districtCode ?? input.district}" is not in ${city.name}.`,
    );
  }
  return ok(fromPath(district ? [province, city, district] : [province, city], street));
}
