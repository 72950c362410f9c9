import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { HAN, hanGrams, normalizeSearchText } from './normalize-text.js';

/** One whitespace-separated part of a query and how it is matched. */
export type SearchTerm =
  /** 4+ digits of a phone: trigram `LIKE '%digits%'` on the text column. */
  | { kind: 'digits'; value: string }
  /** Latin text with a 3+ character run: trigram `LIKE '%value%'` on the text column. */
  | { kind: 'fragment'; value: string }
  /** Contains Han characters: all its Han characters/bigrams as tokens, then `LIKE` to check order. */
  | { kind: 'han'; value: string; tokens: string[] }
  /** One or two letters ("zs", "li"): a whole token or a token's two-letter prefix. */
  | { kind: 'short'; value: string; tokens: string[] };

/** What a free-text query matches; build it once and pass it to the SQL helpers. */
export interface SearchQuery {
  /** The query in canonical form (NFKC, lower case, single spaces). */
  normalized: string;
  /** Every term must match (AND). Empty when the query can match nothing. */
  terms: SearchTerm[];
  /** The value a whole field must equal for the best rank. */
  exact: string;
}

/** Columns the search helpers read. */
export interface SearchColumns {
  /** The `search_text` column (trigram-indexed). */
  textColumn: AnyColumn | SQL;
  /** The `search_tokens text[]` column (GIN-indexed). */
  tokensColumn: AnyColumn | SQL;
}

/**
 * Bigrams found in most company names. Looking them up costs a posting list of most of the table,
 * so a term uses them only when it has nothing else; the LIKE check keeps the result exact.
 */
const COMMON_BIGRAMS = new Set(['有限', '限公', '公司', '责任', '任公', '股份', '份有', '集团', '科技']);

const PHONE_LIKE = /^\+?[\d\s\-().]+$/;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function termOf(part: string): SearchTerm | null {
  if (HAN.test(part)) {
    const grams = hanGrams(part);
    const chars = [...part].filter((c) => HAN.test(c));
    // A lone character is its own token; longer runs are covered by their bigrams.
    const bigrams = grams.filter((g) => g.length === 2);
    const rare = bigrams.filter((g) => !COMMON_BIGRAMS.has(g));
    const tokens = chars.length === 1 ? chars : rare.length ? rare : bigrams;
    return { kind: 'han', value: part, tokens: [...new Set(tokens)] };
  }
  const longestRun = Math.max(0, ...(part.match(/[\p{L}\p{N}]+/gu) ?? []).map((r) => r.length));
  if (longestRun >= 3) return { kind: 'fragment', value: part };
  const word = part.replace(/[^\p{L}\p{N}]/gu, '');
  if (!word || /^\d+$/.test(word)) return null;
  return { kind: 'short', value: word, tokens: [word] };
}

/**
 * Parses a user's search box input. A phone-looking query (4+ digits, with `+ - ( ) .` or spaces)
 * becomes one digit run; anything else is split on whitespace into terms that must all match.
 * Digit runs under 4 and lone punctuation match nothing.
 */
export function buildSearchQuery(q: string): SearchQuery {
  const normalized = normalizeSearchText(q);
  if (PHONE_LIKE.test(normalized)) {
    let digits = normalized.replace(/\D/g, '');
    if (digits.startsWith('00')) digits = digits.slice(2);
    const terms: SearchTerm[] = digits.length >= 4 ? [{ kind: 'digits', value: digits }] : [];
    return { normalized, terms, exact: digits };
  }
  const terms = normalized
    .split(' ')
    .map(termOf)
    .filter((t): t is SearchTerm => t !== null);
  return { normalized, terms, exact: normalized };
}

function asQuery(q: string | SearchQuery): SearchQuery {
  return typeof q === 'string' ? buildSearchQuery(q) : q;
}

function tokenArray(tokens: string[]): SQL {
  return sql`ARRAY[${sql.join(
    tokens.map((t) => sql`${t}`),
    sql`, `,
  )}]::text[]`;
}

/**
 * The WHERE condition of a search, written so PostgreSQL can answer it from the trigram index on
 * `textColumn` (fragments of 3+ characters, digits) or the GIN index on `tokensColumn` (Han
 * characters, 1–2 letter queries). `FALSE` when the query can match nothing.
 */
