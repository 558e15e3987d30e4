import { defineConfig } from 'vitest/config';

// Four suites (STYLE.md §7): unit (pure, no I/O), integration (DynamoDB Local), api (black-box HTTP
// against the local runtime started as a child process), infra (CDK synth + cdk-nag); and bench, which
// proves the quick benchmark still runs.
export default defineConfig({
  test: {
    reporters: ['default'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    projects: [
      // Pure, but generating the whole OpenAPI document takes seconds on a busy 2-core machine.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/dynamodb-local.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/setup/local-runtime.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
      },
      {
        // Runs `npm run bench -- --quick` once (its own DynamoDB Local and runtime); checks it works, not its figures.
        extends: true,
        test: { name: 'bench', include: ['test/bench/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 600_000 },
      },
    ],
  },
});
