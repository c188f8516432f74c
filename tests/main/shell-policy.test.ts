// The desktop shell's policies, on their pure modules: which links may open in the user's
// browser (only the project's docs), and that development-only environment overrides are
// ignored in a packaged app.
import { describe, expect, it } from 'vitest';
import { docsPrefixes, isAllowedExternal } from '../../src/main/external-links';
import { devOverrides } from '../../src/main/dev-overrides';

describe('external links', () => {
  const prefixes = docsPrefixes({ homepage: 'https://exitscope.example.org/docs', repository: { url: 'git+https://github.com/example/exitscope.git' } });

  it('allows only https addresses under the docs', () => {
    expect(prefixes).toEqual(['https://exitscope.example.org/docs/', 'https://github.com/example/exitscope/']);
    expect(isAllowedExternal('https://exitscope.example.org/docs/cost-model.html#fetch', prefixes)).toBe(true);
    expect(isAllowedExternal('https://github.com/example/exitscope/blob/main/docs/guest-abi.md', prefixes)).toBe(true);
    expect(isAllowedExternal('https://github.com/example/exitscope', prefixes)).toBe(true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'https://github.com/example/exitscope-evil/', 'https://github.com/other/', 'http://exitscope.example.org/docs/',
      'https://exitscope.example.org/docsx', 'https://user:pw@exitscope.example.org/docs/', 'file:///etc/passwd',
      'javascript:alert(1)', 'smb://host/share', 'https://exitscope.example.org.evil.com/docs/', 'not a url',
    ]) expect(isAllowedExternal(url, prefixes), url).toBe(false);
  });

  it('allows nothing when the package names no docs', () => {
    expect(docsPrefixes({})).toEqual([]);
    expect(isAllowedExternal('https://github.com/', [])).toBe(false);
    expect(docsPrefixes({ homepage: 'http://insecure.example/' })).toEqual([]);
  });
});

describe('development-only overrides', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/', EXITSCOPE_SQLITE_BINDING: '/tmp/evil.node' };

  it('are honoured in a development checkout', () => {
    expect(devOverrides(env, false)).toEqual({ rendererUrl: 'http://localhost:5173/', sqliteBinding: '/tmp/evil.node' });
  });

  it('are ignored in a packaged app', () => {
    expect(devOverrides(env, true)).toEqual({ rendererUrl: null, sqliteBinding: null });
  });

  it('take the renderer only from a loopback http dev server', () => {
    expect(devOverrides({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false).rendererUrl).toBeNull();
    expect(devOverrides({ ELECTRON_RENDERER_URL: 'http://10.0.0.5:5173/' }, false).rendererUrl).toBeNull();
    expect(devOverrides({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' }, false).rendererUrl).toBe('http://127.0.0.1:5173/');
  });
});
