// Number formatting shared by the derivation lines of the cost model.

/** An integer as is, anything else with one decimal. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
