// The desktop packaging config (electron-builder.json), checked with electron-builder's own
// loader and schema validation (no binary is built: that needs Electron's downloads), and the
// Electron fuses it sets: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no --inspect, cookies
// encrypted, the app loaded only from its asar archive with its integrity checked.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
// app-builder-lib as electron-builder itself resolves it.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, path: string, extra: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.json', () => {
  it('passes electron-builder\'s schema, which rejects unknown keys', async () => {
    const config = await getConfig(root, `${root}electron-builder.json`, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, electronFusez: {} }, new DebugLogger(false))).rejects.toThrow('Invalid configuration object');
  });

  it('sets the Electron fuses', async () => {
    const config = await getConfig(root, `${root}electron-builder.json`, null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(config.asar).toBe(true);
    expect(JSON.stringify(config.files)).toContain('out/**/*');
  });
});
