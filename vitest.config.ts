import { defineConfig } from 'vitest/config';

// `npm test` runs the unit tests only; the moto integration suite has its own config
// (vitest.integration.config.ts, `npm run test:integration`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/integration/**', 'node_modules/**'],
  },
});
