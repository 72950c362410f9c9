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
  for (let i = 0; i < options.count; i++) {
    const createdAt = new Date(now - Math.floor(random() * spanMs));
    const gender = random() < 0.5 ? 'female' : 'male';
    let contact: Omit<SeedContact, 'id' | 'createdAt'>;
    if (random() < chineseShare) {
      // Zipf-like: common surnames far more often than rare ones.
      const surname = SURNAMES[Math.floor(SURNAMES.length * random() ** 2.2)];
      const given = pick(pools.zhGiven[gender]);
      const [family, ...rest] = [...syllables(surname, true), ...syllables(given, false)];
      const local = random() < 0.5 ? `${family}${rest.join('')}` : `${rest.join('')}.${family}`;
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
    yield { id: uuidv7At(createdAt.getTime(), random), createdAt, ...contact };
  }
}
