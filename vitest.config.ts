import { defineConfig } from 'vitest/config';

// `npm test` runs the unit tests only; the moto integration suite has its own config
// (vitest.integration.config.ts, `npm run test:integration`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/integration/**', 'node_modules/**'],
    testTimeout: 20_000,
    // Fixed terminal settings for the component tests. ink draws nothing but the last frame when it
    // believes it runs in CI (CI=true, as .ci/run sets): the tests drive a terminal, so they say
    // they are not in CI, whatever the machine says.
    env: { CI: '0', CONTINUOUS_INTEGRATION: '0', TZ: 'UTC' },
  },
});
