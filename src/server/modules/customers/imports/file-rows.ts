import type { TextEncoding } from '../import';
import { openTabularStream } from '../import';
import type { SourceRow } from './import-rows';

/** The header row and the first rows of an uploaded file. */
export interface FileHead {
  headers: string[];
  rows: string[][];
  encoding: TextEncoding | null;
}

/** Reads the header row and the next `count` rows; stops reading there. */
export async function readHead(file: string, filename: string, count: number): Promise<FileHead> {
  let encoding: TextEncoding | null = null;
  const rows: string[][] = [];
  for await (const row of openTabularStream(file, { filename, onEncoding: (e) => (encoding = e) })) {
    rows.push(row);
    if (rows.length > count) break;
  }
  return { headers: rows[0] ?? [], rows: rows.slice(1), encoding };
}

/**
 * Streams the data rows of a file (the header, row 1, is skipped) with their row numbers;
 * `skip` leaves out the first data rows (resuming an interrupted import).
 */
export async function* dataRows(file: string, filename: string, skip = 0): AsyncGenerator<SourceRow> {
  let index = 0;
  for await (const cells of openTabularStream(file, { filename })) {
    index++;
    if (index === 1 || index - 1 <= skip) continue;
    yield { rowNumber: index, cells };
  }
}

/** Groups a row stream into arrays of `size`. */
export async function* chunked<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
