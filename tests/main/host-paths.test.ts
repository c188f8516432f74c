// Main-process host-path handling, on its pure modules (no Electron): the window gets grant ids
// for the files the user chose and can name nothing else; grants keep their purpose; a request
// holding a `path` anywhere never reaches the service; the service refuses grants it cannot resolve.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileGrants } from '../../src/main/file-grants';
import { fromRenderer } from '../../src/main/ipc-requests';
import { validateRequest } from '../../src/core/service/validate-request';
import { ExitScopeError } from '../../src/core/errors';

describe('FileGrants', () => {
  it('hands out opaque ids with the file name only, and resolves them for their purpose', () => {
    const grants = new FileGrants();
    const g = grants.grant('/home/u/traces/run1.txt', 'read');
    expect(g.name).toBe('run1.txt');
    expect(g.grantId).not.toContain('/');
    expect(grants.resolve(g.grantId, 'read')).toBe('/home/u/traces/run1.txt');
    expect(grants.resolve(g.grantId, 'read')).toBe('/home/u/traces/run1.txt');
    expect(() => grants.resolve(g.grantId, 'write')).toThrow('no file chosen to save with that id: choose it again');
  });

  it('uses a save grant once, and knows no id it did not make', () => {
    const grants = new FileGrants();
    const g = grants.grant('/home/u/out.csv', 'write');
    expect(grants.resolve(g.grantId, 'write')).toBe('/home/u/out.csv');
    expect(() => grants.resolve(g.grantId, 'write')).toThrow(ExitScopeError);
    expect(() => grants.resolve('/etc/passwd', 'read')).toThrow('no file chosen to open with that id: choose it again');
    expect(() => grants.resolve(undefined, 'read')).toThrow(ExitScopeError);
  });
});

describe('requests from the window', () => {
  it('turns an import grant into the path main kept, and validates as the service does', () => {
    const grants = new FileGrants();
    const g = grants.grant('/data/t.txt', 'read');
    const req = fromRenderer('traces/import', { importId: 'i1', source: { kind: 'granted', grantId: g.grantId } }, grants);
    expect(validateRequest('traces/import', req)).toEqual({ importId: 'i1', source: { kind: 'path', path: '/data/t.txt' } });
  });

  it('turns an export grant into the path of the save dialog', () => {
    const grants = new FileGrants();
    const g = grants.grant('/data/out.csv', 'write');
    expect(validateRequest('traces/export-csv', fromRenderer('traces/export-csv', { traceId: 3, grantId: g.grantId }, grants)))
      .toEqual({ traceId: 3, path: '/data/out.csv' });
  });

  it('refuses host paths, and a read grant used for writing', () => {
    const grants = new FileGrants();
    const msg = 'traces/import: the window cannot name host files; choose them with File > Import / Export (or drop them on the window)';
    expect(() => fromRenderer('traces/import', { importId: 'i', source: { kind: 'path', path: '/etc/shadow' } }, grants)).toThrow(msg);
    expect(() => fromRenderer('traces/export-csv', { traceId: 1, path: '/root/.bashrc' }, grants)).toThrow('traces/export-csv: the window cannot name host files');
    const read = grants.grant('/data/t.txt', 'read');
    expect(() => fromRenderer('traces/export-csv', { traceId: 1, grantId: read.grantId }, grants)).toThrow('no file chosen to save with that id');
  });

  it('never lets a field named path through, at any depth, for any command (property)', () => {
    const grants = new FileGrants();
    const names = ['app/info', 'traces/list', 'traces/import', 'traces/export-csv', 'runs/start'] as const;
    const withPath = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.record({ path: fc.jsonValue() }),
        fc.dictionary(fc.string().filter((k) => k !== 'path' && k !== '__proto__'), tie('node'), { minKeys: 1, maxKeys: 3 }).map((d) => ({ ...d, nested: { path: '/x' } })),
        fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
      ),
    })).node;
    fc.assert(fc.property(fc.constantFrom(...names), withPath, (name, payload) => {
      expect(() => fromRenderer(name, payload, grants)).toThrow('the window cannot name host files');
    }));
  });
});

describe('the service without a desktop shell', () => {
  it('names a grant it cannot resolve', () => {
    expect(validateRequest('traces/import', { importId: 'i', source: { kind: 'granted', grantId: 'g' } })).toEqual({ importId: 'i', source: { kind: 'granted', grantId: 'g' } });
    expect(() => validateRequest('traces/export-csv', { traceId: 1, grantId: 'g', path: '/x' })).toThrow('path: unknown field');
  });
});

describe('files named on the command line', () => {
  it('keeps the existing regular files after the app\'s own arguments, resolved against the start directory', async () => {
    const { commandLineFiles } = await import('../../src/main/command-line-files');
    const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'exitscope-argv-'));
    writeFileSync(join(dir, 'a.txt'), 'x');
    mkdirSync(join(dir, 'sub'));
    expect(commandLineFiles(['/opt/ExitScope/exitscope', '--no-sandbox', 'a.txt', 'sub', 'missing.txt', join(dir, 'a.txt')], true, dir)).toEqual([join(dir, 'a.txt')]);
    // Development: electron <appDir> [files]: the app directory is not a file to import.
    expect(commandLineFiles(['/x/electron', dir, 'a.txt'], false, dir)).toEqual([join(dir, 'a.txt')]);
    expect(commandLineFiles(['/x/electron', dir], false, dir)).toEqual([]);
  });
});
