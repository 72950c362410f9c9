import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { FieldDef } from '../../../shared/filter';

/** A field the filter compiler can turn into SQL. */
export interface FieldDescriptor extends FieldDef {
  /** The column or expression, e.g. sql`${contacts.name}` or the output of {@link customField}. */
  sql: SQLWrapper;
  /** How a multi_select is stored: a `text[]` column (default) or a jsonb array. */
  storage?: 'text_array' | 'jsonb';
  /**
   * The column can never be NULL. Sorting and cursors on such keys then produce plain
   * `ORDER BY x DESC` and a row comparison, both of which a btree index on (x, id) serves.
   */
  notNull?: boolean;
}

export type FieldDescriptors = Readonly<Record<string, FieldDescriptor>>;

const JSON_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Describes a custom field stored in a `custom jsonb` column, with the cast its type needs:
 * numbers, currency (decimal strings or JSON numbers) as numeric; dates as text compared byte-wise
 * (`YYYY-MM-DD` orders like dates, and the expression stays immutable so it can be indexed);
 * date-times as timestamptz; booleans as boolean; multi_select as the jsonb array itself.
 * A stored value of the wrong JSON type reads as empty instead of failing the whole query.
 *
 * The JSON key is written into the SQL as a literal, not a parameter, so that expression indexes
 * (`CREATE INDEX … ((custom->>'tier'))`) match; it comes from metadata and must look like an
 * identifier.
 */
export function customField(
  def: FieldDef & { jsonKey?: string },
  column: SQLWrapper = sql`custom`,
): FieldDescriptor {
  const { jsonKey = def.key, ...field } = def;
  if (!JSON_KEY_RE.test(jsonKey)) throw new Error(`custom field key "${jsonKey}" is not an identifier`);
  const key = sql.raw(`'${jsonKey}'`);
  const json = sql`(${column}->${key})`;
  const text = sql`(${column}->>${key})`;
  return { ...field, sql: customExpression(def.type, json, text), storage: 'jsonb' };
}

function customExpression(type: FieldDef['type'], json: SQL, text: SQL): SQL {
  switch (type) {
    case 'number':
      return sql`(CASE WHEN jsonb_typeof(${json}) = 'number' THEN ${text}::numeric END)`;
    case 'currency':
      return sql`(CASE jsonb_typeof(${json}) WHEN 'number' THEN ${text}::numeric WHEN 'string' THEN CASE WHEN ${text} ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN ${text}::numeric END END)`;
    case 'date':
      return sql`(NULLIF(${text}, '') COLLATE "C")`;
    case 'datetime':
      return sql`(CASE WHEN ${text} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' THEN ${text}::timestamptz END)`;
    case 'boolean':
      return sql`(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN ${text}::boolean END)`;
    case 'multi_select':
      return sql`(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} END)`;
    default:
      return text;
  }
}

/** {@link customField} for each definition, keyed by field key. */
export function customFields(
  defs: readonly FieldDef[],
  column: SQLWrapper = sql`custom`,
): Record<string, FieldDescriptor> {
  return Object.fromEntries(defs.map((def) => [def.key, customField(def, column)]));
}
