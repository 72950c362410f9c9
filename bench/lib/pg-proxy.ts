import { createConnection, createServer, type Server } from 'node:net';

/** Frontend messages seen by the proxy: statements executed (simple Query + extended Execute). */
export interface StatementCounts {
  query: number;
  parse: number;
  execute: number;
  /** Chunks the client wrote: pipelined statements share one, so this approximates round trips. */
  writes: number;
}

/** How often each statement text was sent (Parse or simple Query), whitespace collapsed. */
export type StatementTexts = Map<string, number>;

function messageText(body: Buffer, type: string): string {
  // Parse: statement name (cstring), then the query (cstring). Query: the query (cstring).
  let start = 0;
  if (type === 'P') start = body.indexOf(0) + 1;
  const end = body.indexOf(0, start);
  return body.subarray(start, end).toString('utf8').replace(/\s+/g, ' ').trim();
}

/**
 * A TCP proxy in front of PostgreSQL that counts what clients send, by reading the frontend
 * protocol's message types. Lets the bench count statements per request without superuser rights
 * (log_statement) or pg_stat_statements. Plain connections only (no SSL).
 */
export async function startCountingProxy(upstreamHost: string, upstreamPort: number) {
  const counts: StatementCounts = { query: 0, parse: 0, execute: 0, writes: 0 };
  const texts: StatementTexts = new Map();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: upstreamHost, port: upstreamPort });
    let buffer = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk) => {
      upstream.write(chunk);
      if (started) counts.writes++;
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          // StartupMessage: Int32 length, no type byte.
          if (buffer.length < 4) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          buffer = buffer.subarray(length);
          started = true;
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) break;
        const type = String.fromCharCode(buffer[0]);
        if (type === 'Q') counts.query++;
        else if (type === 'P') counts.parse++;
        if (type === 'Q' || type === 'P') {
          const text = messageText(buffer.subarray(5, 1 + length), type);
          texts.set(text, (texts.get(text) ?? 0) + 1);
        } else if (type === 'E') counts.execute++;
        buffer = buffer.subarray(1 + length);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    counts,
    texts,
    snapshot: (): StatementCounts => ({ ...counts }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
