/**
 * `npm run bench`: starts the real server on a fresh database per driver, loads it with autocannon,
 * runs the raw-SQL equivalent in the same run, prints a table and refreshes docs/BENCHMARKS.md.
 * Options: `npm run bench -- --help`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type BenchArgs, parseBenchArgs } from './lib/args';
import { measureHttp } from './lib/http-load';
import { describeMachine } from './lib/machine';
import { consoleTable, writeMarkdown } from './lib/report';
import { BaselineSession, HttpSession } from './lib/session';
import { measureSql } from './lib/sql-load';
import { type DriverTarget, pgliteTarget, postgresTarget } from './lib/targets';
import type { Driver, ResultRow } from './lib/types';
import { SCENARIOS, type Scenario } from './scenarios';
import type { DatasetResult, SeedResult } from './seed';

const log = (message: string) => console.log(`[bench] ${message}`);

function selectScenarios(only: string[] | undefined): Scenario[] {
  if (!only) return [...SCENARIOS];
  const unknown = only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  }
  return SCENARIOS.filter((s) => only.includes(s.name));
}

/** One line on how the data set was seeded. */
function seedLine(driver: Driver, seeded: SeedResult | DatasetResult): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const rate = `${n(Math.round(seeded.rows / seeded.seconds))} contacts/s overall`;
  if (!('planted' in seeded))
    return `${driver}: seeded ${n(seeded.rows)} contacts in ${seeded.seconds.toFixed(1)} s (${rate})`;
  const p = seeded.phases;
  return (
    `${driver}: seeded ${n(seeded.rows)} contacts (${n(seeded.planted.length)} planted duplicates), ` +
    `${n(seeded.companies)} companies and ${n(seeded.links)} links in ${seeded.seconds.toFixed(0)} s: ` +
    `rows ${p.load.toFixed(0)} s (${n(Math.round(seeded.rows / p.load))} contacts/s, ${seeded.workers} worker threads, COPY), ` +
    `${seeded.rebuiltIndexes} indexes rebuilt ${p.indexes.toFixed(0)} s, ANALYZE ${p.analyze.toFixed(0)} s (${rate})`
  );
}

async function createTarget(
  args: BenchArgs,
  driver: Driver,
  runDir: string,
  label: string,
): Promise<DriverTarget> {
  return driver === 'postgres' ? postgresTarget(args.adminUrl, label) : pgliteTarget(runDir, label);
}

/** Every scenario on one driver: HTTP runs against the live server, then raw SQL once it is stopped. */
async function runDriver(
  args: BenchArgs,
  driver: Driver,
  scenarios: Scenario[],
  runDir: string,
  notes: Record<string, string[]>,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  let seedNote: string | undefined;
  try {
    const target = await createTarget(args, driver, runDir, 'server');
    cleanups.push(() => target.drop());
    log(`${driver}: starting the server on ${target.database ?? target.dataDir}`);
    const http = await HttpSession.start(args, target, runDir);
    cleanups.unshift(() => http.stop());
    for (const scenario of scenarios) {
      const seedCount = scenario.seedContacts?.(args) ?? 0;
      if (seedCount > 0) {
        const seeded = await http.ensureSeeded(seedCount);
        if (seeded) {
          const line = seedLine(driver, seeded);
          log(line);
          seedNote = line;
        }
        if (seedNote) notes[scenario.name] = [...(notes[scenario.name] ?? []), seedNote];
      }
      for (const variant of scenario.variants) {
        log(`${driver}: ${scenario.name} / ${variant.name}: HTTP`);
        const requests = await variant.http(http);
        const { measurement, cpu } = await measureHttp(http.httpTarget(), requests, args.load);
        rows.push({
          scenario: scenario.name,
          variant: variant.name,
          driver,
          http: measurement,
          httpCpu: cpu,
          floor: scenario.floor,
        });
      }
      for (const variant of scenario.once ?? []) {
        log(`${driver}: ${scenario.name} / ${variant.name}: through the API`);
        const once = await variant.http(http);
        log(`${driver}: ${scenario.name} / ${variant.name}: ${once.seconds.toFixed(1)} s, ${once.details}`);
        rows.push({ scenario: scenario.name, variant: variant.name, driver, once, floor: scenario.floor });
      }
    }
    await http.stop();

    const baseline = await BaselineSession.open(args, http);
    cleanups.unshift(() => baseline.close());
    for (const scenario of scenarios) {
      for (const variant of scenario.once ?? []) {
        if (!variant.baseline) continue;
        log(`${driver}: ${scenario.name} / ${variant.name}: raw SQL`);
        const row = rows.find(
          (r) => r.scenario === scenario.name && r.variant === variant.name && r.driver === driver,
        );
        if (row) row.baselineOnce = await variant.baseline(baseline);
      }
      for (const variant of scenario.variants) {
        log(`${driver}: ${scenario.name} / ${variant.name}: raw SQL`);
        const op = await variant.baseline(baseline);
        const { measurement, cpu } = await measureSql(op, args.load, baseline.database);
        const row = rows.find(
          (r) => r.scenario === scenario.name && r.variant === variant.name && r.driver === driver,
        );
        if (row) Object.assign(row, { baseline: measurement, baselineCpu: cpu });
      }
    }
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (err) {
        console.error(`[bench] cleanup failed: ${(err as Error).message}`);
      }
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const scenarios = selectScenarios(args.only);
  const runDir = path.resolve('.tmp/bench', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  const machine = await describeMachine(args.drivers.includes('postgres') ? args.adminUrl : undefined);
  const notes: Record<string, string[]> = {};
  const rows: ResultRow[] = [];
  for (const driver of args.drivers) rows.push(...(await runDriver(args, driver, scenarios, runDir, notes)));

  console.log(`\n${consoleTable(rows)}\n`);
  log(`server logs: ${runDir}`);
  if (args.noWrite) return;
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  writeMarkdown(path.resolve('docs/BENCHMARKS.md'), scenarios, rows, {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    command,
    load: args.load,
    machine,
    notes,
  });
  log('docs/BENCHMARKS.md updated');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
