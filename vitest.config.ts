import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built binary; a 2-core CI machine needs the headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
