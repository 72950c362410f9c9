import { pinyin } from 'pinyin-pro';
import { HAN, hanRuns, normalizeSearchText } from '../../platform/search/normalize-text.js';

/**
 * Matching keys shared by the on-write candidate finder and the workspace scan, so both agree on
 * what "the same name" means. A name key is `=` + a whole search field, the same form
 * `buildSearchDocument` stores in `search_tokens`, so a key lookup is one GIN probe.
 */

/** The canonical form of a name or company name: NFKC, lower case, single spaces. */
export function normalizeName(name: string | null | undefined): string {
  return name ? normalizeSearchText(name) : '';
}

/**
 * Keys under which two names count as "the same person": the normalized name and, for Chinese
 * names, the full pinyin (surname reading and everyday reading), so homophone typos such as
 * 张三 / 张叁 meet. Initials are left out on purpose: `zs` is shared by too many names.
 */
export function nameKeys(name: string): string[] {
  const normalized = normalizeName(name);
  if (!normalized) return [];
  const keys = new Set([`=${normalized}`]);
  if (HAN.test(normalized)) {
    for (const surname of ['head', 'off'] as const) {
      const syllables = hanRuns(normalized).flatMap(
        (run) => pinyin(run, { toneType: 'none', type: 'array', surname }) as string[],
      );
      if (syllables.length > 0) keys.add(`=${syllables.join('')}`);
    }
  }
  return [...keys];
}

/** The key of a company name inside a contact's `search_tokens` (its companies are whole fields). */
export function companyKey(companyName: string | null | undefined): string | null {
  const normalized = normalizeName(companyName);
  return normalized ? `=${normalized}` : null;
}
