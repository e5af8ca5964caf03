/**
 * Exact decision error rates of the PoS record (spec codag.md §3.2). With independent probes and
 * verifiers, the successes s of a round are binomial, so P(reward) = P(s ≥ δ) is a binomial tail; the
 * record is a single-sampling acceptance plan ("accept if failures ≤ n − δ").
 */
import { match } from "ts-pattern";
import { binomialCdf, binomialPmf, binomialTail } from "../binomial.js";
import { InputError } from "../input-error.js";
import { type PosParams, posParams, successesNeeded } from "./record.js";

export { binomialCdf, binomialPmf, binomialTail, logFactorial } from "../binomial.js";

/** The kinds of lying verifier (§3.2): slanderers report failure, colluders success, noisy ones flip with ε. */
export const LIAR_KINDS = ["slanderer", "colluder", "noisy"] as const;
/** One of {@link LIAR_KINDS}. */
export type LiarKind = (typeof LIAR_KINDS)[number];
/** The kinds of coalition on fixed slots: reporting failure (slanderer) or success (colluder). */
export const COALITION_KINDS = ["slanderer", "colluder"] as const;
/** One of {@link COALITION_KINDS}. */
export type CoalitionKind = (typeof COALITION_KINDS)[number];

/** Each write's verifier lies with probability f: always failure, always success, or flips with ε. */
export interface Liars {
  /** Probability f in [0, 1] that a write's verifier lies. */
  readonly f: number;
  /** How a liar reports. */
  readonly kind: LiarKind;
  /** Flip probability of a noisy liar (ignored by the other kinds). */
  readonly epsilon: number;
}

/** A coalition holding k fixed slots of every round, reporting failure (slanderer) or success. */
export interface Coalition {
  /** Slots held, an integer in 0..n. */
  readonly k: number;
  /** What the coalition reports on its slots. */
  readonly kind: CoalitionKind;
}

/** A record's parameters with the adversary the rates are computed against. */
export interface PosSetting extends PosParams {
  /** Randomly lying verifiers; null when every verifier is honest. */
  readonly liars: Liars | null;
  /** A coalition on fixed slots; null when there is none. */
  readonly coalition: Coalition | null;
}

function checkProbability(name: string, x: number): void {
  if (!(x >= 0 && x <= 1)) throw new InputError(`${name} must be a probability in [0, 1] (got ${x})`);
}

/** Validates the record parameters, the liars and the coalition (InputError otherwise); absent adversaries become null. */
export function posSetting(o: { n: number; delta: number; strict?: boolean; liars?: Liars | null; coalition?: Coalition | null }): PosSetting {
  const params = posParams(o);
  const liars = o.liars ?? null;
  const coalition = o.coalition ?? null;
  if (liars) {
    checkProbability("the liar fraction f", liars.f);
    checkProbability("the noise ε", liars.epsilon);
    if (!(LIAR_KINDS as readonly string[]).includes(liars.kind)) throw new InputError(`unknown liar kind ${JSON.stringify(liars.kind)}: expected one of ${LIAR_KINDS.join(", ")}`);
  }
  if (coalition) {
    if (!Number.isInteger(coalition.k) || coalition.k < 0 || coalition.k > params.n) throw new InputError(`the coalition must hold an integer number of slots in 0..n = 0..${params.n} (got ${coalition.k})`);
    if (!(COALITION_KINDS as readonly string[]).includes(coalition.kind)) throw new InputError(`unknown coalition kind ${JSON.stringify(coalition.kind)}: expected one of ${COALITION_KINDS.join(", ")}`);
  }
  return { ...params, liars, coalition };
}

// ---------------------------------------------------------------------------------------------
// The PoS record's rates.

/** σ: the chance that a liar reports success, given the true success probability of a probe. */
export function liarReport(kind: LiarKind, pTrue: number, epsilon: number): number {
  return match(kind)
    .with("slanderer", () => 0)
    .with("colluder", () => 1)
    .with("noisy", () => pTrue * (1 - epsilon) + (1 - pTrue) * epsilon)
    .exhaustive();
}

/** p_rep = (1 − f)·p_true + f·σ: the chance that a written slot reads success. */
export function reportedSuccess(pTrue: number, liars: Liars | null): number {
  checkProbability("p_true", pTrue);
  if (!liars || liars.f === 0) return pTrue;
  return (1 - liars.f) * pTrue + liars.f * liarReport(liars.kind, pTrue, liars.epsilon);
}

/** The successes a round needs from the slots outside the coalition, and how many such slots there are. */
function freeSlots(s: PosSetting): { slots: number; need: number } {
  const k = s.coalition?.k ?? 0;
  const bonus = s.coalition?.kind === "colluder" ? k : 0;
  return { slots: s.n - k, need: successesNeeded(s) - bonus };
}

