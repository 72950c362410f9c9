import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { pinyin } from 'pinyin-pro';
import { HAN, hanGrams, hanRuns, normalizeSearchText } from './normalize-text.js';

/** What a record offers to search: every value a user may type a fragment of. */
export interface SearchSource {
  /** Person or display names, e.g. `['张三']`, `['Ada Lovelace']`. */
  names: string[];
  emails: string[];
  /** Phones, preferably E.164 (`+8613800138000`); other forms are indexed by their digits. */
  phones: string[];
  companies: string[];
  /** Further short values (nickname, website, city…); avoid long notes, they bloat the index. */
  extra?: string[];
}

/** The two stored columns: `search_text` (trigram LIKE) and `search_tokens` (GIN array). */
export interface SearchDocument {
  /** `|`-delimited, lower-cased fields: `|张三|zhangsan|zhang san|zs|…|`. */
  text: string;
  /** Whole tokens for queries a trigram index cannot serve (CJK, 1–2 letters), `=field`, `#1234`. */
  tokens: string[];
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const MAX_TOKENS = 400;

/**
 * A small memo for pure, costly text work that sees the same values again and again (company
 * names, common names): cleared when full rather than tracked, which is enough for bulk writes.
 */
function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

const pinyinVariants = memo(10_000, (name: string): { syllables: string[]; initials: string }[] => {
  const variants: { syllables: string[]; initials: string }[] = [];
  const seen = new Set<string>();
  // Surname mode first (单 → shan, 曾 → zeng, 解 → xie), then the everyday reading as a fallback.
  for (const surname of ['head', 'off'] as const) {
    const syllables = hanRuns(name).flatMap(
      (run) => pinyin(run, { toneType: 'none', type: 'array', surname }) as string[],
    );
    const key = syllables.join(' ');
    if (syllables.length === 0 || seen.has(key)) continue;
    seen.add(key);
    variants.push({ syllables, initials: syllables.map((s) => s[0]).join('') });
  }
  return variants;
});

/** `+86` mobiles (1[3-9]…): their forms are the E.164 digits and the 11-digit national number. */
const CN_MOBILE_E164 = /^\+861[3-9]\d{9}$/;

/** The digit strings a phone is found by: E.164 digits, national number, national format, as typed. */
export function phoneForms(phone: string): string[] {
  // Same result as parsing (document.test.ts checks every prefix), at a fraction of the cost.
  if (CN_MOBILE_E164.test(phone)) return [phone.slice(1), phone.slice(3)];
  const forms = new Set<string>();
  const parsed = parsePhoneNumberFromString(phone, 'CN');
  if (parsed) {
    forms.add(parsed.number.replace(/\D/g, ''));
    forms.add(parsed.nationalNumber);
    forms.add(parsed.formatNational().replace(/\D/g, ''));
  }
  const digits = phone.replace(/\D/g, '');
  if (digits) forms.add(digits);
  return [...forms].filter((f) => f.length > 0);
}

/** Only ASCII code units (no code unit above 0x7f; astral characters are surrogates, so they fail too). */
const ASCII = /^[^\u0080-\uffff]*$/;
const NOT_ALNUM = /[^\p{L}\p{N}]+/u;

export function wordList(text: string): string[] {
  const words: string[] = [];
  // In ASCII text every word the segmenter finds is a run of letters and digits joined by
  // punctuation that the split below removes anyway: splitting directly gives the same words
  // (document.test.ts compares both on random text), without the segmenter's cost.
  if (ASCII.test(text)) {
    for (const word of text.split(NOT_ALNUM)) {
      if (!word) continue;
      words.push(word);
      if (word.length > 2) words.push(word.slice(0, 2));
    }
    return words;
  }
  for (const part of segmenter.segment(text)) {
    if (!part.isWordLike) continue;
    for (const word of part.segment.split(NOT_ALNUM)) {
      if (!word) continue;
      words.push(word);
      if (!HAN.test(word) && word.length > 2) words.push(word.slice(0, 2));
    }
  }
  return words;
}

/** Word tokens of names and company names, which repeat across records (e-mails do not). */
const repeatedWordList = memo(20_000, wordList);

function wordTokens(text: string, tokens: Set<string>, repeated = false): void {
  for (const word of repeated ? repeatedWordList(text) : wordList(text)) tokens.add(word);
}

/**
 * Builds the stored search columns of one record. Chinese names also get their full pinyin
 * (`zhangsan`, `zhang san`) and initials (`zs`), with surname readings for 多音字 surnames.
 * Tokens hold every Han character and Han bigram, every word and its two-letter prefix, and the
 * prefixes of pinyin initials, so that queries under three characters can use a GIN index.
 */
export function buildSearchDocument(source: SearchSource): SearchDocument {
  const fields: string[] = [];
  const tokens = new Set<string>();
  const addField = (value: string, exact = true) => {
    const v = normalizeSearchText(value);
    if (v && !fields.includes(v)) fields.push(v);
    // "=value" marks a whole field, so the exact tier of a search is one index lookup. Phones and
    // spaced pinyin are left out: a whole phone number is found precisely by its trigrams anyway.
    if (v && exact) tokens.add(`=${v}`);
    return v;
  };

  for (const raw of source.names) {
    const name = addField(raw);
    if (!name) continue;
    for (const g of hanGrams(name)) tokens.add(g);
    wordTokens(name, tokens, true);
    for (const { syllables, initials } of pinyinVariants(name)) {
      const full = syllables.join('');
      addField(full);
      addField(syllables.join(' '), false);
      addField(initials);
      tokens.add(full);
      for (const s of syllables) tokens.add(s);
      for (let i = 2; i <= initials.length; i++) tokens.add(initials.slice(0, i));
      tokens.add(full.slice(0, 2));
    }
  }
  for (const raw of source.emails) {
    const email = addField(raw);
    if (!email) continue;
    tokens.add(email);
    wordTokens(email, tokens);
  }
  for (const raw of source.phones) {
    const forms = phoneForms(raw);
    for (const form of forms) addField(form, false);
    // "#5678": the last four digits (尾号), the way people most often recall a number.
    const longest = forms.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (longest.length >= 7) tokens.add(`#${longest.slice(-4)}`);
  }
  for (const raw of [...source.companies, ...(source.extra ?? [])]) {
    const value = addField(raw);
    if (!value) continue;
    for (const g of hanGrams(value)) tokens.add(g);
    wordTokens(value, tokens, true);
  }

  return {
    text: fields.length ? `|${fields.join('|')}|` : '',
    tokens: [...tokens].slice(0, MAX_TOKENS),
  };
}
