// Parameters: defaults, validation and patching into (a copy of) an image's parameter block.
// Every error is a ParamError whose message starts with the workload and parameter, e.g.
// 'ne2000_tx: frameLen must be an integer from 60 to 1514 (got 20)'.
import { readHeader } from './image';
import type { ParamSpec, ParamValue, ParamValues, WorkloadSpec } from './types';

export class ParamError extends Error {
  constructor(readonly workload: string, readonly param: string | null, problem: string) {
    super(param === null ? `${workload}: ${problem}` : `${workload}: ${param} ${problem}`);
    this.name = 'ParamError';
  }
}

export function defaultParams(w: WorkloadSpec): ParamValues {
  return Object.fromEntries(w.params.map((p) => [p.name, p.default]));
}

const LATIN1_MAX = 0xff;

function checkOne(w: WorkloadSpec, p: ParamSpec, v: unknown): ParamValue {
  const fail = (problem: string): never => {
    throw new ParamError(w.id, p.name, problem);
  };
  switch (p.kind) {
    case 'int': {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < p.min || v > p.max) {
        fail(`must be an integer from ${p.min} to ${p.max} (got ${JSON.stringify(v)})`);
      }
      const n = v as number;
      if (p.allowed && !p.allowed.includes(n)) fail(`must be one of ${p.allowed.join(', ')} (got ${n})`);
      return n;
    }
    case 'choice':
      if (typeof v !== 'string' || !p.choices.includes(v)) fail(`must be one of ${p.choices.join(', ')} (got ${JSON.stringify(v)})`);
      return v as string;
    case 'text': {
      if (typeof v !== 'string') return fail(`must be a string (got ${JSON.stringify(v)})`);
      if (v.length === 0 || v.length > p.capacity) fail(`must be 1 to ${p.capacity} characters (got ${v.length})`);
      for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > LATIN1_MAX) fail(`must be latin1 text (character ${i} is U+${v.charCodeAt(i).toString(16)})`);
      return v;
    }
  }
}

/**
 * Checks `values` (a partial set; missing ones take their defaults) and returns the full set.
 * Unknown names are errors, so a typo never silently runs the default.
 */
export function resolveParams(w: WorkloadSpec, values: Readonly<Record<string, unknown>> = {}): ParamValues {
  const known = new Set(w.params.map((p) => p.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) throw new ParamError(w.id, name, `is not a parameter of this workload (it has: ${[...known].join(', ')})`);
  }
  const out: ParamValues = {};
  for (const p of w.params) out[p.name] = checkOne(w, p, values[p.name] === undefined ? p.default : values[p.name]);
  const problem = w.check?.(out) ?? null;
  if (problem !== null) throw new ParamError(w.id, null, problem);
  return out;
}

function blockView(w: WorkloadSpec, image: Uint8Array): { view: DataView; base: number } {
  const h = readHeader(image);
  if (h.id !== w.id) throw new ParamError(w.id, null, `image is for workload "${h.id}"`);
  if (h.paramsSize !== w.paramsSize) throw new ParamError(w.id, null, `image parameter block is ${h.paramsSize} bytes, catalogue says ${w.paramsSize}`);
  return { view: new DataView(image.buffer, image.byteOffset, image.byteLength), base: h.paramsOffset };
}

/** A copy of `image` with the parameters written into its parameter block. */
export function patchParams(w: WorkloadSpec, image: Uint8Array, values: Readonly<Record<string, unknown>> = {}): Uint8Array {
  const resolved = resolveParams(w, values);
  const out = image.slice();
  const { view, base } = blockView(w, out);
  for (const p of w.params) {
    const v = resolved[p.name];
    if (p.kind === 'int') view.setUint32(base + p.offset, v as number, true);
    else if (p.kind === 'choice') view.setUint32(base + p.offset, p.choices.indexOf(v as string), true);
    else {
      const text = v as string;
      for (let i = 0; i < p.capacity; i++) view.setUint8(base + p.offset + i, i < text.length ? text.charCodeAt(i) : 0);
      view.setUint32(base + p.lengthOffset, text.length, true);
    }
  }
  return out;
}

/** The parameter values stored in an image (its defaults, or what patchParams wrote). */
export function readParams(w: WorkloadSpec, image: Uint8Array): ParamValues {
  const { view, base } = blockView(w, image);
  const out: ParamValues = {};
  for (const p of w.params) {
    const raw = view.getUint32(base + p.offset, true);
    if (p.kind === 'int') out[p.name] = raw;
    else if (p.kind === 'choice') {
      const choice = p.choices[raw];
      if (choice === undefined) throw new ParamError(w.id, p.name, `holds ${raw}, not a valid choice index`);
      out[p.name] = choice;
    } else {
      const len = Math.min(view.getUint32(base + p.lengthOffset, true), p.capacity);
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(view.getUint8(base + p.offset + i));
      out[p.name] = s;
    }
  }
  return out;
}
