import { describe, expect, it } from 'vitest';
import { baseName, progressFraction } from '../../../src/renderer/src/state/import-progress';

describe('progressFraction', () => {
  const progress = { importId: 'x', bytesRead: 250, totalBytes: 1000, lines: 10, exits: 3 };

  it('is bytes read over total', () => {
    expect(progressFraction(progress)).toBe(0.25);
  });

  it('is null (indeterminate) without a known total', () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction({ ...progress, totalBytes: null })).toBeNull();
    expect(progressFraction({ ...progress, totalBytes: 0 })).toBeNull();
  });

  it('never leaves 0..1', () => {
    expect(progressFraction({ ...progress, bytesRead: 2000 })).toBe(1);
  });
});

describe('baseName', () => {
  it('takes the last part of POSIX and Windows paths', () => {
    expect(baseName('/home/me/traces/kvm.txt')).toBe('kvm.txt');
    expect(baseName('C:\\traces\\kvm.txt')).toBe('kvm.txt');
    expect(baseName('kvm.txt')).toBe('kvm.txt');
    expect(baseName('/tmp/dir/')).toBe('dir');
  });
});
