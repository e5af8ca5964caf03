/**
 * Blockcloud's Proof-of-Service record Δ (paper §V, Def. 2; spec codag.md §3.1): a ring of n probe
 * results Γ (0 success, 1 failure), the writer of each slot V, and a cyclic counter. Every n-th write
 * closes a round and Decide rewards or penalises the provider and pays each writer of a slot.
 */
import { InputError } from "../input-error.js";

/** The record's size and reward threshold (spec codag.md §3.1). */
export interface PosParams {
  /** Slots of the record (probes per decision), n ≥ 1. */
  readonly n: number;
  /** Threshold on successes: reward iff s ≥ δ (strict: s > δ), δ an integer in 0..n. */
  readonly delta: number;
  /** The paper's prose says "more than δ" (A22): s > δ instead of s ≥ δ. */
  readonly strict: boolean;
}

/** Validates n ≥ 1 and δ ∈ 0..n (InputError otherwise); `strict` defaults to false. */
export function posParams(o: { n: number; delta: number; strict?: boolean }): PosParams {
  if (!Number.isInteger(o.n) || o.n < 1) throw new InputError(`n must be an integer >= 1 (got ${o.n})`);
  if (!Number.isInteger(o.delta) || o.delta < 0 || o.delta > o.n) throw new InputError(`δ must be an integer in 0..n = 0..${o.n} (got ${o.delta})`);
  return { n: o.n, delta: o.delta, strict: o.strict === true };
}

/** Successes needed for a reward: δ, or δ + 1 under the strict reading. */
export function successesNeeded(p: PosParams): number {
  return p.strict ? p.delta + 1 : p.delta;
}

/** The outcome of one Decide. */
export interface Decision {
  /** 1 for the first decision of the record, 2 for the next... */
  readonly round: number;
  /** s = #{i : Γ_i = 0} = n − ΣΓ (A22: Γ counts failures, the threshold successes). */
  readonly successes: number;
  /** True if the provider was rewarded, false if penalised. */
  readonly rewarded: boolean;
}

/** The record Δ of one service with running tallies; mutated in place by {@link verify} and {@link decide}. */
export interface PosRecord {
  /** n, δ and the strict reading. */
  readonly params: PosParams;
  /** Γ_i: 0 success, 1 failure. All zeros before any write (A21: slots are overwritten, never cleared). */
  readonly gamma: Uint8Array;
  /** V_i: the verifier that last wrote slot i, −1 before its first write. */
  readonly writers: Int32Array;
  /** The slot the next write goes to, 0..n−1. */
  counter: number;
  /** Verify calls so far. */
  writes: number;
  /** Decide calls so far. */
  decisions: number;
  /** Decisions that rewarded the provider. */
  rewards: number;
  /** Decisions that penalised the provider. */
  penalties: number;
  /** Units paid so far to each verifier id 0..pool−1: one per slot it had written at a Decide. */
  readonly units: Float64Array;
}

/** An empty record; verifier ids are 0..pool−1, so that Decide can pay them in an array. */
export function createRecord(params: PosParams, pool: number): PosRecord {
  if (!Number.isInteger(pool) || pool < 1) throw new InputError(`the verifier pool must be an integer >= 1 (got ${pool})`);
  return {
    params,
    gamma: new Uint8Array(params.n),
    writers: new Int32Array(params.n).fill(-1),
    counter: 0,
    writes: 0,
    decisions: 0,
    rewards: 0,
    penalties: 0,
    units: new Float64Array(pool),
  };
}

/**
 * Verify(Δ, verifier, ok): write the probe result in slot `counter`, advance the counter cyclically
 * (A21) and, when it wraps to 0, Decide. Returns the decision of this write, or null.
 * Writes are serialised (the paper's compare-and-set on the counter): callers call this in order.
 */
export function verify(record: PosRecord, verifier: number, ok: boolean): Decision | null {
  if (!(verifier >= 0 && verifier < record.units.length && Number.isInteger(verifier))) throw new InputError(`verifier id must be an integer in 0..${record.units.length - 1} (got ${verifier})`);
  const i = record.counter;
  record.gamma[i] = ok ? 0 : 1;
  record.writers[i] = verifier;
  record.writes++;
  record.counter = i + 1 === record.params.n ? 0 : i + 1;
  return record.counter === 0 ? decide(record) : null;
}

/** Decide(Δ): reward iff enough successes, else penalise; each V_i is paid one unit per slot. */
export function decide(record: PosRecord): Decision {
  const { n } = record.params;
  let failures = 0;
  for (let i = 0; i < n; i++) failures += record.gamma[i];
  const successes = n - failures;
  const rewarded = successes >= successesNeeded(record.params);
  if (rewarded) record.rewards++;
  else record.penalties++;
  // A slot never written (only if Decide is called by hand before n writes) pays no one.
  for (let i = 0; i < n; i++) {
    const w = record.writers[i];
    if (w >= 0) record.units[w] += 1;
  }
  record.decisions++;
  return { round: record.decisions, successes, rewarded };
}
