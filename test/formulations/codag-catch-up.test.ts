import { describe, expect, it } from "vitest";
import {
  catchUpLevelRace,
  catchUpLundberg,
  lemma1,
  lemma2Exact,
  lemma2Paper,
  lundbergRoot,
  modelAExact,
  separateChannelBound,
  stabilityDepth,
  sureCatchUpThreshold,
} from "../../formulations/codag/catch-up.js";
import { InputError } from "../../formulations/input-error.js";

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** num/den as a double, correctly scaled however small (both positive BigInts). */
function ratio(num: bigint, den: bigint): number {
  const e = den.toString(2).length - num.toString(2).length + 64;
  const qt = e >= 0 ? (num << BigInt(e)) / den : num / (den << BigInt(-e));
  return Number(qt) * 2 ** -e;
}

/** Rosenfeld's formula in exact rational arithmetic, q = Q/D: the independent reference for lemma2Exact. */
function lemma2Rational(Q: number, D: number, z: number): number {
  const q = BigInt(Q);
  const p = BigInt(D - Q);
  const d = BigInt(D);
  const Z = BigInt(z);
  // D^{2z}·(1 − P) = Σ_k C(k+z−1, k)(p^z q^k − q^z p^k)·D^{z−k}
  let sum = 0n;
  let binom = 1n; // C(k+z−1, k)
  for (let k = 0n; k <= Z; k++) {
    if (k > 0n) binom = (binom * (k + Z - 1n)) / k;
    sum += binom * (p ** Z * q ** k - q ** Z * p ** k) * d ** (Z - k);
  }
  const den = d ** (2n * Z);
  return ratio(den - sum, den);
}

/** Σ_k NB(k)·catch-up from z − k, negative binomial terms summed forwards, Model A far beyond any barrier effect. */
function lemma2ByComposition(q: number, z: number): number {
  const p = 1 - q;
  let nb = p ** z; // NB(0)
  let total = 0;
  for (let k = 0; k < 5000; k++) {
    total += nb * (k >= z ? 1 : modelAExact(q, z - k, 4000));
    nb *= (q * (k + z)) / (k + 1);
  }
  return total;
}

