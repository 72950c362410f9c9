import { z } from 'zod';

/**
 * Every setting Guanxi reads from the environment, validated once at boot.
 * The README's configuration table mirrors this schema; keep them together.
 */
const configSchema = z.object({
  /** TCP port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind; 0.0.0.0 to accept connections from other machines. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL connection string; when unset Guanxi runs on embedded PGlite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Max connections per process to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /** Data directory of the embedded database. */
  GUANXI_DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Embedded database only: flush the data directory to disk every N ms (0 = never, the OS decides).
   * Bounds what a power cut can lose; a killed process loses nothing committed either way.
   */
  GUANXI_FSYNC_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  /** Public base URL, used in links sent by e-mail (invitations). */
  PUBLIC_URL: z.string().url().optional(),
  /** Set when served behind TLS so cookies get the Secure flag. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body in bytes. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  /** Failed logins for one e-mail before a temporary lockout. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** Lockout length after too many failed logins, in seconds. */
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Session lifetime in hours (sliding). */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24 * 14),
  /** SMTP URL for outgoing mail (smtp://user:pass@host:port); when unset, mail is written to the log. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /** Sender address for outgoing mail. */
  MAIL_FROM: z.string().min(3).default('Guanxi <no-reply@localhost>'),
  /** Run background jobs (pg-boss workers, event recovery) in the serve process. */
  GUANXI_RUN_WORKERS: z.enum(['true', 'false']).default('true'),
  /** Directory of the built web app served at /. */
  GUANXI_WEB_DIR: z.string().default('./dist/web'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  databasePoolSize: number;
  dataDir: string;
  fsyncIntervalMs: number;
  publicUrl?: string;
  cookieSecure: 'auto' | 'true' | 'false';
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  bodyLimit: number;
  loginMaxFailures: number;
  loginLockoutSeconds: number;
  sessionTtlHours: number;
  smtpUrl?: string;
  mailFrom: string;
  runWorkers: boolean;
  webDir: string;
};

export class ConfigError extends Error {}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.GUANXI_DATA_DIR,
    fsyncIntervalMs: e.GUANXI_FSYNC_INTERVAL_MS,
    publicUrl: e.PUBLIC_URL,
    cookieSecure: e.COOKIE_SECURE,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT_BYTES,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutSeconds: e.LOGIN_LOCKOUT_SECONDS,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    runWorkers: e.GUANXI_RUN_WORKERS === 'true',
    webDir: e.GUANXI_WEB_DIR,
  };
}
