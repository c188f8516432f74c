// Memoized pricing for the ExitRecorder: an exit's cost components depend only on its pricing
// inputs — mechanism, device location, buffer walk levels, userspace round trips, the decoder's
// step counts, and per operation its form, element count and device class — and the profile, so
// a run's exits (a loop repeating a few I/O instructions) are priced once per distinct input and
// then copied. The memo compares inputs field by field against its most recently used entries
// (no string keys per exit); a miss prices with priceExitCycles exactly as before.
// Invariant: for the same profile, price() fills `out` and returns the total exactly as
// priceExitCycles(facts of the same inputs) does.
import { COMPONENTS, priceExitCycles, stepsFromCounters } from '../cost/index';
import type { ExitFacts, IoOperation, Mechanism, Profile } from '../cost/index';
import type { DecodeSteps } from './decode-steps';

/** One operation as priced: its form, its elements and its device's class (null: none). */
export interface PricedOp {
  formId: number;
  count: number;
  deviceClass: string | null;
}

export interface PriceInputs {
  mechanism: Mechanism;
  location: 'kernel' | 'userspace';
  bufferWalkLevels: number;
  userspaceTrips: number | undefined;
  steps: DecodeSteps | null;
  /** The operations are ops[0 .. opCount-1] (the array may be a longer scratch array). */
  ops: readonly PricedOp[];
  opCount: number;
}

interface Entry {
  mechanism: Mechanism;
  key: Float64Array;
  classes: (string | null)[];
  components: Float64Array;
  total: number;
}

const KEPT = 16;

export class ExitPriceMemo {
  private readonly entries: Entry[] = [];
  private key = new Float64Array(32);
  private keyLength = 0;

  constructor(private readonly profile: Profile) {}

  /** The components of an exit with these inputs into `out` (COMPONENTS order); returns the total. */
  price(x: PriceInputs, out: Float64Array): number {
    this.fillKey(x);
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (!this.matches(e, x)) continue;
      if (i > 0) {
        entries.splice(i, 1);
        entries.unshift(e);
      }
      out.set(e.components);
      return e.total;
    }
    const total = priceExitCycles(this.facts(x), this.profile, out);
    entries.unshift({
      mechanism: x.mechanism, key: this.key.slice(0, this.keyLength), classes: x.ops.slice(0, x.opCount).map((o) => o.deviceClass),
      components: out.slice(0, COMPONENTS.length), total,
    });
    if (entries.length > KEPT) entries.pop();
    return total;
  }

  private fillKey(x: PriceInputs): void {
    const need = 12 + 2 * x.opCount;
    if (this.key.length < need) this.key = new Float64Array(need * 2);
    const k = this.key;
    const s = x.steps;
    k[0] = x.location === 'userspace' ? 1 : 0;
    k[1] = x.bufferWalkLevels;
    k[2] = x.userspaceTrips ?? -1;
    k[3] = s ? 1 : 0;
    k[4] = s ? s.bytesFetched : 0;
    k[5] = s ? s.walkLevels : 0;
    k[6] = s ? s.tlbHits : 0;
    k[7] = s ? s.prefixes : 0;
    k[8] = s ? s.branches : 0;
    k[9] = s ? s.tableLookups : 0;
    k[10] = x.opCount;
    let n = 11;
    for (let i = 0; i < x.opCount; i++) {
      const op = x.ops[i]!;
      k[n++] = op.formId;
      k[n++] = op.count;
    }
    this.keyLength = n;
  }

  private matches(e: Entry, x: PriceInputs): boolean {
    if (e.mechanism !== x.mechanism || e.key.length !== this.keyLength) return false;
    const k = this.key;
    for (let i = 0; i < this.keyLength; i++) if (e.key[i] !== k[i]) return false;
    for (let i = 0; i < x.opCount; i++) if (e.classes[i] !== x.ops[i]!.deviceClass) return false;
    return true;
  }

  /** The cost model's facts for the inputs (what the recorder built before memoizing). */
  private facts(x: PriceInputs): ExitFacts {
    const ops = x.ops.slice(0, x.opCount).map((op): IoOperation => (op.deviceClass === null ? { formId: op.formId, count: op.count } : { formId: op.formId, count: op.count, deviceClass: op.deviceClass }));
    const facts: ExitFacts = { mechanism: x.mechanism, ops, location: x.location, bufferWalkLevels: x.bufferWalkLevels };
    if (x.userspaceTrips !== undefined) facts.userspaceTrips = x.userspaceTrips;
    if (x.steps) {
      const s = stepsFromCounters(x.steps);
      facts.fetch = s.fetch;
      facts.decode = s.decode;
    }
    return facts;
  }
}
