// Parses `--param name=value` (repeatable) for `exitscope run` against the workload's parameter
// specs. Names are letters and digits (so `__proto__` or `constructor` never reach an object),
// each given at most once. Integer parameters take decimal digits; ports and plain values (an
// integer parameter whose unit is 'port' or that has no unit) also take 0x hex, as the docs
// write them. Choice and text parameters take the text as is. Ranges are checked later by the
// workload (resolveParams), which names the workload and the parameter.
import { WORKLOADS } from '../workloads/index';
import type { ParamSpec } from '../workloads/index';
import { ExitScopeError } from '../errors';

const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

function hexAllowed(p: ParamSpec): boolean {
  return p.kind === 'int' && (p.unit === undefined || p.unit === 'port');
}

export function parseParams(workload: string, items: readonly string[]): Record<string, number | string> {
  const specs = WORKLOADS.find((w) => w.id === workload)?.params;
  const out: Record<string, number | string> = Object.create(null) as Record<string, number | string>;
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ExitScopeError('ValidationError', `--param ${item}: expected name=value`);
    const name = item.slice(0, eq);
    const v = item.slice(eq + 1);
    if (!PARAM_NAME.test(name)) throw new ExitScopeError('ValidationError', `--param ${item}: "${name}" is not a parameter name (letters and digits)`);
    if (Object.prototype.hasOwnProperty.call(out, name)) throw new ExitScopeError('ValidationError', `--param ${name} is given twice`);
    const spec = specs?.find((p) => p.name === name);
    if (spec === undefined || spec.kind !== 'int') {
      // Unknown names are reported by the workload with its list of parameters.
      out[name] = spec === undefined && /^\d{1,16}$/.test(v) ? Number(v) : v;
      continue;
    }
    if (/^\d{1,16}$/.test(v)) out[name] = Number(v);
    else if (hexAllowed(spec) && /^0x[0-9a-f]{1,8}$/i.test(v)) out[name] = Number(v);
    else {
      throw new ExitScopeError('ValidationError', `--param ${item}: expected a whole number in decimal digits${hexAllowed(spec) ? ' or 0x hex' : ''}` +
        ` (${spec.unit ? `in ${spec.unit}` : 'an integer'}, ${spec.min} to ${spec.max})`);
    }
  }
  return { ...out };
}
