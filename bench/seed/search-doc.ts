import {
  buildSearchDocument,
  type SearchDocument,
  type SearchSource,
} from '../../src/server/platform/search/document';

/** The fields and tokens one part of a record (its name, its company…) adds to its document. */
interface Part {
  fields: string[];
  tokens: string[];
}

/** The builder's cap on tokens per record (search/document.ts). */
const MAX_TOKENS = 400;
/** Parts cached per distinct value; beyond this many the cache starts over. */
const CACHE_LIMIT = 200_000;

function partOf(source: SearchSource): Part {
  const doc = buildSearchDocument(source);
  return { fields: doc.text ? doc.text.slice(1, -1).split('|') : [], tokens: doc.tokens };
}

function cached(cache: Map<string, Part>, value: string, make: () => Part): Part {
  let part = cache.get(value);
  if (!part) {
    part = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(value, part);
  }
  return part;
}

/**
 * The app's `buildSearchDocument` for one record, assembled from per-value parts. The builder adds
 * each field once, in order, and tokens to one ordered set, so the document of `{names, emails,
 * phones, companies, extra}` is the ordered union of the documents of each value on its own. Names
 * (pinyin is most of the cost) and companies repeat across a seeded data set, so their parts are
 * built once per distinct value. `check` compares a record with the real builder.
 */
export class SearchDocumentCache {
  private readonly names = new Map<string, Part>();
  private readonly companies = new Map<string, Part>();
  private readonly extras = new Map<string, Part>();

  build(source: SearchSource): SearchDocument {
    const empty = { names: [], emails: [], phones: [], companies: [] };
    const parts: Part[] = [
      ...source.names.map((n) => cached(this.names, n, () => partOf({ ...empty, names: [n] }))),
      ...source.emails.map((e) => partOf({ ...empty, emails: [e] })),
      ...source.phones.map((p) => partOf({ ...empty, phones: [p] })),
      ...source.companies.map((c) => cached(this.companies, c, () => partOf({ ...empty, companies: [c] }))),
      ...(source.extra ?? []).map((x) => cached(this.extras, x, () => partOf({ ...empty, extra: [x] }))),
    ];
    const fields = new Set<string>();
    const tokens = new Set<string>();
    for (const part of parts) {
      for (const f of part.fields) fields.add(f);
      for (const t of part.tokens) tokens.add(t);
    }
    return {
      text: fields.size ? `|${[...fields].join('|')}|` : '',
      tokens: [...tokens].slice(0, MAX_TOKENS),
    };
  }

  /** Throws when the assembled document differs from the app's own for `source`. */
  check(source: SearchSource, doc: SearchDocument): void {
    const real = buildSearchDocument(source);
    if (real.text !== doc.text || real.tokens.join('\u0000') !== doc.tokens.join('\u0000')) {
      throw new Error(
        `seeded search document differs from buildSearchDocument for ${JSON.stringify(source)}:\n` +
          `  real ${real.text} ${JSON.stringify(real.tokens)}\n  seed ${doc.text} ${JSON.stringify(doc.tokens)}`,
      );
    }
  }
}