describe("Lemma 1 and Lemma 2 (spec §2.1–2.2)", () => {
  it("Lemma 1 is (q/p)^z below 1/2 and 1 from 1/2 on", () => {
    expect(lemma1(0.1, 6)).toBeCloseTo((1 / 9) ** 6, 18);
    expect(lemma1(0.25, 3)).toBeCloseTo(1 / 27, 15);
    expect(lemma1(0.5, 4)).toBe(1);
    expect(lemma1(0.7, 4)).toBe(1);
    expect(lemma1(0.3, 0)).toBe(1);
  });

  it("reproduces the spec's paper vs exact values", () => {
    expect(lemma2Paper(0.1, 5)).toBeCloseTo(0.000914, 6);
    expect(lemma2Exact(0.1, 5)).toBeCloseTo(0.001782, 6);
    expect(lemma2Paper(0.3, 5)).toBeCloseTo(0.1774, 4);
    expect(lemma2Exact(0.3, 5)).toBeCloseTo(0.1976, 4);
    expect(lemma2Paper(0.3, 10)).toBeCloseTo(0.0417, 4);
    expect(lemma2Exact(0.3, 10)).toBeCloseTo(0.0651, 4);
  });

  it("lemma2Exact equals Rosenfeld's formula in exact rational arithmetic to 1e-13 relative, z ≤ 100", () => {
    for (const [Q, D] of [[1, 10], [3, 10], [45, 100], [1, 100]] as const) {
      for (const z of [1, 2, 3, 5, 10, 30, 60, 100]) {
        expect(rel(lemma2Exact(Q / D, z), lemma2Rational(Q, D, z))).toBeLessThan(1e-13);
      }
    }
  });

  it("lemma2Exact equals negative binomial × gambler's ruin, summed another way", () => {
    for (const q of [0.05, 0.2, 0.35, 0.45]) {
      for (const z of [1, 4, 12, 40]) expect(rel(lemma2Exact(q, z), lemma2ByComposition(q, z))).toBeLessThan(1e-11);
    }
    expect(lemma2Exact(0.3, 1)).toBeCloseTo(0.6, 15); // z = 1: 2q
  });

  it("lemma2Paper equals the printed sum where it has no cancellation problem", () => {
    for (const q of [0.1, 0.3, 0.4]) {
      for (const z of [1, 3, 8]) {
        const p = 1 - q;
        const lambda = (z * q) / p;
        let s = 0;
        let pois = Math.exp(-lambda);
        for (let k = 0; k <= z; k++) {
          s += pois * (1 - (q / p) ** (z - k));
          pois *= lambda / (k + 1);
        }
        expect(rel(lemma2Paper(q, z), 1 - s)).toBeLessThan(1e-9);
      }
    }
  });

  it("z = 0 and p ≤ q give 1; the exact value exceeds the Poisson one at the spec's points", () => {
    for (const f of [lemma2Paper, lemma2Exact]) {
      expect(f(0.2, 0)).toBe(1);
      expect(f(0.5, 7)).toBe(1);
      expect(f(0.6, 7)).toBe(1);
    }
    for (const [q, z] of [[0.1, 5], [0.3, 5], [0.3, 10]]) expect(lemma2Exact(q, z)).toBeGreaterThan(lemma2Paper(q, z));
  });

  it("stability depth z* at ε = 10⁻³ matches the spec (paper / exact), Lemma 1 for reference", () => {
    expect([0.1, 0.2, 0.3].map((q) => stabilityDepth(q, 1e-3, "paper"))).toEqual([5, 11, 24]);
    expect([0.1, 0.2, 0.3].map((q) => stabilityDepth(q, 1e-3, "exact"))).toEqual([6, 13, 32]);
    expect([0.1, 0.2, 0.3].map((q) => stabilityDepth(q, 1e-3, "lemma1"))).toEqual([4, 5, 9]);
    expect(stabilityDepth(0.3)).toBe(32); // defaults: ε = 10⁻³, exact
    expect(lemma2Exact(0.3, 31)).toBeGreaterThanOrEqual(1e-3);
    expect(lemma2Exact(0.3, 32)).toBeLessThan(1e-3);
    expect(stabilityDepth(0.5)).toBe(Infinity);
  });

  it("z* by bisection equals the least z of a linear scan (each formula decreases in z), and stays fast near q = 1/2", () => {
    const scan = (f: (q: number, z: number) => number, q: number, eps: number) => {
      let z = 0;
      while (!(f(q, z) < eps)) z++;
      return z;
    };
    const formulas = { paper: lemma2Paper, exact: lemma2Exact, lemma1 } as const;
    for (const [name, f] of Object.entries(formulas)) {
      for (const q of [0.02, 0.15, 0.25, 0.35, 0.42]) {
        for (const eps of [0.3, 1e-2, 1e-4, 1e-9]) expect(stabilityDepth(q, eps, name as keyof typeof formulas), `${name} q=${q} ε=${eps}`).toBe(scan(f, q, eps));
      }
    }
    const z = stabilityDepth(0.495, 1e-3);
    expect(lemma2Exact(0.495, z)).toBeLessThan(1e-3);
    expect(lemma2Exact(0.495, z - 1)).toBeGreaterThanOrEqual(1e-3);
  });
});

