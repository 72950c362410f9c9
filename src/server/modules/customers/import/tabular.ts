import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { decodeText, type TextEncoding } from './decode.js';

/** Options of {@link openTabularStream}. */
export interface TabularOptions {
  /** Original file name; its extension picks the format (`.csv`, `.tsv`, `.txt`, `.xlsx`). */
  filename?: string;
  /** Called once the text encoding of a CSV is known. */
  onEncoding?: (encoding: TextEncoding) => void;
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads the first bytes of a stream without consuming them. */
async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    length += chunk.length;
  }
  async function* rest() {
    yield* chunks;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value as Buffer;
  }
  return {
    head: Buffer.concat(chunks).subarray(0, bytes),
    stream: Readable.from(rest(), { objectMode: false }),
  };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return String(value);
  }
  return String(value);
}

function trimRow(row: string[]): string[] | null {
  let end = row.length;
  while (end > 0 && row[end - 1].trim() === '') end--;
  return end === 0 ? null : row.slice(0, end);
}

async function* csvRows(
  stream: Readable,
  options: TabularOptions,
  delimiter: string,
): AsyncGenerator<string[]> {
  const decoded = Readable.from(decodeText(stream, options.onEncoding));
  const parser = decoded.pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }),
  );
  // pipe() does not forward errors: a read error (or the source closed by a consumer that stopped
  // early) must end the parser, not become an uncaught exception.
  decoded.on('error', (err) => parser.destroy(err));
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = trimRow(record);
      if (row) yield row;
    }
  } finally {
    stream.destroy();
  }
}

async function* xlsxRows(stream: Readable): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        // row.values is 1-based and sparse.
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i] as ExcelJS.CellValue).trim());
        const trimmed = trimRow(cells);
        if (trimmed) yield trimmed;
      }
      break; // first sheet only
    }
  } finally {
    stream.destroy();
  }
}

/**
 * Streams the rows of an uploaded CSV or XLSX file as arrays of strings (header row included,
 * empty rows skipped), never holding the whole file in memory. CSV may be UTF-8, UTF-8 with BOM,
 * UTF-16LE with BOM or GB18030; XLSX is read from its first sheet (dates as `YYYY-MM-DD`).
 * The format comes from `filename`'s extension, else from the file's first bytes.
 */
export async function* openTabularStream(
  source: string | Readable,
  options: TabularOptions = {},
): AsyncGenerator<string[]> {
  const filename = options.filename ?? (typeof source === 'string' ? source : '');
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const ext = extname(filename).toLowerCase();
  let format: 'csv' | 'tsv' | 'xlsx';
  let stream: Readable = input;
  if (ext === '.xlsx' || ext === '.xlsm') format = 'xlsx';
  else if (ext === '.tsv') format = 'tsv';
  else if (ext === '.csv' || ext === '.txt') format = 'csv';
  else {
    const peeked = await peek(input, 4);
    stream = peeked.stream;
    format = peeked.head.equals(XLSX_MAGIC) ? 'xlsx' : 'csv';
  }
  if (format === 'xlsx') yield* xlsxRows(stream);
  else yield* csvRows(stream, options, format === 'tsv' ? '\t' : ',');
}
