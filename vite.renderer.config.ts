// Vite configuration of the renderer (the Vue app shown in the Electron window and, in
// `exitscope serve` mode, in a browser). It is used three ways: `npm run build:renderer`,
// electron.vite.config.ts (which reuses `rendererConfig`), and the e2e test, which builds the
// renderer through vite's JS API. `base: './'` keeps asset URLs relative, so the same output
// loads from file:// in Electron and from any path of the serve bridge.
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The dev server injects CSS as <style> elements (hot reload), which index.html's strict CSP
 * refuses; in dev only, allow inline styles. Built files keep `style-src 'self'`.
 */
function allowInlineStylesInDev(): Plugin {
  return {
    name: 'exitscope:dev-inline-styles',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"),
  };
}

export const rendererConfig: UserConfig = {
  root: fromHere('./src/renderer'),
  base: './',
  plugins: [vue(), allowInlineStylesInDev()],
  resolve: { alias: { '@renderer': fromHere('./src/renderer/src') } },
  build: {
    outDir: fromHere('./out/renderer'),
    emptyOutDir: true,
  },
};

export default defineConfig(rendererConfig);
