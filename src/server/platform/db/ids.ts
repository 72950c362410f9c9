import { uuidv7 } from 'uuidv7';

/** A new time-ordered id (UUIDv7): index-friendly and sortable by creation time. */
export function newId(): string {
  return uuidv7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `s` is a syntactically valid UUID (any version). */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