describe("Model A exact", () => {
  it("is the gambler's ruin with a barrier, tends to Lemma 1 as B grows", () => {
    const q = 0.3;
    const rho = q / (1 - q);
    expect(rel(modelAExact(q, 2, 5), (rho ** 2 - rho ** 5) / (1 - rho ** 5))).toBeLessThan(1e-14);
    let prev = 0;
    for (const B of [5, 10, 20, 40, 80]) {
      const v = modelAExact(q, 4, B);
      expect(v).toBeGreaterThan(prev);
      expect(v).toBeLessThanOrEqual(lemma1(q, 4));
      prev = v;
    }
    expect(rel(modelAExact(q, 4, 80), lemma1(q, 4))).toBeLessThan(1e-14);
  });

  it("handles p = q, ρ near 1, ρ > 1 and the ends", () => {
    expect(modelAExact(0.5, 3, 12)).toBeCloseTo(0.75, 15);
    expect(modelAExact(0.5 - 1e-9, 3, 12)).toBeCloseTo(0.75, 8);
    expect(modelAExact(0.5 + 1e-9, 3, 12)).toBeCloseTo(0.75, 8);
    expect(modelAExact(0.5, 0, 12)).toBe(1);
    expect(modelAExact(0.2, 0, 1)).toBe(1);
    const q = 0.7;
    const rho = q / (1 - q);
    expect(rel(modelAExact(q, 3, 10), (rho ** 3 - rho ** 10) / (1 - rho ** 10))).toBeLessThan(1e-13);
    expect(modelAExact(0.7, 3, 5000)).toBe(1); // no overflow
  });
});

