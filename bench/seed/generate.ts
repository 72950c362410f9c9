import { faker as en } from '@faker-js/faker/locale/en';
import { faker as zh } from '@faker-js/faker/locale/zh_CN';
import { pinyin } from 'pinyin-pro';

/** One generated customer, independent of how the database stores it (see columns.ts). */
export interface SeedContact {
  /** UUIDv7 whose timestamp is `createdAt`, like the app's ids. */
  id: string;
  name: string;
  locale: 'zh-CN' | 'en';
  gender: 'female' | 'male';
  title: string;
  /** Lower-cased, unique within one generated set. */
  email: string;
  /** E.164 mobile, +86 for Chinese names. */
  phone: string;
  company: string;
  /** The seeded company the contact works at (primary link), when companies were generated. */
  companyId?: string;
  lifecycleStage: string | null;
  tags: string[];
  /** GB/T 2260 province and city of a Chinese contact's work address. */
  region: Region | null;
  createdAt: Date;
}

/** A province and city with their GB/T 2260 codes. */
export interface Region {
  province: string;
  provinceCode: string;
  city: string;
  cityCode: string;
}

/** One generated company (account). */
export interface SeedCompany {
  id: string;
  name: string;
  locale: 'zh-CN' | 'en';
  industry: string;
  size: string;
  website: string | null;
  /** E.164 switchboard number. */
  phone: string;
  createdAt: Date;
}

export interface GenerateOptions {
  count: number;
  /** Same seed, same contacts. */
  seed?: number;
  /** Share of Chinese names (default 0.6). */
  chineseShare?: number;
  /** Creation dates are spread over this many days before `now` (default 730). */
  spanDays?: number;
  now?: number;
  /** Companies contacts work at (~85% of contacts get one, Chinese names mostly Chinese companies). */
  companies?: readonly SeedCompany[];
}

/**
 * Surnames by rough frequency, with the ones that make pinyin search interesting: polyphonic
 * characters read differently as surnames (单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou, 查 zha, 朴 piao,
 * 乐 yue, 盖 ge, 覃 qin) and compound surnames (欧阳, 司马, 诸葛, 上官).
 */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
  ...'单解仇区查朴乐盖',
  '欧阳',
  '司马',
  '诸葛',
  '上官',
];
const ZH_TITLES = [
  '总经理',
  '销售经理',
  '采购主管',
  '市场总监',
  '技术总监',
  '财务经理',
  '行政专员',
  '董事长',
  '项目经理',
  '客户经理',
  '运营主管',
  '人事经理',
];
const ZH_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'aliyun.com'];
const EN_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me'];
/** Mobile prefixes of China Mobile, Unicom and Telecom. */
const CN_MOBILE = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

