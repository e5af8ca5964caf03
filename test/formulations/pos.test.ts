import { describe, expect, it } from "vitest";
import { InputError } from "../../formulations/input-error.js";
import {
  binomialCdf,
  binomialPmf,
  binomialTail,
  createRecord,
  decide,
  decisionRates,
  falsePenalty,
  falseReward,
  posSetting,
  reportedSuccess,
  rewardProbability,
  smallestDelta,
  smallestPlan,
  verify,
} from "../../formulations/pos/index.js";

/** C(n, k) by the product formula: exact below 2^53, within an ulp or two above. */
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** P(X ≤ k) by direct summation of C(n, j) p^j (1 − p)^(n − j). */
function directCdf(k: number, n: number, p: number): number {
  let s = 0;
  for (let j = 0; j <= k; j++) s += choose(n, j) * p ** j * (1 - p) ** (n - j);
  return s;
}

describe("PoS exact rates: golden values of spec §3.2", () => {
  const n20 = posSetting({ n: 20, delta: 16 });
  const n100 = posSetting({ n: 100, delta: 80 });
  const slanderers = posSetting({ n: 20, delta: 16, liars: { f: 0.2, kind: "slanderer", epsilon: 0 } });
  const colluders = posSetting({ n: 20, delta: 16, liars: { f: 0.2, kind: "colluder", epsilon: 0 } });
  // [value, spec's 3 digits, exact by rational summation (Python fractions)]. The spec truncates
  // 0.23751 to 0.237, 0.01646 is printed 0.017 and 0.55946 is printed 0.560: all within 10⁻³.
  const cases: [string, number, number, number][] = [
    ["n=20 δ=16 p=0.7", rewardProbability(n20, 0.7), 0.237, 0.23750777887760163],
    ["n=20 δ=16 p=0.8", rewardProbability(n20, 0.8), 0.63, 0.629648263902669],
    ["n=20 δ=16 p=0.9", rewardProbability(n20, 0.9), 0.957, 0.9568255047155366],
    ["20% slanderers at 0.9", rewardProbability(slanderers, 0.9), 0.302, 0.30188615927100126],
    ["20% colluders at 0.7", rewardProbability(colluders, 0.7), 0.456, 0.4560642419038237],
    ["n=100 δ=80 p=0.7", rewardProbability(n100, 0.7), 0.017, 0.016462853241869475],
    ["n=100 δ=80 p=0.8", rewardProbability(n100, 0.8), 0.56, 0.5594615848733976],
    ["n=100 δ=80 p=0.9", rewardProbability(n100, 0.9), 0.9992, 0.9991924261256337],
  ];
  it.each(cases)("%s", (_name, value, spec, exact) => {
    expect(Math.abs(value - spec)).toBeLessThan(1e-3);
    expect(Math.abs(value - exact)).toBeLessThan(1e-12);
  });

  it("p_rep per liar kind, and the coalition on k fixed slots", () => {
    expect(reportedSuccess(0.9, { f: 0.2, kind: "slanderer", epsilon: 0 })).toBeCloseTo(0.72, 15);
    expect(reportedSuccess(0.7, { f: 0.2, kind: "colluder", epsilon: 0 })).toBeCloseTo(0.76, 15);
    expect(reportedSuccess(0.9, { f: 1, kind: "noisy", epsilon: 0.1 })).toBeCloseTo(0.9 * 0.9 + 0.1 * 0.1, 15);
    // Colluders on 4 slots: 16 − 4 = 12 of the other 16 must succeed; slanderers: 16 of 16.
    const col = posSetting({ n: 20, delta: 16, coalition: { k: 4, kind: "colluder" } });
    const sla = posSetting({ n: 20, delta: 16, coalition: { k: 4, kind: "slanderer" } });
    expect(rewardProbability(col, 0.8)).toBeCloseTo(1 - directCdf(11, 16, 0.8), 13);
    expect(rewardProbability(sla, 0.8)).toBeCloseTo(0.8 ** 16, 13);
    expect(rewardProbability(posSetting({ n: 20, delta: 16, coalition: { k: 16, kind: "colluder" } }), 0)).toBe(1);
  });

  it("strict reading: s > δ is s ≥ δ + 1; penalty and reward add to one", () => {
    const strict = posSetting({ n: 20, delta: 16, strict: true });
    expect(rewardProbability(strict, 0.8)).toBeCloseTo(rewardProbability(posSetting({ n: 20, delta: 17 }), 0.8), 15);
    for (const p of [0.3, 0.8, 0.999]) {
      const r = decisionRates(n100, p);
      expect(r.reward + r.penalty).toBeCloseTo(1, 12);
    }
  });

  it("false penalty at p* and false reward at p_bad; the smallest δ and plan meeting both risks", () => {
    expect(falsePenalty(n100, 0.9)).toBeCloseTo(1 - 0.9991924261256337, 12);
    expect(falseReward(n100, 0.7)).toBeCloseTo(0.016462853241869475, 12);
    const t = { pStar: 0.9, pBad: 0.7, alpha: 0.05, beta: 0.05 };
    const plan = smallestDelta({ n: 100, strict: false, liars: null, coalition: null }, t)!;
    expect(falseReward(posSetting({ n: 100, delta: plan.delta }), 0.7)).toBeLessThanOrEqual(0.05);
    expect(falseReward(posSetting({ n: 100, delta: plan.delta - 1 }), 0.7)).toBeGreaterThan(0.05);
    expect(plan.falsePenalty).toBeLessThanOrEqual(0.05);
    const best = smallestPlan({ strict: false, liars: null, coalition: null }, t)!;
    expect(smallestDelta({ n: best.n - 1, strict: false, liars: null, coalition: null }, t)).toBeNull();
    expect(() => smallestDelta({ n: 10, strict: false, liars: null, coalition: null }, { ...t, pBad: 0.95 })).toThrow(InputError);
  });
});

