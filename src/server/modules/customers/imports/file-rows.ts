import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
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

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BLANK = new Set([0x20, 0x09, CR]);

/**
 * The number of data rows of a CSV file, counted on its bytes without decoding or parsing it:
 * records end at a line break outside quotes, and records holding nothing but delimiters, blanks
 * and quotes are skipped, as the parser skips them. The delimiter, quote and line breaks are ASCII
 * and never occur inside a UTF-8 or GB18030 character, so one pass over the raw bytes suffices.
 * UTF-16 files (and spreadsheets) are parsed instead.
 */
export async function countDataRows(file: string, filename: string): Promise<number> {
  const ext = extname(filename).toLowerCase();
  if (ext !== '.csv' && ext !== '.tsv' && ext !== '.txt') return countParsed(file, filename);
  const delimiter = ext === '.tsv' ? 0x09 : 0x2c;
  let records = 0;
  let quoted = false;
  /** Inside quotes, a quote was just seen: a second one is a literal quote, anything else ends them. */
  let quoteSeen = false;
  let fieldStart = true;
  let content = false;
  let lastWasCr = false;
  let first = true;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if (chunk[0] === 0xff && chunk[1] === 0xfe) return countParsed(file, filename);
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (b === QUOTE) {
            content = true;
            continue;
          }
          quoted = false; // and b is read as outside quotes, below
        } else {
          if (b === QUOTE) quoteSeen = true;
          else if (!BLANK.has(b) && b !== LF) content = true;
          continue;
        }
      }
      if (b === LF || b === CR) {
        if (!(b === LF && lastWasCr) && content) records++;
        content = false;
        fieldStart = true;
        lastWasCr = b === CR;
        continue;
      }
      lastWasCr = false;
      if (b === delimiter) fieldStart = true;
      else if (b === QUOTE && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else if (!BLANK.has(b)) {
        content = true;
        fieldStart = false;
      }
    }
  }
  if (content) records++;
  return Math.max(0, records - 1);
}

async function countParsed(file: string, filename: string): Promise<number> {
  let total = 0;
  for await (const _ of dataRows(file, filename)) total++;
  return total;
}
