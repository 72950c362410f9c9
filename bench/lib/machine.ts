import { readFileSync } from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';

/** What the numbers were measured on. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres?: string;
  postgresSettings?: string;
  pglite: string;
}

function pgliteVersion(): string {
  const pkg = JSON.parse(
    readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  );
  return String(pkg.version);
}

/** Describes this machine, and the PostgreSQL server behind `adminUrl` when it is used. */
export async function describeMachine(adminUrl: string | undefined): Promise<MachineInfo> {
  const info: MachineInfo = {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    pglite: pgliteVersion(),
  };
  if (adminUrl) {
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql`select current_setting('server_version') as version,
        current_setting('shared_buffers') as shared_buffers, current_setting('synchronous_commit') as sync,
        current_setting('fsync') as fsync, current_setting('max_connections') as max_connections`;
      info.postgres = String(row.version);
      info.postgresSettings = `shared_buffers=${row.shared_buffers}, synchronous_commit=${row.sync}, fsync=${row.fsync}, max_connections=${row.max_connections}`;
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  return info;
}

export function machineLine(m: MachineInfo): string {
  const pg = m.postgres ? `PostgreSQL ${m.postgres} (${m.postgresSettings})` : 'PostgreSQL not used';
  return `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${pg}, PGlite ${m.pglite}`;
}
