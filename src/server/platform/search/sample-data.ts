import { buildSearchDocument, type SearchSource } from './document.js';

/** A generated contact for search tests and benchmarks. */
export interface SampleContact extends Required<SearchSource> {
  id: number;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉飞宇浩然子轩梓涵一诺欣怡思远建国志强海峰晓东丹丹雪梅春生';
const FIRST = [
  'James',
  'Mary',
  'John',
  'Linda',
  'Robert',
  'Susan',
  'Michael',
  'Karen',
  'David',
  'Emma',
  'Oliver',
  'Sophia',
  'Lucas',
  'Mia',
  'Ethan',
  'Chloe',
];
const LAST = [
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Miller',
  'Wilson',
  'Moore',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'King',
  'Wright',
  'Green',
  'Baker',
  'Hill',
];
const CITY = ['北京', '上海', '深圳', '广州', '杭州', '成都', '南京', '武汉', '西安', '苏州'];
const TRADE = ['科技', '贸易', '电子', '软件', '物流', '餐饮', '建材', '咨询', '文化', '医疗'];
const WORD = ['华', '瑞', '鼎', '信', '达', '星', '云', '创', '联', '安', '博', '泰', '盛', '宏', '恒', '通'];
const EN_CO = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
];
const DOMAINS = ['qq.com', '163.com', 'gmail.com', 'outlook.com', 'example.cn'];

/** Deterministic PRNG (mulberry32) so generated data and test expectations are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates `count` contacts, about 70% with Chinese names, each with a phone, e-mail and company. */
export function* sampleContacts(count: number, seed = 1): Generator<SampleContact> {
  const r = rng(seed);
  const pick = <T>(list: ArrayLike<T>): T => list[Math.floor(r() * list.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  for (let id = 1; id <= count; id++) {
    const zh = r() < 0.7;
    const name = zh
      ? pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : '')
      : `${pick(FIRST)} ${pick(LAST)}`;
    const company = zh
      ? `${pick(CITY)}${pick(WORD)}${pick(WORD)}${pick(TRADE)}有限公司`
      : `${pick(EN_CO)} ${pick(['Ltd', 'Inc', 'GmbH', 'Trading'])}`;
    const local = zh ? `user${digits(6)}` : `${name.split(' ')[0].toLowerCase()}.${digits(4)}`;
    yield {
      id,
      names: [name],
      emails: [`${local}@${pick(DOMAINS)}`],
      phones: [`+861${pick('3456789')}${digits(9)}`],
      companies: [company],
      extra: [],
    };
  }
}

/** A sample contact with its search columns. */
export function sampleRow(contact: SampleContact): {
  id: number;
  name: string;
  text: string;
  tokens: string[];
} {
  const doc = buildSearchDocument(contact);
  return { id: contact.id, name: contact.names[0], ...doc };
}