/** Work regions of Chinese contacts, by rough business weight. */
const REGIONS: readonly Region[] = [
  { province: '广东省', provinceCode: '440000', city: '深圳市', cityCode: '440300' },
  { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100' },
  { province: '北京市', provinceCode: '110000', city: '北京市', cityCode: '110100' },
  { province: '上海市', provinceCode: '310000', city: '上海市', cityCode: '310100' },
  { province: '浙江省', provinceCode: '330000', city: '杭州市', cityCode: '330100' },
  { province: '江苏省', provinceCode: '320000', city: '南京市', cityCode: '320100' },
  { province: '江苏省', provinceCode: '320000', city: '苏州市', cityCode: '320500' },
  { province: '四川省', provinceCode: '510000', city: '成都市', cityCode: '510100' },
  { province: '湖北省', provinceCode: '420000', city: '武汉市', cityCode: '420100' },
  { province: '陕西省', provinceCode: '610000', city: '西安市', cityCode: '610100' },
];
/** Lifecycle stages with their share of contacts (the rest have none). */
const STAGES: ReadonlyArray<[string, number]> = [
  ['lead', 0.35],
  ['qualified', 0.2],
  ['opportunity', 0.1],
  ['customer', 0.25],
  ['churned', 0.05],
];
const TAGS = ['vip', '重点客户', '展会', '转介绍', 'newsletter', '合作伙伴', '渠道', 'webinar'];
const ZH_TRADES = [
  '科技',
  '贸易',
  '电子',
  '软件',
  '物流',
  '餐饮',
  '建材',
  '咨询',
  '文化',
  '医疗',
  '机械',
  '化工',
  '服饰',
  '传媒',
  '教育',
  '新能源',
];
const ZH_SUFFIXES = ['有限公司', '有限公司', '股份有限公司', '集团有限公司'];
const EN_TRADES = [
  'Technologies',
  'Trading',
  'Logistics',
  'Consulting',
  'Software',
  'Foods',
  'Capital',
  'Partners',
  'Systems',
  'Industries',
];
const EN_SUFFIXES = ['Inc.', 'LLC', 'Ltd.', 'Group', 'Co.'];
const INDUSTRIES = [
  '制造业',
  '信息技术',
  '零售',
  '金融',
  '医疗健康',
  '教育',
  '物流',
  '房地产',
  '能源',
  '咨询服务',
];
const SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'];

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** UUIDv7 for a given millisecond, random bits from `random`. */
export function uuidv7At(ms: number, random: () => number): string {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
  const time = hex(ms, 12);
  const randA = hex(random() * 0x1000, 3);
  const variant = hex(0x8000 | (random() * 0x4000), 4);
  const randB = hex(random() * 0x1000000, 6) + hex(random() * 0x1000000, 6);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randA}-${variant}-${randB}`;
}

const pinyinCache = new Map<string, string[]>();
function syllables(text: string, asSurname: boolean): string[] {
  const key = `${asSurname ? 's' : 'g'}${text}`;
  let result = pinyinCache.get(key);
  if (!result) {
    result = pinyin(text, {
      toneType: 'none',
      type: 'array',
      surname: asSurname ? 'head' : 'off',
    }) as string[];
    pinyinCache.set(key, result);
  }
  return result;
}

/** Values drawn from faker once per generator; rows then pick from them (faker per row is ~100 µs). */
interface Pools {
  zhGiven: Record<'female' | 'male', string[]>;
  zhCompanies: string[];
  enFirst: Record<'female' | 'male', string[]>;
  enLast: string[];
  enCompanies: string[];
  enTitles: string[];
}

function buildPools(seed: number): Pools {
  const cached = poolCache.get(seed);
  if (cached) return cached;
  const pools = drawPools(seed);
  poolCache.set(seed, pools);
  return pools;
}
const poolCache = new Map<number, Pools>();

function drawPools(seed: number): Pools {
  zh.seed(seed);
  en.seed(seed + 1);
  const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make);
  return {
    zhGiven: {
      female: many(1500, () => zh.person.firstName('female')),
      male: many(1500, () => zh.person.firstName('male')),
    },
    zhCompanies: many(5000, () => zh.company.name()),
    enFirst: {
      female: many(800, () => en.person.firstName('female')),
      male: many(800, () => en.person.firstName('male')),
    },
    enLast: many(1500, () => en.person.lastName()),
    enCompanies: many(3000, () => en.company.name()),
    enTitles: many(500, () => en.person.jobTitle()),
  };
}

/**
 * Realistic contacts for the seeder and the create scenario: ~60% Chinese (weighted surnames,
 * faker zh_CN given names, pinyin e-mails at Chinese providers, +86 mobiles, Chinese companies),
 * ~40% English (faker en). Deterministic for a given seed; e-mails unique within one generator.
 */
export function* generateContacts(options: GenerateOptions): Generator<SeedContact> {
  const seed = options.seed ?? 1;
  const random = prng(seed);
  const pools = buildPools(seed);
  const chineseShare = options.chineseShare ?? 0.6;
  const spanMs = (options.spanDays ?? 730) * 86_400_000;
  const now = options.now ?? Date.now();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');
  // Attributes added later draw from their own stream, so the names, e-mails and phones of a seed
  // stay what they were.
  const extra = prng(seed ^ 0x5bd1e995);
  const companies = options.companies ?? [];
  const zhCompanies = companies.filter((c) => c.locale === 'zh-CN');
  const enCompanies = companies.filter((c) => c.locale === 'en');
  const employer = (locale: SeedContact['locale']): SeedCompany | undefined => {
    if (companies.length === 0 || extra() < 0.15) return undefined;
    const own = locale === 'zh-CN' ? zhCompanies : enCompanies;
    const list = own.length > 0 && extra() < 0.9 ? own : companies;
    // Big accounts have many contacts, most have a few.
    return list[Math.floor(list.length * extra() ** 1.5)];
  };
  const stage = () => {
    let r = extra();
    for (const [name, share] of STAGES) {
      r -= share;
      if (r < 0) return name;
    }
    return null;
  };
  for (let i = 0; i < options.count; i++) {
    const createdAt = new Date(now - Math.floor(random() * spanMs));
    const gender = random() < 0.5 ? 'female' : 'male';
    let contact: Omit<SeedContact, 'id' | 'createdAt' | 'lifecycleStage' | 'tags' | 'region'>;
    if (random() < chineseShare) {
      // Zipf-like: common surnames far more often than rare ones.
      const surname = SURNAMES[Math.floor(SURNAMES.length * random() ** 2.2)];
      const given = pick(pools.zhGiven[gender]);
      const [family, ...rest] = [...syllables(surname, true), ...syllables(given, false)];
      // ü is typed v in e-mail addresses (lü → lv), as on every pinyin keyboard.
      const local = (random() < 0.5 ? `${family}${rest.join('')}` : `${rest.join('')}.${family}`).replace(
        /ü/g,
        'v',
      );
      contact = {
        name: `${surname}${given}`,
        locale: 'zh-CN',
        gender,
        title: pick(ZH_TITLES),
        email: `${local}${i}@${pick(ZH_DOMAINS)}`,
        phone: `+86${pick(CN_MOBILE)}${digits(8)}`,
        company: pick(pools.zhCompanies),
      };
    } else {
      const first = pick(pools.enFirst[gender]);
      const last = pick(pools.enLast);
      contact = {
        name: `${first} ${last}`,
        locale: 'en',
        gender,
        title: pick(pools.enTitles),
        email: `${first}.${last}${i}@${pick(EN_DOMAINS)}`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
        // Most English-named customers of a Chinese team still have Chinese mobiles.
        phone:
          random() < 0.7
            ? `+86${pick(CN_MOBILE)}${digits(8)}`
            : `+1${pick(['415', '646', '312', '206'])}${2 + Math.floor(random() * 8)}${digits(6)}`,
        company: pick(pools.enCompanies),
      };
    }
    const id = uuidv7At(createdAt.getTime(), random);
    const company = employer(contact.locale);
    const tagCount = Math.floor(extra() * extra() * 3);
    yield {
      id,
      createdAt,
      ...contact,
      ...(company ? { company: company.name, companyId: company.id } : {}),
      lifecycleStage: stage(),
      tags: [...new Set(Array.from({ length: tagCount }, () => TAGS[Math.floor(extra() * TAGS.length)]))],
      region: contact.locale === 'zh-CN' ? REGIONS[Math.floor(REGIONS.length * extra() ** 1.3)] : null,
    };
  }
}

/**
 * Companies for the read benchmarks: ~60% Chinese (城市 + 字号 + 行业 + 有限公司, millions of
 * combinations, so 100,000 names are nearly all distinct), ~40% English. Deterministic per seed.
 */
export function generateCompanies(options: { count: number; seed?: number; now?: number }): SeedCompany[] {
  const seed = options.seed ?? 1;
  const random = prng(seed ^ 0x27d4eb2f);
  const pools = buildPools(seed);
  const now = options.now ?? Date.now();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');
  const out: SeedCompany[] = [];
  for (let i = 0; i < options.count; i++) {
    const createdAt = new Date(now - 3 * 365 * 86_400_000 + Math.floor(random() * 365 * 86_400_000));
    const zhName = random() < 0.6;
    const name = zhName
      ? `${pick(REGIONS).city.replace(/市$/, '')}${pick(pools.zhGiven.male)}${pick(ZH_TRADES)}${pick(ZH_SUFFIXES)}`
      : `${pick(pools.enLast)} ${pick(EN_TRADES)} ${pick(EN_SUFFIXES)}`;
    const slug = zhName
      ? `${pinyin(name.slice(0, 4), { toneType: 'none', type: 'array' }).join('')}${i}`
      : `${name
          .split(' ')[0]
          .toLowerCase()
          .replace(/[^a-z]/g, '')}${i}`;
    out.push({
      id: uuidv7At(createdAt.getTime(), random),
      name,
      locale: zhName ? 'zh-CN' : 'en',
      industry: pick(INDUSTRIES),
      size: pick(SIZES),
      website: random() < 0.7 ? `https://www.${slug}.${zhName ? 'cn' : 'com'}` : null,
      phone: zhName
        ? `+86${pick(['10', '21', '755', '20', '571'])}${digits(8)}`
        : `+1${pick(['415', '646', '312'])}${2 + Math.floor(random() * 8)}${digits(6)}`,
      createdAt,
    });
  }
  return out;
}