describe("binomial distribution", () => {
  it("pmf and CDF equal direct summation (n ≤ 60)", () => {
    for (const n of [1, 2, 5, 20, 60])
      for (const p of [0, 0.01, 0.3, 0.5, 0.77, 0.999, 1])
        for (let k = -1; k <= n + 1; k++) {
          expect(Math.abs(binomialCdf(k, n, p) - (k < 0 ? 0 : directCdf(Math.min(k, n), n, p)))).toBeLessThan(1e-12);
          expect(binomialCdf(k - 1, n, p) + binomialTail(k, n, p)).toBeCloseTo(1, 12);
        }
  });

  it("stays accurate far in the tails at n = 1000 (log space, no underflow of the terms)", () => {
    expect(binomialCdf(0, 1000, 0.5) / 2 ** -1000).toBeCloseTo(1, 9);
    expect(binomialTail(1000, 1000, 0.9) / 0.9 ** 1000).toBeCloseTo(1, 9);
    let sum = 0;
    for (let k = 0; k <= 1000; k++) sum += binomialPmf(k, 1000, 0.37);
    expect(sum).toBeCloseTo(1, 12);
    // Recurrence pmf(k + 1) = pmf(k)·(n − k)/(k + 1)·p/(1 − p) from the mode.
    const [n, p, mode] = [1000, 0.37, 370];
    let pm = binomialPmf(mode, n, p);
    let cum = 0;
    for (let k = mode; k < 450; k++) {
      cum += pm;
      pm *= ((n - k) / (k + 1)) * (p / (1 - p));
    }
    expect(binomialCdf(449, n, p) - binomialCdf(mode - 1, n, p)).toBeCloseTo(cum, 12);
    // A small upper tail keeps its relative digits (1 − F would lose them).
    const tail = binomialTail(800, 1000, 0.7);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(1e-12);
    expect(binomialTail(801, 1000, 0.7) + binomialPmf(800, 1000, 0.7)).toBeCloseTo(tail, 25);
  });
});

