/**
 * Seeded simulation of the PoS record (spec codag.md §3.3): epochs of n Verify calls on the real record
 * of formulations/pos/record.ts, each probe drawn, each write by a verifier from a pool, liars lying.
 */
import { match } from "ts-pattern";
import { InputError } from "../../formulations/input-error.js";
import { createRecord, type PosSetting, verify } from "../../formulations/pos/index.js";
import { Prng } from "../shared/prng.js";

/** Default number of verifiers outside any coalition (SimulateOptions.pool). */
export const DEFAULT_POOL = 1000;

/** Length, seed and verifier pool of one {@link simulatePos} run. */
export interface SimulateOptions {
  /** Epochs (rounds of n Verify calls, one Decide each), ≥ 1. */
  readonly epochs: number;
  /** Seed of the run's generator. */
  readonly seed: number;
  /** Verifiers outside any coalition; a liar fraction f of them lies (at least one when f > 0). */
  readonly pool?: number;
}

/** Units Decide paid out over a run (one per slot written), in all and by kind of verifier. */
export interface VerifierUnits {
  /** All units paid: epochs·n. */
  readonly total: number;
  /** Units paid to honest verifiers. */
  readonly honest: number;
  /** Units paid to randomly lying verifiers. */
  readonly liars: number;
  /** Units paid to the coalition's fixed slots. */
  readonly coalition: number;
}

/** The tallies of one simulated record, to compare with the exact rates of §3.2. */
export interface SimulationResult {
  /** The probes' true success probability. */
  readonly pTrue: number;
  /** Epochs simulated. */
  readonly epochs: number;
  /** The seed used. */
  readonly seed: number;
  /** Verify calls: epochs·n. */
  readonly writes: number;
  /** Decide calls: one per epoch. */
  readonly decisions: number;
  /** Epochs that rewarded the provider. */
  readonly rewards: number;
  /** Epochs that penalised the provider. */
  readonly penalties: number;
  /** Simulated P(reward): rewards / epochs. */
  readonly rate: number;
  /** Units Decide paid out, by kind of verifier (A23: the paper pays liars like anyone else). */
  readonly units: VerifierUnits;
  /** Verifiers that earned at least one unit. */
  readonly paidVerifiers: number;
}

/**
 * Runs `epochs` rounds of n Verify calls on a fresh record: each probe succeeds with p_true, liars and any
 * coalition report as `s` says. Throws if Decide fires anywhere but on every n-th write.
 */
export function simulatePos(s: PosSetting, pTrue: number, o: SimulateOptions): SimulationResult {
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new InputError(`epochs must be an integer >= 1 (got ${o.epochs})`);
  if (!(pTrue >= 0 && pTrue <= 1)) throw new InputError(`p_true must be a probability in [0, 1] (got ${pTrue})`);
  const pool = o.pool ?? DEFAULT_POOL;
  if (!Number.isInteger(pool) || pool < 2) throw new InputError(`the verifier pool must be an integer >= 2 (got ${pool})`);
  const f = s.liars?.f ?? 0;
  const eps = s.liars?.epsilon ?? 0;
  // Ids: honest 0..H−1, liars H..H+L−1, coalition members after them (one per fixed slot).
  const liarCount = f === 0 ? 0 : f === 1 ? pool : Math.min(pool - 1, Math.max(1, Math.round(f * pool)));
  const honestCount = pool - liarCount;
  const k = s.coalition?.k ?? 0;
  const coalitionOk = s.coalition ? s.coalition.kind === "colluder" : false;
  const kind = s.liars?.kind ?? "slanderer";
  // What a liar writes given the probe: the kind is fixed per run, so pick the function once.
  const lie = match(kind)
    .with("slanderer", () => (_ok: boolean, _u: number) => false)
    .with("colluder", () => (_ok: boolean, _u: number) => true)
    .with("noisy", () => (ok: boolean, u: number) => (u < eps ? !ok : ok))
    .exhaustive();
  const record = createRecord(s, pool + k);
  const rng = new Prng(o.seed >>> 0);
  const { n } = s;
  for (let e = 0; e < o.epochs; e++) {
    for (let j = 0; j < n; j++) {
      let who: number;
      let ok: boolean;
      if (j < k) {
        // The coalition holds slots 0..k−1 of every round (each epoch starts at counter 0).
        who = pool + j;
        ok = coalitionOk;
      } else {
        const probe = rng.float() < pTrue;
        if (liarCount > 0 && rng.float() < f) {
          who = honestCount + rng.int(liarCount);
          ok = lie(probe, rng.float());
        } else {
          who = honestCount === 0 ? 0 : rng.int(honestCount);
          ok = probe;
        }
      }
      const decision = verify(record, who, ok);
      // Decide must fire on the n-th write of the epoch and on no other.
      if ((decision !== null) !== (j === n - 1)) throw new Error(`PoS record: Decide ${decision ? "fired" : "did not fire"} at write ${j + 1} of ${n} in epoch ${e}`);
    }
  }
  if (record.decisions !== o.epochs || record.writes !== o.epochs * n) throw new Error(`PoS record: ${record.decisions} decisions for ${record.writes} writes (n = ${n}, ${o.epochs} epochs)`);
  const sum = (a: number, b: number) => {
    let t = 0;
    for (let i = a; i < b; i++) t += record.units[i];
    return t;
  };
  let paid = 0;
  for (let i = 0; i < record.units.length; i++) if (record.units[i] > 0) paid++;
  const units = { total: sum(0, pool + k), honest: sum(0, honestCount), liars: sum(honestCount, pool), coalition: sum(pool, pool + k) };
  return {
    pTrue,
    epochs: o.epochs,
    seed: o.seed,
    writes: record.writes,
    decisions: record.decisions,
    rewards: record.rewards,
    penalties: record.penalties,
    rate: record.rewards / o.epochs,
    units,
    paidVerifiers: paid,
  };
}