/** A duplicate planted on purpose: the scan should put both records in one cluster. */
export interface PlantedPair {
  originalId: string;
  duplicateId: string;
  kind: 'same_phone' | 'same_email' | 'same_name_company';
}

/** Homophones and look-alikes a person typing a Chinese name by hand gets wrong. */
const HOMOPHONES: Record<string, string> = {
  三: '叁',
  伟: '玮',
  军: '君',
  丽: '莉',
  静: '婧',
  明: '铭',
  华: '桦',
  杰: '洁',
  敏: '闽',
  强: '墙',
  磊: '蕾',
  涛: '滔',
  勇: '永',
  艳: '燕',
  娟: '鹃',
  平: '萍',
  刚: '钢',
  飞: '菲',
  宇: '雨',
  浩: '皓',
};

/** The same person's name as someone else typed it. */
function nameVariant(name: string, locale: SeedContact['locale'], random: () => number): string {
  if (locale === 'zh-CN') {
    const chars = Array.from(name);
    const last = chars.at(-1) as string;
    if (random() < 0.5) return name;
    chars[chars.length - 1] = HOMOPHONES[last] ?? (random() < 0.5 ? '小' : last);
    return chars.join('');
  }
  const [first, ...rest] = name.split(' ');
  const r = random();
  if (r < 0.3) return name.toLowerCase();
  if (r < 0.6 && first.length > 3) return [first.slice(0, -1), ...rest].join(' ');
  if (r < 0.8) return [...rest, first].join(' ');
  return name;
}

