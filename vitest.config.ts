import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure logic, beside the source), and the integration suite in
 * `test/integration` twice — on embedded PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
const integration = (name: string, driver: string) => ({
  extends: true as const,
  test: {
    name,
    include: ['test/integration/**/*.test.ts'],
    env: { GUANXI_TEST_DRIVER: driver },
    globalSetup: ['test/global-setup.ts'],
  },
});

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // CI also writes a JSON report that .ci/run adds up into its closing "N passed, N failed" line.
    reporters: process.env.GUANXI_TEST_REPORT
      ? ['default', ['json', { outputFile: process.env.GUANXI_TEST_REPORT }]]
      : ['default'],
    projects: [
      { extends: true as const, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      integration('pglite', 'pglite'),
      ...(process.env.TEST_DATABASE_URL ? [integration('postgres', 'postgres')] : []),
    ],
  },
});
