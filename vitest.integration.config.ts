import { defineConfig } from 'vitest/config';

// The moto integration suite (`npm run test:integration`): a real AWS-protocol server on
// 127.0.0.1, seeded through the SDK. Slower than the unit tests, and kept out of `npm test`.
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One moto per file; files one at a time keeps the machine quiet.
    fileParallelism: false,
  },
});