/** Same name as stored, typed differently in ways the scan's name key folds (case, spaces). */
function sameNameTyped(name: string, random: () => number): string {
  if (!name.includes(' ')) return name;
  return random() < 0.5 ? name.toUpperCase() : name.replace(' ', '  ');
}

export interface DatasetOptions extends GenerateOptions {
  /** Share of the `count` rows that are planted duplicates of earlier ones (default 0.03). */
  duplicateShare?: number;
}

/**
 * Contacts with planted duplicates: `count` rows, of which ~`duplicateShare` re-enter an earlier
 * contact (one of the last 20,000) — 40% with the same phone, 35% the same e-mail, both under a
 * name variation (homophone, typo, case, order), and 25% the same name and company with a new
 * phone and e-mail. Every planted pair is reported through `onPlanted`.
 */
export function* generateDataset(
  options: DatasetOptions,
  onPlanted: (pair: PlantedPair) => void,
): Generator<SeedContact> {
  const share = options.duplicateShare ?? 0.03;
  const random = prng((options.seed ?? 1) ^ 0x68e31da4);
  const recent: SeedContact[] = [];
  let slot = 0;
  for (const base of generateContacts(options)) {
    if (recent.length < 100 || random() >= share) {
      if (recent.length < 20_000) recent.push(base);
      else recent[slot++ % recent.length] = base;
      yield base;
      continue;
    }
    const original = recent[Math.floor(random() * recent.length)];
    const r = random();
    let kind: PlantedPair['kind'] = r < 0.4 ? 'same_phone' : r < 0.75 ? 'same_email' : 'same_name_company';
    if (kind === 'same_name_company' && !original.companyId) kind = 'same_phone';
    const duplicate: SeedContact = {
      ...base,
      locale: original.locale,
      gender: original.gender,
      company: original.company,
      companyId: original.companyId,
      region: original.region,
      name:
        kind === 'same_name_company'
          ? sameNameTyped(original.name, random)
          : nameVariant(original.name, original.locale, random),
      ...(kind === 'same_phone' ? { phone: original.phone } : {}),
      ...(kind === 'same_email' ? { email: original.email } : {}),
    };
    onPlanted({ originalId: original.id, duplicateId: duplicate.id, kind });
    yield duplicate;
  }
}