describe("§2.3: width, thresholds, Lundberg, level race", () => {
  it("sure catch-up threshold m/(K + m)", () => {
    expect(sureCatchUpThreshold(2, 3)).toBeCloseTo(0.4, 15);
    expect(sureCatchUpThreshold(2, 5)).toBeCloseTo(0.286, 3);
    expect(sureCatchUpThreshold(2, 10)).toBeCloseTo(0.167, 3);
    expect(sureCatchUpThreshold(4, 4)).toBe(0.5);
  });

  it("Lundberg root solves p·r^{1/K} + q·r^{−1/m} = 1; K = 10, m = 2, q = 0.1, z = 6 gives 1.54e-5 (spec: ≈ 2e-5)", () => {
    const r = lundbergRoot(0.1, 10, 2);
    expect(r).toBeGreaterThan(0);
    expect(r).toBeLessThan(1);
    expect(Math.abs(0.9 * r ** 0.1 + 0.1 * r ** -0.5 - 1)).toBeLessThan(1e-14);
    const v = catchUpLundberg(0.1, 6, 10, 2);
    expect(rel(v, 1.5436e-5)).toBeLessThan(1e-4);
    expect(v).toBeGreaterThan(1e-5);
    expect(v).toBeLessThan(2e-5);
    expect(lemma1(0.1, 6)).toBeCloseTo(1.88e-6, 8);
    // at and above the threshold there is no root below 1
    expect(lundbergRoot(0.3, 10, 2)).toBe(1);
    expect(catchUpLundberg(1 / 6, 4, 10, 2)).toBe(1);
    // m = K = 1 is the ±1 walk: r = q/p exactly
    expect(rel(lundbergRoot(0.3, 1, 1), 3 / 7)).toBeLessThan(1e-12);
  });

  it("separate-channel bound (q/p)^{K(z−1)+1} ≤ Lemma 1", () => {
    expect(rel(separateChannelBound(0.3, 3, 10), (3 / 7) ** 21)).toBeLessThan(1e-13);
    for (const z of [1, 2, 5]) expect(separateChannelBound(0.3, z, 4)).toBeLessThanOrEqual(lemma1(0.3, z) * (1 + 1e-15));
  });

  it("level race at K = m = 1 is Model A with barrier maxGap + 1", () => {
    for (const q of [0.1, 0.3, 0.45, 0.5, 0.6]) {
      for (const z of [1, 3, 6]) expect(rel(catchUpLevelRace(q, z, 1, 1), modelAExact(q, z, z + 61))).toBeLessThan(1e-12);
    }
    expect(rel(catchUpLevelRace(0.3, 2, 1, 1, 9), modelAExact(0.3, 2, 10))).toBeLessThan(1e-13);
  });

  it("level race with m = K stays below the separate-channel bound", () => {
    for (const [q, K] of [[0.3, 10], [0.2, 3], [0.45, 5]]) {
      for (let z = 1; z <= 6; z++) {
        const v = catchUpLevelRace(q, z, K, K);
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThanOrEqual(separateChannelBound(q, z, K));
      }
    }
  });

  it("level race with m < K above the threshold is 1 up to the truncation (K = 10, m = 2, q = 0.3)", () => {
    for (let z = 1; z <= 6; z++) expect(catchUpLevelRace(0.3, z, 10, 2)).toBeGreaterThan(1 - 1e-12);
    // a tight truncation shows the boundary counting as "not caught up"
    expect(catchUpLevelRace(0.2, 3, 10, 2, 3)).toBeLessThan(catchUpLevelRace(0.2, 3, 10, 2, 8));
  });

  it("level race below the threshold lies between the fluid bounds r^{z+1/m} and r^{z−(m−1)/m}", () => {
    for (const [q, K, m] of [[0.1, 10, 2], [0.05, 5, 2], [0.1, 6, 3]]) {
      const r = lundbergRoot(q, K, m);
      for (const z of [1, 3, 6]) {
        const v = catchUpLevelRace(q, z, K, m);
        expect(v).toBeGreaterThanOrEqual(r ** (z + 1 / m) * (1 - 1e-9));
        expect(v).toBeLessThanOrEqual(r ** (z - (m - 1) / m) * (1 + 1e-9));
      }
    }
    expect(rel(catchUpLevelRace(0.1, 6, 10, 2), 2.4587e-5)).toBeLessThan(1e-4);
  });

  it("level race equals forward propagation of the state distribution", () => {
    const [q, z, K, m, maxGap] = [0.25, 2, 3, 2, 7];
    const S = m * K;
    let dist = new Float64Array(maxGap * S);
    const at = (g: number, i: number, j: number): number => (g - 1) * S + i * K + j;
    dist[at(z, 0, 0)] = 1;
    let caught = 0;
    for (let step = 0; step < 20_000; step++) {
      const next = new Float64Array(dist.length);
      for (let g = 1; g <= maxGap; g++) {
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < K; j++) {
            const w = dist[at(g, i, j)];
            if (w === 0) continue;
            const gh = j === 0 ? g + 1 : g;
            if (gh <= maxGap) next[at(gh, i, (j + 1) % K)] += (1 - q) * w;
            const ga = i === 0 ? g - 1 : g;
            if (ga === 0) caught += q * w;
            else next[at(ga, (i + 1) % m, j)] += q * w;
          }
        }
      }
      dist = next;
    }
    expect(Math.abs(catchUpLevelRace(q, z, K, m, maxGap) - caught)).toBeLessThan(1e-13);
  });

  it("level race: z = 0 is caught up, larger z and smaller maxGap lower it", () => {
    expect(catchUpLevelRace(0.2, 0, 5, 2)).toBe(1);
    let prev = 1;
    for (let z = 1; z <= 5; z++) {
      const v = catchUpLevelRace(0.15, z, 5, 2);
      expect(v).toBeLessThan(prev);
      prev = v;
    }
  });
});

describe("input validation", () => {
  it("throws InputError with one line", () => {
    const bad: (() => unknown)[] = [
      () => lemma1(0, 3),
      () => lemma1(1, 3),
      () => lemma1(Number.NaN, 3),
      () => lemma2Exact(0.2, -1),
      () => lemma2Paper(0.2, 1.5),
      () => stabilityDepth(0.2, 0),
      () => stabilityDepth(0.2, 1e-3, "nope" as never),
      () => modelAExact(0.2, 5, 5),
      () => modelAExact(0.2, 5, 6.5),
      () => sureCatchUpThreshold(0, 3),
      () => sureCatchUpThreshold(4, 3),
      () => lundbergRoot(0.1, 0, 1),
      () => catchUpLundberg(0.1, -2, 10, 2),
      () => separateChannelBound(0.1, 2, 0),
      () => catchUpLevelRace(0.1, 3, 2, 3),
      () => catchUpLevelRace(0.1, 3, 4, 2, 2),
    ];
    for (const f of bad) {
      expect(f).toThrow(InputError);
      try {
        f();
      } catch (e) {
        expect((e as Error).message).not.toContain("\n");
      }
    }
  });
});