/** The exact probabilities of each outcome of one round, from {@link decisionRates}. */
export interface DecisionRates {
  /** p_rep of the slots outside any coalition. */
  readonly pReported: number;
  /** P(reward) = P(s ≥ δ) (strict: s > δ). */
  readonly reward: number;
  /** P(penalty) = 1 − P(reward), computed on its own side so that values near 0 keep their digits. */
  readonly penalty: number;
}

/** Both outcomes of one round at p_true: s ~ Bin(n − k, p_rep) (+ k for a colluding coalition). */
export function decisionRates(s: PosSetting, pTrue: number): DecisionRates {
  const pReported = reportedSuccess(pTrue, s.liars);
  const { slots, need } = freeSlots(s);
  return { pReported, reward: binomialTail(need, slots, pReported), penalty: binomialCdf(need - 1, slots, pReported) };
}

/** P(reward) = 1 − F(δ − 1; n, p_rep) at p_true (§3.2). */
export function rewardProbability(s: PosSetting, pTrue: number): number {
  return decisionRates(s, pTrue).reward;
}

/** Producer's risk: a provider that meets its promise p* is penalised (worst case p_true = p*). */
export function falsePenalty(s: PosSetting, pStar: number): number {
  return decisionRates(s, pStar).penalty;
}

/** Consumer's risk: a provider at p_bad < p* (outside the indifference zone) is rewarded. */
export function falseReward(s: PosSetting, pBad: number): number {
  return decisionRates(s, pBad).reward;
}

/** A record size and threshold meeting given risks, with the risks they achieve. */
export interface Plan {
  /** Slots n. */
  readonly n: number;
  /** Threshold δ on successes. */
  readonly delta: number;
  /** Producer's risk at p*: P(penalty). */
  readonly falsePenalty: number;
  /** Consumer's risk at p_bad: P(reward). */
  readonly falseReward: number;
}

/** The acceptance-plan targets: the promised and the unacceptable success probability, and the two risks allowed. */
export interface RiskTargets {
  /** p*: the promised probe success probability; a provider at p_true ≥ p* complies. */
  readonly pStar: number;
  /** p_bad < p*: the success probability at which a reward counts as false. */
  readonly pBad: number;
  /** Largest acceptable false penalty (producer's risk). */
  readonly alpha: number;
  /** Largest acceptable false reward (consumer's risk). */
  readonly beta: number;
}

function checkTargets(t: RiskTargets): void {
  for (const [name, x] of [["p*", t.pStar], ["p_bad", t.pBad], ["α", t.alpha], ["β", t.beta]] as const) checkProbability(name, x);
  if (!(t.pBad < t.pStar)) throw new InputError(`p_bad must be below p* (got p_bad = ${t.pBad}, p* = ${t.pStar})`);
}

/**
 * The smallest δ for this n whose false reward at p_bad is at most β, if its false penalty at p* is at
 * most α (false reward falls and false penalty grows with δ, so no other δ can meet both); else null.
 */
export function smallestDelta(base: Omit<PosSetting, "delta">, t: RiskTargets): Plan | null {
  checkTargets(t);
  const s0 = posSetting({ ...base, delta: 0 });
  const { slots } = freeSlots(s0);
  const pBad = reportedSuccess(t.pBad, base.liars);
  // tail[j] = P(Bin(slots, p_bad) ≥ j), accumulated from the top so that small tails stay exact.
  const tail = new Float64Array(slots + 2);
  for (let j = slots; j >= 0; j--) tail[j] = tail[j + 1] + binomialPmf(j, slots, pBad);
  for (let delta = 0; delta <= base.n; delta++) {
    const need = freeSlots({ ...s0, delta }).need;
    const fr = need <= 0 ? 1 : need > slots ? 0 : Math.min(1, tail[need]);
    if (fr <= t.beta) {
      const s = { ...s0, delta };
      const fp = falsePenalty(s, t.pStar);
      return fp <= t.alpha ? { n: base.n, delta, falsePenalty: fp, falseReward: falseReward(s, t.pBad) } : null;
    }
  }
  return null;
}

/** The smallest n ≤ nMax (and its smallest δ) meeting both risks; null if none does. */
export function smallestPlan(base: Omit<PosSetting, "delta" | "n">, t: RiskTargets, nMax = 1000): Plan | null {
  const first = Math.max(1, base.coalition?.k ?? 0);
  for (let n = first; n <= nMax; n++) {
    const plan = smallestDelta({ ...base, n }, t);
    if (plan) return plan;
  }
  return null;
}
