import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../scenarios';
import { type MachineInfo, machineLine } from './machine';
import type { CpuSplit, LoadOptions, Measurement, ResultRow } from './types';

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rate = (m?: Measurement) => (m ? fmt(m.perSecond, 0) : '–');
const ms = (n?: number) => (n === undefined ? '–' : fmt(n, n < 10 ? 2 : 1));

function cpu(split?: CpuSplit): string {
  if (!split) return '–';
  const parts = [
    split.server === undefined ? undefined : `server ${fmt(split.server, 2)}`,
    split.postgres === undefined ? undefined : `pg ${fmt(split.postgres, 2)}`,
    `bench ${fmt(split.bench, 2)}`,
    split.other === undefined ? undefined : `other ${fmt(split.other, 2)}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

function verdict(row: ResultRow): string {
  if (!row.floor || !row.http) return '–';
  const ok = row.floor.check(row.driver, row.http);
  return ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL';
}

/** Columns shared by the console and the Markdown table. */
function cells(row: ResultRow): string[] {
  const h = row.http;
  const b = row.baseline;
  const share = h && b ? `${fmt((h.perSecond / b.perSecond) * 100, 0)}%` : '–';
  return [
    row.driver,
    row.variant,
    rate(h),
    ms(h?.p50),
    ms(h?.p95),
    ms(h?.p99),
    h ? String(h.non2xx) : '–',
    h ? String(h.errors) : '–',
    rate(b),
    ms(b?.p50),
    ms(b?.p95),
    ms(b?.p99),
    share,
    cpu(row.httpCpu),
    cpu(row.baselineCpu),
    verdict(row),
  ];
}

const HEADERS = [
  'driver',
  'variant',
  'HTTP req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'non-2xx',
  'errors',
  'raw SQL ops/s',
  'raw p50',
  'raw p95',
  'raw p99',
  'HTTP/raw',
  'CPU during HTTP (cores)',
  'CPU during raw (cores)',
  'floor',
];

const ONCE_HEADERS = [
  'driver',
  'variant',
  'through the API (s)',
  'result',
  'raw SQL (s)',
  'raw SQL result',
  'floor',
];

function onceCells(row: ResultRow): string[] {
  const o = row.once;
  const b = row.baselineOnce;
  return [
    row.driver,
    row.variant,
    o ? fmt(o.seconds, 1) : '–',
    o?.details ?? '–',
    b ? fmt(b.seconds, 1) : '–',
    b?.details ?? '–',
    o?.pass === undefined ? 'n/a' : o.pass ? 'PASS' : 'FAIL',
  ];
}

function plainTable(headers: string[], body: string[][]): string {
  const table = [headers, ...body];
  const widths = headers.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  return table.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

/** A plain-text table for the terminal (load runs, then one-off measurements). */
export function consoleTable(rows: ResultRow[]): string {
  const load = rows.filter((r) => !r.once);
  const once = rows.filter((r) => r.once);
  return [
    load.length ? plainTable(HEADERS, load.map(cells)) : undefined,
    once.length ? plainTable(ONCE_HEADERS, once.map(onceCells)) : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
}

const markdownTable = (headers: string[], body: string[][]) => [
  `| ${headers.join(' | ')} |`,
  `|${headers.map(() => '---').join('|')}|`,
  ...body.map((r) => `| ${r.join(' | ')} |`),
];

/** Other processes busy for more than this many cores make a run unrepresentative. */
const NOISY_CORES = 0.25;

function noiseWarning(rows: ResultRow[]): string | undefined {
  const other = Math.max(0, ...rows.flatMap((r) => [r.httpCpu?.other ?? 0, r.baselineCpu?.other ?? 0]));
  if (other <= NOISY_CORES) return undefined;
  return `**Noisy machine:** other processes used up to ${fmt(other, 2)} cores during these runs; the figures understate Guanxi — rerun on an idle machine before judging the floor.`;
}

function markdownSection(scenario: Scenario, rows: ResultRow[], context: ReportContext): string {
  const warning = noiseWarning(rows);
  const load = rows.filter((r) => !r.once);
  const once = rows.filter((r) => r.once);
  const lines = [
    `<!-- bench:${scenario.name}:start -->`,
    `## ${scenario.name} — ${scenario.title}`,
    '',
    `- Run: ${context.date} · \`${context.command}\``,
    load.length === 0
      ? undefined
      : `- Load: ${context.load.connections} connections (HTTP) / ${context.load.connections} concurrent transactions (raw SQL), ${context.load.durationS} s measured after ${context.load.warmupS} s warm-up`,
    `- Machine: ${machineLine(context.machine)}`,
    scenario.floor ? `- Floor: ${scenario.floor.text}` : undefined,
    warning ? `- ${warning}` : undefined,
    ...(context.notes[scenario.name] ?? []).map((n) => `- ${n}`),
    ...(scenario.notes ?? []).map((n) => `- ${n}`),
    ...(load.length ? ['', ...markdownTable(HEADERS, load.map(cells))] : []),
    ...(once.length ? ['', ...markdownTable(ONCE_HEADERS, once.map(onceCells))] : []),
    `<!-- bench:${scenario.name}:end -->`,
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}

export interface ReportContext {
  date: string;
  command: string;
  load: LoadOptions;
  machine: MachineInfo;
  /** Extra lines per scenario (seeding, setup). */
  notes: Record<string, string[]>;
}

const PREAMBLE = `# Benchmarks

Measured by \`npm run bench\` (see \`bench/run.ts\`; \`npm run bench -- --help\` lists the options), never by
timed unit tests. Each scenario drives the real server (a child process on a fresh database) with
autocannon, and runs the equivalent raw SQL over a plain driver connection in the same run, so the
table shows what the HTTP stack costs on top of the database. Latencies in milliseconds; "HTTP/raw" is
HTTP throughput as a share of the raw-SQL throughput; CPU is in cores (1.00 = one core busy), sampled
from /proc for the server process, the PostgreSQL backends of the bench database, and the bench
process (autocannon or the SQL client). Load generator, server and database share the same machine.
Each section below is rewritten only when its scenario runs.
`;

/** Rewrites the sections of the scenarios that ran; keeps every other section as it was. */
export function writeMarkdown(
  file: string,
  scenarios: Scenario[],
  rows: ResultRow[],
  context: ReportContext,
): void {
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : PREAMBLE;
  for (const scenario of scenarios) {
    const section = markdownSection(
      scenario,
      rows.filter((r) => r.scenario === scenario.name),
      context,
    );
    const start = `<!-- bench:${scenario.name}:start -->`;
    const end = `<!-- bench:${scenario.name}:end -->`;
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    doc =
      from >= 0 && to > from
        ? doc.slice(0, from) + section + doc.slice(to + end.length)
        : `${doc.trimEnd()}\n\n${section}\n`;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, doc);
}
