// A seeded mutator over KVM trace text: from one fixture and one seed, a file the import must
// survive. Each case applies 1-3 of the mutations below (chosen and parameterised by the seed,
// so a case is reproduced from its seed alone): bit flips, truncation, duplicated, deleted and
// shuffled lines, huge and non-finite numbers in place of a number, CRLF line ends, a long line,
// binary junk, a mailer's line wrapping, and gzip (of the text, of junk, or cut short).
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../bench/gen-kvm-trace';


type Rng = () => number;
const pick = (rng: Rng, n: number): number => Math.floor(rng() * n);

const NUMBERS = ['NaN', 'Infinity', '-Infinity', '-1', '1e309', '-0', '0x', '18446744073709551616', '9'.repeat(309), '0.' + '9'.repeat(400), '4294967296'];

function lines(b: Buffer): string[] {
  return b.toString('latin1').split('\n');
}
const join = (ls: string[]): Buffer => Buffer.from(ls.join('\n'), 'latin1');

export const MUTATIONS: Record<string, (b: Buffer, rng: Rng) => Buffer> = {
  bitFlips(b, rng) {
    const out = Buffer.from(b);
    for (let k = 1 + pick(rng, 8); k > 0 && out.length > 0; k--) out[pick(rng, out.length)]! ^= 1 << pick(rng, 8);
    return out;
  },
  truncate(b, rng) {
    return b.subarray(0, pick(rng, b.length + 1));
  },
  duplicateLines(b, rng) {
    const ls = lines(b);
    for (let k = 1 + pick(rng, 5); k > 0; k--) {
      const i = pick(rng, ls.length);
      ls.splice(i, 0, ...ls.slice(i, i + 1 + pick(rng, 4)));
    }
    return join(ls);
  },
  deleteLines(b, rng) {
    const ls = lines(b);
    for (let k = 1 + pick(rng, 5); k > 0 && ls.length > 0; k--) ls.splice(pick(rng, ls.length), 1 + pick(rng, 3));
    return join(ls);
  },
  shuffleLines(b, rng) {
    const ls = lines(b);
    const from = pick(rng, ls.length);
    const to = Math.min(ls.length, from + 2 + pick(rng, 20));
    for (let i = to - 1; i > from; i--) {
      const j = from + pick(rng, i - from + 1);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    }
    return join(ls);
  },
  hugeNumber(b, rng) {
    const s = b.toString('latin1');
    const runs = [...s.matchAll(/\d+/g)];
    if (runs.length === 0) return b;
    const out: string[] = [];
    let last = 0;
    for (let k = 1 + pick(rng, 3); k > 0; k--) {
      const m = runs[pick(rng, runs.length)]!;
      if (m.index! < last) continue;
      out.push(s.slice(last, m.index), rng() < 0.5 ? NUMBERS[pick(rng, NUMBERS.length)]! : '9'.repeat(10 + pick(rng, 400)));
      last = m.index! + m[0].length;
    }
    out.push(s.slice(last));
    return Buffer.from(out.join(''), 'latin1');
  },
  crlf(b) {
    return Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
  },
  longLine(b, rng) {
    const ls = lines(b);
    const len = rng() < 0.3 ? (1 << 20) + 1 + pick(rng, 4096) : 1000 + pick(rng, 200_000);
    const base = ls[pick(rng, ls.length)] ?? '';
    ls.splice(pick(rng, ls.length + 1), 0, base + ' ' + 'x'.repeat(len));
    return join(ls);
  },
  binaryJunk(b, rng) {
    const junk = Buffer.alloc(1 + pick(rng, 512));
    for (let i = 0; i < junk.length; i++) junk[i] = pick(rng, 256);
    const at = pick(rng, b.length + 1);
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  },
  mailWrap(b, rng) {
    const width = 60 + pick(rng, 18);
    const out: string[] = [];
    for (const l of lines(b)) {
      let rest = l;
      while (rest.length > width) {
        const sp = rest.lastIndexOf(' ', width);
        const cut = sp > 0 ? sp : width;
        out.push(rest.slice(0, cut));
        rest = rest.slice(sp > 0 ? cut + 1 : cut);
      }
      out.push(rest);
    }
    return join(out);
  },
};

/** The last step, applied to the finished text: gzip it, gzip junk, or gzip and cut it short. */
function gzipStep(b: Buffer, rng: Rng): Buffer {
  const r = rng();
  if (r < 0.4) return gzipSync(b);
  if (r < 0.7) {
    const z = gzipSync(b);
    return z.subarray(0, pick(rng, z.length));
  }
  const junk = Buffer.alloc(pick(rng, 64));
  for (let i = 0; i < junk.length; i++) junk[i] = pick(rng, 256);
  return rng() < 0.5 ? gzipSync(junk) : Buffer.concat([Buffer.from([0x1f, 0x8b]), junk]);
}

export interface MutatedCase {
  bytes: Buffer;
  /** The mutations applied, in order (to report a failing case). */
  steps: string[];
}

export function mutate(fixture: Buffer, seed: number): MutatedCase {
  const rng = mulberry32(seed);
  const names = Object.keys(MUTATIONS);
  let bytes = fixture;
  const steps: string[] = [];
  for (let k = 1 + pick(rng, 3); k > 0; k--) {
    const name = names[pick(rng, names.length)]!;
    bytes = MUTATIONS[name]!(bytes, rng);
    steps.push(name);
  }
  if (rng() < 0.1) {
    bytes = gzipStep(bytes, rng);
    steps.push('gzip');
  }
  return { bytes, steps };
}
