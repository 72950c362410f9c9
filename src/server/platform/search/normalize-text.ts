/** Han ideographs (CJK Unified Ideographs, extension A, compatibility ideographs). */
export const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

/**
 * Canonical form of searchable text: NFKC (full-width → half-width), lower case, `|` removed
 * (it delimits fields in `search_text`), whitespace collapsed.
 */
export function normalizeSearchText(input: string): string {
  return input.normalize('NFKC').toLowerCase().replace(/\|/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The runs of consecutive Han characters in `text`, in order. */
export function hanRuns(text: string): string[] {
  return text.match(HAN_RUN) ?? [];
}

/** Every single Han character and every pair of adjacent Han characters of `text`. */
export function hanGrams(text: string): string[] {
  const grams: string[] = [];
  for (const run of hanRuns(text)) {
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) {
      grams.push(chars[i]);
      if (i + 1 < chars.length) grams.push(chars[i] + chars[i + 1]);
    }
  }
  return grams;
}
