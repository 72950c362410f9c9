import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import {
  COMPANY_COLUMNS,
  CONTACT_COLUMNS,
  type ColumnSpec,
  companySearchSource,
  contactSearchSource,
  LINK_COLUMNS,
  type PgText,
  type SeedContext,
  searchDocuments,
} from './columns';
import type { SeedCompany, SeedContact } from './generate';

/** A batch of generated rows to turn into COPY text (on the main thread or in a worker). */
export type RowTask =
  | { kind: 'companies'; columns: string[]; ctx: SeedContext; offset: number; rows: SeedCompany[] }
  | {
      kind: 'contacts';
      columns: string[];
      linkColumns: string[];
      ctx: SeedContext;
      offset: number;
      rows: SeedContact[];
    };

/** COPY text of a batch; `links` holds contact_companies rows of contacts with a company. */
export interface RowResult {
  text: string;
  links: string;
  rows: number;
  linkRows: number;
}

/** Every this many rows, the assembled search document is compared with the app's builder. */
const CHECK_EVERY = 997;

const COPY_SPECIAL = /[\\\t\n\r]/;

/** COPY text format: backslash, tab and newlines escaped; null is \N. */
export function copyField(value: PgText): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function pickColumns<T>(all: readonly ColumnSpec<T>[], names: string[]): ColumnSpec<T>[] {
  return names.map((n) => {
    const spec = all.find((c) => c.name === n);
    if (!spec) throw new Error(`no seed column ${n}`);
    return spec;
  });
}

function lines<T>(rows: T[], columns: ColumnSpec<T>[], ctx: SeedContext, offset: number): string {
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) text += '\t';
      text += copyField(columns[c].value(row, ctx, offset + i));
    }
    text += '\n';
  }
  return text;
}

/** Builds the COPY text of one batch; every CHECK_EVERY-th search document is verified. */
export function formatRows(task: RowTask): RowResult {
  if (task.kind === 'companies') {
    const text = lines(task.rows, pickColumns(COMPANY_COLUMNS, task.columns), task.ctx, task.offset);
    for (let i = 0; i < task.rows.length; i += CHECK_EVERY) {
      const source = companySearchSource(task.rows[i]);
      searchDocuments.check(source, searchDocuments.build(source));
    }
    return { text, links: '', rows: task.rows.length, linkRows: 0 };
  }
  const text = lines(task.rows, pickColumns(CONTACT_COLUMNS, task.columns), task.ctx, task.offset);
  for (let i = 0; i < task.rows.length; i += CHECK_EVERY) {
    const source = contactSearchSource(task.rows[i]);
    searchDocuments.check(source, searchDocuments.build(source));
  }
  const linked = task.rows.filter((r) => r.companyId);
  const links = lines(linked, pickColumns(LINK_COLUMNS, task.linkColumns), task.ctx, task.offset);
  return { text, links, rows: task.rows.length, linkRows: linked.length };
}

/**
 * Formats batches on `size` worker threads (0: on the calling thread), results in submission
 * order. Workers run this same module through tsx.
 */
export class RowPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(bootstrap, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
      worker.unref();
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  async run(task: RowTask): Promise<RowResult> {
    if (this.size === 0) return formatRows(task);
    while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const worker = this.idle.pop() as Worker;
    try {
      return await new Promise<RowResult>((resolve, reject) => {
        const onError = (err: Error) => {
          worker.off('message', onMessage);
          reject(err);
        };
        const onMessage = (msg: { ok: true; result: RowResult } | { ok: false; error: string }) => {
          worker.off('error', onError);
          if (msg.ok) resolve(msg.result);
          else reject(new Error(msg.error));
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.postMessage(task);
      });
    } finally {
      this.idle.push(worker);
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (task: RowTask) => {
    try {
      port.postMessage({ ok: true, result: formatRows(task) });
    } catch (err) {
      port.postMessage({ ok: false, error: (err as Error).stack ?? String(err) });
    }
  });
}