export function searchPredicate(q: string | SearchQuery, columns: SearchColumns): SQL {
  const query = asQuery(q);
  if (query.terms.length === 0) return sql`FALSE`;
  const { textColumn, tokensColumn } = columns;
  const parts = query.terms.map((term): SQL => {
    const like = `%${escapeLike(term.value)}%`;
    if (term.kind === 'han') {
      return sql`(${tokensColumn} @> ${tokenArray(term.tokens)} AND ${textColumn} LIKE ${like})`;
    }
    if (term.kind === 'short') return sql`${tokensColumn} @> ${tokenArray(term.tokens)}`;
    return sql`${textColumn} LIKE ${like}`;
  });
  return sql`(${sql.join(parts, sql` AND `)})`;
}

/**
 * Rank of a matching row, lower is better: 0 when a whole field equals the query, 1 when a field
 * or a word of a field starts with it (for digits: a phone starts or ends with them), 2 for any
 * other fragment. Use as `ORDER BY rank, …`.
 */
export function searchRank(q: string | SearchQuery, columns: Pick<SearchColumns, 'textColumn'>): SQL {
  const query = asQuery(q);
  const { textColumn } = columns;
  const value = escapeLike(query.exact);
  // For digits, a phone ending with them counts as a prefix match would for text (尾号).
  const starts = query.terms[0]?.kind === 'digits' ? `%${value}|%` : `% ${value}%`;
  return sql`(CASE WHEN ${textColumn} LIKE ${`%|${value}|%`} THEN 0 WHEN ${textColumn} LIKE ${`%|${value}%`} OR ${textColumn} LIKE ${starts} THEN 1 ELSE 2 END)`;
}

/**
 * Candidate predicates from most to least specific, each answerable from one index: a whole
 * name, pinyin, initials, e-mail or company equals the query (`=value` token); a word, pinyin
 * syllable or initials prefix equals it (single-term queries); a phone ends with the digits
 * (`#1234` token); any fragment
 * ({@link searchPredicate}). A row may satisfy several; {@link searchSelect} ranks them with
 * {@link searchRank}. Every token is a substring of the text column, so a token hit is a match.
 */
export function searchTiers(q: string | SearchQuery, columns: SearchColumns): SQL[] {
  const query = asQuery(q);
  const fragment = searchPredicate(query, columns);
  if (query.terms.length === 0) return [fragment];
  const { tokensColumn } = columns;
  const tiers = [sql`${tokensColumn} @> ${tokenArray([`=${query.exact}`])}`];
  const [only] = query.terms;
  const sameAsFragment = query.terms.length === 1 && only.kind === 'short' && only.value === query.exact;
  if (!query.exact.includes(' ') && !sameAsFragment) {
    tiers.push(sql`${tokensColumn} @> ${tokenArray([query.exact])}`);
  }
  if (only.kind === 'digits' && query.terms.length === 1) {
    // Phones ending with the digits first: ~100 contacts share any four-digit 尾号 at 1M rows.
    tiers.push(
      sql`(${tokensColumn} @> ${tokenArray([`#${only.value.slice(-4)}`])} AND ${columns.textColumn} LIKE ${`%${only.value}|%`})`,
    );
  }
  tiers.push(fragment);
  return tiers;
}

/** Options of {@link searchSelect}. */
export interface SearchSelectOptions extends SearchColumns {
  /** The table, e.g. `contacts` as `sql.raw('contacts')` or a drizzle table. */
  from: SQL | AnyColumn | unknown;
  /** The id column, used to keep each row once. */
  idColumn: AnyColumn | SQL;
  /** Further conditions: tenant, access scope, `deleted_at IS NULL`… */
  where?: SQL;
  /** Rows to return (default 20). */
  limit?: number;
}

/**
 * A complete search returning `(id, rank)` rows ({@link searchRank}), best first. Candidates are
 * fetched tier by tier ({@link searchTiers}), each by its index with its own LIMIT, so a query
 * matching 100,000 rows ("li", "zhang") reads only a few pages: whole-field matches are complete,
 * the rest are the first found when there are more than `limit` of them. Join the ids back to
 * the table for display.
 */
export function searchSelect(q: string | SearchQuery, options: SearchSelectOptions): SQL {
  const query = asQuery(q);
  const limit = options.limit ?? 20;
  const extra = options.where ? sql` AND ${options.where}` : sql``;
  const tiers = searchTiers(query, options);
  const rank = searchRank(query, options);
  const parts = tiers.map(
    (predicate) =>
      sql`(SELECT ${options.idColumn} AS id, ${rank} AS rank FROM ${options.from} WHERE ${predicate}${extra} LIMIT ${limit})`,
  );
  return sql`SELECT id, min(rank) AS rank FROM (${sql.join(parts, sql` UNION ALL `)}) AS hits GROUP BY id ORDER BY rank, id LIMIT ${limit}`;
}
