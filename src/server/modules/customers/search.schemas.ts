import { z } from 'zod';

/** Record types the global search covers. */
export const SEARCH_TYPES = ['contact', 'company'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Most hits one search returns. */
export const MAX_SEARCH_LIMIT = 50;

export const searchQuery = z.strictObject({
  /** What the user typed: a name, pinyin or initials, 4+ digits of a phone, part of an e-mail or company. */
  q: z.string().trim().min(1, { error: 'Type something to search for' }).max(200),
  /** Comma-separated record types, default all: `contact,company`. */
  types: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return [...SEARCH_TYPES];
      const parts = [
        ...new Set(
          v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = parts.filter((p) => !(SEARCH_TYPES as readonly string[]).includes(p));
      if (unknown.length || parts.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Unknown type ${unknown.join(', ')}; use ${SEARCH_TYPES.join(', ')}`,
        });
        return z.NEVER;
      }
      return parts as SearchType[];
    }),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
});
export type SearchInput = z.infer<typeof searchQuery>;

/** One search hit. */
export const searchHit = z.object({
  type: z.enum(SEARCH_TYPES),
  id: z.uuid(),
  /** The record's name. */
  title: z.string(),
  /** A second line to tell namesakes apart: company, e-mail or phone (contacts); industry or website (companies). */
  subtitle: z.string().nullable(),
  /** Relevance 0–100: 100 a whole field equals the query, 70 a field or word starts with it, 40 any fragment. */
  score: z.number().int(),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchResponse = z.object({ data: z.array(searchHit) });
