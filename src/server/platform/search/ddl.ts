/**
 * DDL the search helpers expect on a searchable table (see docs/adr/0002-search.md).
 * `pg_trgm` must exist in the database; table names come from our own code, never from input.
 */
export function searchDdl(table: string): string[] {
  return [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS search_text text NOT NULL DEFAULT ''`,
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS search_tokens text[] NOT NULL DEFAULT '{}'`,
    `CREATE INDEX IF NOT EXISTS ${table}_search_text_trgm ON ${table} USING gin (search_text gin_trgm_ops)`,
    `CREATE INDEX IF NOT EXISTS ${table}_search_tokens_gin ON ${table} USING gin (search_tokens)`,
  ];
}
