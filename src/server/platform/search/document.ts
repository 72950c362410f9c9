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

function pinyinVariants(name: string): { syllables: string[]; initials: string }[] {
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
}

function phoneForms(phone: string): string[] {
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

function wordTokens(text: string, tokens: Set<string>): void {
  for (const part of segmenter.segment(text)) {
    if (!part.isWordLike) continue;
    for (const word of part.segment.split(/[^\p{L}\p{N}]+/u)) {
      if (!word) continue;
      tokens.add(word);
      if (!HAN.test(word) && word.length > 2) tokens.add(word.slice(0, 2));
    }
  }
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
    wordTokens(name, tokens);
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
    wordTokens(value, tokens);
  }

  return {
    text: fields.length ? `|${fields.join('|')}|` : '',
    tokens: [...tokens].slice(0, MAX_TOKENS),
  };
}
