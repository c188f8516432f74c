// Two test projects: `unit` (core, main, renderer logic, integration against real SQLite
// files) and `e2e` (the built renderer served by `exitscope serve`, driven in Debian's
// chromium through playwright-core). `npm test` runs both after lint and typecheck.
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const rendererSrc = fileURLToPath(new URL('./src/renderer/src', import.meta.url));

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@renderer': rendererSrc } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
