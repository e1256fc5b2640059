import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Model inference and whole-folder scans are CPU bound on a 2-core machine: run files one at a time
    // so that end-to-end tests do not starve each other, and give them room.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