describe("PoS record Δ", () => {
  it("writes slot `counter`, advances it cyclically, overwrites, and Decides every n writes", () => {
    const rec = createRecord(posSetting({ n: 3, delta: 2 }), 10);
    const decisions: (number | null)[] = [];
    const writes: [number, boolean][] = [[1, true], [2, false], [3, true], [4, false], [5, false], [6, true], [7, true]];
    for (const [who, ok] of writes) decisions.push(verify(rec, who, ok)?.successes ?? null);
    expect(decisions).toEqual([null, null, 2, null, null, 1, null]);
    expect(rec.counter).toBe(1);
    expect([...rec.gamma]).toEqual([0, 1, 0]); // slot 0 overwritten by verifier 7's success
    expect([...rec.writers]).toEqual([7, 5, 6]);
    expect([rec.decisions, rec.rewards, rec.penalties]).toEqual([2, 1, 1]);
    // One unit per slot written, per Decide: verifiers 1..6 one each.
    expect([...rec.units]).toEqual([0, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
  });

  it("Decide fires exactly every n writes, for n = 1 too", () => {
    for (const n of [1, 2, 7, 100]) {
      const rec = createRecord(posSetting({ n, delta: 0 }), 1);
      for (let w = 1; w <= 4 * n - 1; w++) expect(verify(rec, 0, w % 2 === 0) !== null).toBe(w % n === 0);
      expect(rec.decisions).toBe(3);
      expect(rec.units[0]).toBe(3 * n);
    }
  });

  it("Γ all zeros ⇒ reward for every δ ≤ n; strict: for every δ < n", () => {
    for (const n of [1, 4, 20]) {
      for (let delta = 0; delta <= n; delta++) {
        expect(decide(createRecord(posSetting({ n, delta }), 1)).rewarded).toBe(true);
        const rec = createRecord(posSetting({ n, delta, strict: true }), 1);
        let last = null;
        for (let w = 0; w < n; w++) last = verify(rec, 0, true);
        expect(last!.rewarded).toBe(delta < n);
      }
    }
  });

  it("reward iff s ≥ δ (strict: s > δ) at the threshold", () => {
    const run = (strict: boolean, successes: number) => {
      const rec = createRecord(posSetting({ n: 5, delta: 3, strict }), 1);
      let d = null;
      for (let w = 0; w < 5; w++) d = verify(rec, 0, w < successes);
      return d!.rewarded;
    };
    expect([run(false, 2), run(false, 3), run(true, 3), run(true, 4)]).toEqual([false, true, false, true]);
  });

  it("rejects bad parameters with InputError", () => {
    expect(() => posSetting({ n: 0, delta: 0 })).toThrow(InputError);
    expect(() => posSetting({ n: 5, delta: 6 })).toThrow(InputError);
    expect(() => posSetting({ n: 5, delta: -1 })).toThrow(InputError);
    expect(() => posSetting({ n: 5, delta: 2.5 })).toThrow(InputError);
    expect(() => posSetting({ n: 5, delta: 2, liars: { f: 1.5, kind: "slanderer", epsilon: 0 } })).toThrow(InputError);
    expect(() => posSetting({ n: 5, delta: 2, liars: { f: 0.1, kind: "noisy", epsilon: -0.1 } })).toThrow(InputError);
    expect(() => posSetting({ n: 5, delta: 2, liars: { f: 0.1, kind: "liar" as "noisy", epsilon: 0 } })).toThrow(InputError);
    expect(() => posSetting({ n: 5, delta: 2, coalition: { k: 6, kind: "colluder" } })).toThrow(InputError);
    expect(() => rewardProbability(posSetting({ n: 5, delta: 2 }), 1.2)).toThrow(InputError);
    expect(() => verify(createRecord(posSetting({ n: 5, delta: 2 }), 3), 3, true)).toThrow(InputError);
  });
});
