import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  activationCurve,
  activationTime,
  activationTimes,
  cumulativeForkRate,
  deckerWattenhofer,
  expansivity,
  expectedLayerTime,
  expectedLongLinks,
  FORKING_DEFAULTS,
  forkCountProbability,
  type ForkingModelParams,
  forkingCurves,
  forkingParams,
  forkRate,
  globalActivation,
  layerCount,
  layerLogistic,
  layerOfDistance,
  layerPairCount,
  layerPairFormula,
  layerSize,
  layerSizeFormula,
  longLinkChance,
  longLinkProbability,
  longRoutePart,
  longRouteTime,
  modelUninformedIntegral,
  nodeNoLinkBound,
  nodesAtDistance,
  qj,
  robustLevel,
  shortLinkCount,
  shortRoutePart,
  shortRouteTime,
  theta,
  totalNodes,
} from "../../formulations/forking/index.js";
import { InputError } from "../../formulations/input-error.js";

const P = (partial: Partial<ForkingModelParams>) => forkingParams(partial);
const dist = (a: number[], b: number[]) => Math.abs(a[0]! - b[0]!) + Math.abs(a[1]! - b[1]!);

/** The diamond's points, for brute-force cross-checks. */
function diamond(n: number): number[][] {
  const pts: number[][] = [];
  for (let x = -n; x <= n; x++) for (let y = -n; y <= n; y++) if (Math.abs(x) + Math.abs(y) <= n) pts.push([x, y]);
  return pts;
}

describe("Structure (spec §1, §5)", () => {
  it("N_total = 2n²+2n+1 = 1 + Σ 4i for n = 1..32 [E1]", () => {
    expect([1, 2, 4, 8, 16].map(totalNodes)).toEqual([5, 13, 41, 145, 545]);
    for (let n = 1; n <= 32; n++) {
      let sum = nodesAtDistance(0);
      for (let i = 1; i <= n; i++) sum += nodesAtDistance(i);
      expect(totalNodes(n)).toBe(sum);
      expect(totalNodes(n)).toBe(diamond(n).length);
    }
  });

  it("there are 4i nodes at distance i", () => {
    const pts = diamond(12);
    for (let i = 0; i <= 12; i++) expect(pts.filter((p) => dist(p, [0, 0]) === i).length).toBe(nodesAtDistance(i));
  });

  it("layer of a distance: −1, 0, then ⌈log₂ d⌉, exact at powers of two", () => {
    expect([0, 1, 2, 3, 4, 5, 8, 9, 16, 17].map(layerOfDistance)).toEqual([-1, 0, 1, 2, 2, 3, 3, 4, 4, 5]);
    for (let d = 2; d <= 4096; d++) {
      const j = layerOfDistance(d);
      expect(2 ** (j - 1) < d && d <= 2 ** j).toBe(true);
    }
    expect(layerOfDistance(2 ** 40)).toBe(40);
    expect(layerOfDistance(2 ** 40 + 1)).toBe(41);
    expect([1, 2, 3, 4, 5, 8, 9, 16, 17, 32].map(layerCount)).toEqual([1, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
  });

  it("layer sizes: 4, 8, 28, 104, 400; formula for full layers; truncation; they add up [E3]", () => {
    expect([0, 1, 2, 3, 4].map((j) => layerSize(j, 16))).toEqual([4, 8, 28, 104, 400]);
    expect([0, 1, 2, 3, 4].map(layerSizeFormula)).toEqual([4, 8, 28, 104, 400]);
    for (let j = 1; j <= 10; j++) expect(layerSize(j, 2 ** j)).toBe(layerSizeFormula(j));
    expect(layerSize(4, 10)).toBe(4 * 9 + 4 * 10);
    for (let n = 1; n <= 32; n++) {
      let sum = 1;
      for (let j = 0; j < layerCount(n); j++) sum += layerSize(j, n);
      expect(sum).toBe(totalNodes(n));
      const byLayer = new Map<number, number>();
      for (const p of diamond(n)) {
        const l = layerOfDistance(dist(p, [0, 0]));
        byLayer.set(l, (byLayer.get(l) ?? 0) + 1);
      }
      for (let j = 0; j < layerCount(n); j++) expect(byLayer.get(j)).toBe(layerSize(j, n));
    }
  });

  it("4n² short links, no wrap-around [E4]", () => {
    for (let n = 1; n <= 12; n++) {
      const pts = diamond(n);
      let links = 0;
      for (let a = 0; a < pts.length; a++) for (let b = a + 1; b < pts.length; b++) if (dist(pts[a]!, pts[b]!) === 1) links++;
      expect(shortLinkCount(n)).toBe(links);
    }
    expect([8, 16].map(shortLinkCount)).toEqual([256, 1024]);
  });

  it("f_j = N_{j−1}N_j = 224, 2912, 41600 for j = 2..4; the formula matches full layers from j = 2", () => {
    expect([2, 3, 4].map(layerPairFormula)).toEqual([224, 2912, 41600]);
    expect([2, 3, 4].map((j) => layerPairCount(j, 16))).toEqual([224, 2912, 41600]);
    for (let j = 2; j <= 10; j++) expect(layerPairCount(j, 2 ** j)).toBe(layerPairFormula(j));
    expect(layerPairCount(1, 8)).toBe(32); // N_0 = 4, where the formula would give 20 [E3]
  });

  it("link probability and expansivity (Def. III.2): d = 6, β = 1 → 0.5; short links 0", () => {
    expect(longLinkProbability(6, 1)).toBeCloseTo(1 / 6, 15);
    expect(expansivity(6, 1)).toBeCloseTo(0.5, 15);
    expect(expansivity(1, 1)).toBe(0);
    expect(expansivity(2, 0)).toBe(1);
  });

  it("expected long-link counts (spec §1 targets) [E5]", () => {
    const cases: [number, number, number, number][] = [
      [8, 1, 535.47, 1642.81],
      [8, 10, 0.13, 0.48],
      [16, 1, 4204.76, 13392.93],
      [16, 10, 0.33, 1.99],
    ];
    for (const [n, beta, adjacent, all] of cases) {
      expect(Math.abs(expectedLongLinks(n, beta, "adjacent").mean - adjacent)).toBeLessThan(0.005);
      expect(Math.abs(expectedLongLinks(n, beta, "all").mean - all)).toBeLessThan(0.005);
    }
    // ≈ 7.4 and 15.4 long links per node at β = 1.
    expect((2 * expectedLongLinks(8, 1, "adjacent").mean) / 145).toBeCloseTo(7.4, 1);
    expect((2 * expectedLongLinks(16, 1, "adjacent").mean) / 545).toBeCloseTo(15.4, 1);
  });

  it("expected long links agree with a naive pair enumeration", () => {
    for (let n = 1; n <= 6; n++) {
      for (const beta of [0, 0.7, 2]) {
        const pts = diamond(n);
        const layer = pts.map((p) => layerOfDistance(dist(p, [0, 0])));
        const naive = { adjacent: { mean: 0, variance: 0, candidates: 0 }, all: { mean: 0, variance: 0, candidates: 0 } };
        for (let a = 0; a < pts.length; a++) {
          for (let b = a + 1; b < pts.length; b++) {
            const d = dist(pts[a]!, pts[b]!);
            if (d < 2) continue;
            const p = d ** -beta;
            const modes: ("adjacent" | "all")[] = ["all"];
            if (layer[a]! >= 0 && layer[b]! >= 0 && Math.abs(layer[a]! - layer[b]!) === 1) modes.push("adjacent");
            for (const m of modes) {
              naive[m].mean += p;
              naive[m].variance += p * (1 - p);
              naive[m].candidates++;
            }
          }
        }
        for (const m of ["adjacent", "all"] as const) {
          const got = expectedLongLinks(n, beta, m);
          expect(got.candidates).toBe(naive[m].candidates);
          expect(got.mean).toBeCloseTo(naive[m].mean, 9);
          expect(got.variance).toBeCloseTo(naive[m].variance, 9);
        }
      }
    }
  });
});

// Golden values of spec §2 (defaults, Δ = 1, corrected eq. (11)).
const COLUMNS = {
  "β=1 literal": { beta: 1, apt: "literal" },
  "β=1 min": { beta: 1, apt: "min" },
  "β=10": { beta: 10, apt: "literal" },
} as const;
const GOLDEN = {
  "β=1 literal": { T: [1, 2, 3.5, 5, 6.5], I8: [19.4, 77.9, 141.8, 144.9], I16: [347.5, 544.9], FR: [0.0097, 0.0129] },
  "β=1 min": { T: [1, 2, 3, 4.5, 6], I8: [32.6, 124.8, 144.6, 145.0], I16: [498.6, 545.0], FR: [0.00889, 0.01208] },
  "β=10": { T: [1, 2, 3, 5, 9], I8: [32.6, 77.9, 141.8, 144.9], I16: [144.9, 193.6], FR: [0.00955, 0.01588] },
} as const;

describe("Model golden values (spec §2)", () => {
  for (const [name, col] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, (typeof COLUMNS)[keyof typeof COLUMNS]][]) {
    const g = GOLDEN[name];
    it(`${name}: T(0..4), I at n = 8 and 16, FR(t_max)`, () => {
      const T = activationTimes(P({ n: 16, ...col }));
      expect(T.length).toBe(5);
      T.forEach((x, j) => expect(Math.abs(x - g.T[j]!)).toBeLessThan(1e-4));
      const c8 = forkingCurves(P({ n: 8, ...col }));
      [4, 6, 7, 8].forEach((t, k) => expect(Math.abs(c8.I[t]! - g.I8[k]!)).toBeLessThanOrEqual(0.05));
      const c16 = forkingCurves(P({ n: 16, ...col }));
      [8, 10].forEach((t, k) => expect(Math.abs(c16.I[t]! - g.I16[k]!)).toBeLessThanOrEqual(0.05));
      expect(c8.t[16]).toBe(16);
      expect(Math.abs(c8.FR[16]! - g.FR[0]!)).toBeLessThanOrEqual(5e-5);
      expect(c16.t[32]).toBe(32);
      expect(Math.abs(c16.FR[32]! - g.FR[1]!)).toBeLessThanOrEqual(5e-5);
      expect(c8.FRmax).toBe(c8.FR[16]);
    });

    it(`${name}: Δ = 1.1 multiplies every T(j) by 1.1`, () => {
      const T1 = activationTimes(P({ n: 16, ...col }));
      const T11 = activationTimes(P({ n: 16, ...col, scale: 1.1 }));
      T1.forEach((x, j) => expect(T11[j]).toBeCloseTo(1.1 * x, 12));
    });
  }

  it("β = 10: P_l^2 ≈ 3.7·10⁻⁶ (log1p/expm1 keep it), so T(2) = 3 + P_l^2·(τ_l − τ_s) = 3 + 1.85·10⁻⁶", () => {
    const p = P({ n: 8, beta: 10 });
    const pl = longLinkChance(2, p);
    expect(pl / (224 * 6 ** -10)).toBeCloseTo(1, 5);
    expect(pl).toBeCloseTo(3.7e-6, 7);
    // The spec writes T(2) = 3 + 3.7·10⁻⁶; by eq. (2) the excess is P_l·(Δl − Δs) = 0.5·P_l.
    expect((activationTime(2, p) - 3) / (0.5 * pl)).toBeCloseTo(1, 6);
    for (let j = 2; j <= 4; j++) expect(longLinkChance(j, P({ n: 16, beta: 10 }))).toBeLessThan(4e-6);
  });

  it("fr(0) ≈ 0.00165 at n = 8; θ(t_max) = ln 10 / ln(N_total/20); θ(6) at n = 8", () => {
    expect(Math.abs(forkingCurves(P({ n: 8 })).fr[0]! - 0.00165)).toBeLessThan(5e-6);
    for (const col of Object.values(COLUMNS)) {
      expect(forkingCurves(P({ n: 8, ...col })).theta[16]).toBeCloseTo(1.1623, 4);
      expect(forkingCurves(P({ n: 16, ...col })).theta[32]).toBeCloseTo(0.6967, 4);
    }
    expect(forkingCurves(P({ n: 8, beta: 1, apt: "literal" })).theta[6]).toBeCloseTo(1.693, 3);
    expect(forkingCurves(P({ n: 8, beta: 10 })).theta[6]).toBeCloseTo(1.693, 3);
    expect(forkingCurves(P({ n: 8, beta: 1, apt: "min" })).theta[6]).toBeCloseTo(1.258, 3);
  });

  it("literal eq. (11) stops at N_total − N_2 (117; 517) [E12]", () => {
    for (const [n, limit] of [[8, 117], [16, 517]] as const) {
      for (const col of Object.values(COLUMNS)) {
        const c = forkingCurves(P({ n, ...col, eq11: "literal" }));
        expect(Math.abs(c.I[c.I.length - 1]! - limit)).toBeLessThan(0.01);
      }
    }
    // Before T(2) both forms agree: 1, 5, 13.
    const lit = P({ n: 8, eq11: "literal" });
    expect([0.5, 1.5, 2.5, 3.2].map((t) => globalActivation(t, lit))).toEqual([1, 5, 13, 13]);
  });

  it("with no long links (8) gives the lattice time (2^{j−1}+1)Δs (c = 1)", () => {
    const T = activationTimes(P({ n: 64, beta: 200 }));
    T.slice(1).forEach((x, k) => expect(x).toBe(2 ** k + 1));
  });

  it("bare lattice: Σ_w S(w) = 2n(n+1)(2n+1)/3, FR(t_max) = 0.009335 and 0.018133 = P_DW", () => {
    for (const [n, sum, FR] of [[8, 816, 0.009335], [16, 5984, 0.018133]] as const) {
      const N = totalNodes(n);
      const S = Array.from({ length: 2 * n + 1 }, (_, w) => {
        const k = Math.min(w, n);
        return N - (2 * k * k + 2 * k + 1);
      });
      expect(S.reduce((a, b) => a + b, 0)).toBe(sum);
      expect(sum).toBe((2 * n * (n + 1) * (2 * n + 1)) / 3);
      const p = P({ n });
      const FRs = cumulativeForkRate(S, p);
      expect(FRs[2 * n]).toBeCloseTo(FR, 6);
      // Every T_v is an integer, so ∫(1 − f) = Σ_v T_v / N_total = Σ_w S(w) / N_total exactly.
      expect(deckerWattenhofer(sum / N, p)).toBeCloseTo(FRs[2 * n]!, 12);
      expect(forkRate(S[0]!, p)).toBe(FRs[0]);
    }
  });

  it("P_DW from the model lies below FR(t_max) by at most the Riemann-sum gap (spec §6)", () => {
    for (const col of Object.values(COLUMNS)) {
      for (const n of [8, 16]) {
        const p = P({ n, ...col });
        const c = forkingCurves(p);
        const N = totalNodes(n);
        const leftSum = (p.delta * c.S.reduce((a, b) => a + b, 0)) / N;
        const integral = modelUninformedIntegral(p);
        expect(c.pDW).toBe(deckerWattenhofer(integral, p));
        expect(leftSum - integral).toBeGreaterThanOrEqual(0);
        expect(leftSum - integral).toBeLessThanOrEqual((p.delta * (N - 1)) / N);
        expect(c.pDW).toBeLessThanOrEqual(c.FRmax);
        expect(Math.abs(modelUninformedIntegral(p, 0.001) - integral)).toBeLessThan(1e-4);
      }
    }
    // n = 1: I is 1 on [0, 1) and 5 after, so the integral is exactly 0.8.
    expect(modelUninformedIntegral(P({ n: 1 }))).toBeCloseTo(0.8, 12);
  });
});

const arbParams = fc.record({
  n: fc.integer({ min: 1, max: 24 }),
  beta: fc.double({ min: 0, max: 12, noNaN: true }),
  ds: fc.double({ min: 0.1, max: 3, noNaN: true }),
  dl: fc.double({ min: 0.1, max: 3, noNaN: true }),
  scale: fc.double({ min: 0.5, max: 2, noNaN: true }),
  apt: fc.constantFrom("literal" as const, "min" as const),
  eq11: fc.constantFrom("corrected" as const, "literal" as const),
  c: fc.double({ min: 0, max: 3, noNaN: true }),
  delta: fc.constantFrom(0.25, 0.5, 1),
  powerRatio: fc.double({ min: 0.1, max: 10, noNaN: true }),
  attackers: fc.integer({ min: 0, max: 200 }),
});

const TOL = 1e-12;

describe("Model monotonicity (spec §5)", () => {
  it("I non-decreasing in [1, N_total]; fr in [0,1) non-increasing; FR non-decreasing with shrinking steps, FR(0) = fr(0), FR ≥ fr; θ finite iff γI > Λe, non-increasing", () => {
    fc.assert(
      fc.property(arbParams, (partial) => {
        const p = P(partial);
        const c = forkingCurves(p);
        const N = totalNodes(p.n);
        expect(c.FR[0]).toBe(c.fr[0]);
        for (let k = 0; k < c.t.length; k++) {
          expect(c.I[k]).toBeGreaterThanOrEqual(1);
          expect(c.I[k]).toBeLessThanOrEqual(N);
          expect(c.fr[k]).toBeGreaterThanOrEqual(0);
          expect(c.fr[k]).toBeLessThan(1);
          expect(c.FR[k]).toBeGreaterThanOrEqual(c.fr[k]! - TOL);
          expect(c.theta[k] !== null).toBe(p.powerRatio * c.I[k]! > p.attackers);
          if (k === 0) continue;
          expect(c.I[k]).toBeGreaterThanOrEqual(c.I[k - 1]!);
          expect(c.fr[k]).toBeLessThanOrEqual(c.fr[k - 1]!);
          expect(c.FR[k]).toBeGreaterThanOrEqual(c.FR[k - 1]!);
          if (k >= 2) expect(c.FR[k]! - c.FR[k - 1]!).toBeLessThanOrEqual(c.FR[k - 1]! - c.FR[k - 2]! + TOL);
          if (c.theta[k - 1] !== null) {
            expect(c.theta[k]).not.toBeNull();
            expect(c.theta[k]!).toBeLessThanOrEqual(c.theta[k - 1]!);
          }
        }
        const T = activationTimes(p);
        for (let j = 1; j < T.length; j++) expect(T[j]).toBeGreaterThanOrEqual(T[j - 1]!);
      }),
      { numRuns: 100 },
    );
  });

  it("I reaches N_total − 0.5 by t_max (corrected) and N_total − N_2 − 0.5 (literal), n = 1..32", () => {
    for (let n = 1; n <= 32; n++) {
      for (const beta of [0, 1, 2, 10]) {
        for (const apt of ["literal", "min"] as const) {
          for (const scale of [1, 1.1]) {
            const N = totalNodes(n);
            const N2 = n >= 3 ? layerSize(2, n) : 0;
            const cor = activationCurve(P({ n, beta, apt, scale }));
            expect(cor.I[cor.I.length - 1]).toBeGreaterThanOrEqual(N - 0.5);
            const lit = activationCurve(P({ n, beta, apt, scale, eq11: "literal" }));
            expect(lit.I[lit.I.length - 1]).toBeGreaterThanOrEqual(N - N2 - 0.5);
            expect(lit.I[lit.I.length - 1]).toBeLessThanOrEqual(N - N2);
          }
        }
      }
    }
  });

  it("the curve, the pointwise I(t) and the per-layer pieces agree", () => {
    const p = P({ n: 8, beta: 1 });
    const { t, I } = activationCurve(p);
    expect(t).toEqual(Array.from({ length: 17 }, (_, k) => k));
    t.forEach((x, k) => expect(globalActivation(x, p)).toBe(I[k]));
    const T = activationTimes(p);
    // I(6) = 1 + 4 + 8 + I_2(6 − T(2)) + I_3(6 − T(3)).
    expect(I[6]).toBeCloseTo(13 + layerLogistic(2, 6 - T[2]!, p) + layerLogistic(3, 6 - T[3]!, p), 12);
    expect(layerLogistic(3, 0, p)).toBe(1);
    expect(expectedLayerTime(0, p)).toBe(1);
    expect(expectedLayerTime(1, p)).toBe(1);
    expect(qj(2, 1)).toBeCloseTo(1 / 6, 15);
    expect(qj(3, 1)).toBeCloseTo(1 / 12, 15);
    expect(shortRouteTime(4, p)).toBe(4);
    expect(longRouteTime(4, p)).toBe(1.5);
    expect(longRouteTime(2, P({ apt: "min" }))).toBe(1);
    expect(longRouteTime(2, P({ tauL: 0.7 }))).toBe(0.7);
  });

  it("eqs. (2)–(6) and (12), (15) fit together", () => {
    for (const partial of [{ beta: 1 }, { beta: 3, apt: "min" as const }, { beta: 10, scale: 1.1 }, { beta: 0.5, c: 2, tauL: 3 }]) {
      const p = P({ n: 16, ...partial });
      for (let j = 2; j <= 4; j++) {
        // (2): E[T_j] = E[T_j^l] + E[T_j^s].
        expect(longRoutePart(j, p) + shortRoutePart(j, p)).toBeCloseTo(expectedLayerTime(j, p), 12);
        // (4) from (3): the layer bound is the node bound to the power N_{j−1}.
        expect(1 - longLinkChance(j, p)).toBeCloseTo(nodeNoLinkBound(j, p) ** layerSize(j - 1, 16), 12);
      }
    }
    const p = P({ n: 8 });
    // (12) with k = 0 is 1 − fr; the law sums to 1.
    expect(forkCountProbability(0, 100, p)).toBeCloseTo(1 - forkRate(100, p), 15);
    let total = 0;
    for (let k = 0; k < 40; k++) total += forkCountProbability(k, 145, P({ n: 8, blockInterval: 0.5 })); // λδ = 2
    expect(total).toBeCloseTo(1, 12);
    // (15) is (16) with m = I; e = 0 needs no lead; γm = Λe is unbounded.
    expect(robustLevel(145, p)).toBe(theta(145, p));
    expect(robustLevel(5, P({ attackers: 0 }))).toBe(0);
    expect(robustLevel(20, p)).toBeNull();
    expect(robustLevel(10, P({ powerRatio: 2 }))).toBeNull();
    expect(robustLevel(10, P({ powerRatio: 2.5 }))).toBeCloseTo(Math.log(10) / Math.log(25 / 20), 12);
  });
});

type Curves = ReturnType<typeof forkingCurves>;
/** X ≤_t Y on fr, FR and θ (θ: null is +∞, "wherever defined"). */
function claimViolations(x: Curves, y: Curves): string[] {
  const bad: string[] = [];
  const eps = 1e-12;
  for (let k = 0; k < x.t.length; k++) {
    if (x.fr[k]! > y.fr[k]! + eps) bad.push(`fr(${x.t[k]})`);
    if (x.FR[k]! > y.FR[k]! + eps) bad.push(`FR(${x.t[k]})`);
    const a = x.theta[k]!;
    const b = y.theta[k]!;
    if (a === null ? b !== null : b !== null && a > b + eps) bad.push(`θ(${x.t[k]})`);
  }
  return bad;
}

describe("Corollaries VI.1–VII.2 as claims on the model (spec §2)", () => {
  it("apt min: the smaller β and the smaller Δ give ≤_t fr, FR and θ at n = 8 and 16 [E14]", () => {
    for (const n of [8, 16]) {
      for (const scale of [1, 1.1]) {
        expect(claimViolations(forkingCurves(P({ n, apt: "min", beta: 1, scale })), forkingCurves(P({ n, apt: "min", beta: 10, scale })))).toEqual([]);
      }
      for (const beta of [1, 10]) {
        expect(claimViolations(forkingCurves(P({ n, apt: "min", beta, scale: 1 })), forkingCurves(P({ n, apt: "min", beta, scale: 1.1 })))).toEqual([]);
      }
    }
  });

  it("apt literal breaks VI.1 and VI.3 at n = 8: I(4) 19.4 vs 32.6, FR(16) 0.00970 vs 0.00955 [E9]", () => {
    const b1 = forkingCurves(P({ n: 8, beta: 1, apt: "literal" }));
    const b10 = forkingCurves(P({ n: 8, beta: 10, apt: "literal" }));
    expect(b1.I[4]).toBeLessThan(b10.I[4]!);
    expect(b1.fr[4]).toBeGreaterThan(b10.fr[4]!); // VI.1 fails
    expect(b1.FR[16]).toBeGreaterThan(b10.FR[16]!); // VI.3 fails
    const bad = claimViolations(b1, b10);
    expect(bad).toContain("fr(4)");
    expect(bad).toContain("FR(16)");
    // The Δ claims still hold under literal.
    for (const beta of [1, 10]) expect(claimViolations(forkingCurves(P({ n: 8, beta })), forkingCurves(P({ n: 8, beta, scale: 1.1 })))).toEqual([]);
  });

  it("Sec. VIII: a larger n gives a larger FR at every common t", () => {
    for (const beta of [1, 10]) {
      for (const apt of ["literal", "min"] as const) {
        for (const scale of [1, 1.1]) {
          const small = forkingCurves(P({ n: 8, beta, apt, scale }));
          const large = forkingCurves(P({ n: 16, beta, apt, scale }));
          small.FR.forEach((x, k) => expect(large.FR[k]).toBeGreaterThanOrEqual(x));
        }
      }
    }
  });
});

describe("Bad parameters throw InputError", () => {
  it("forkingParams refuses out-of-range values with one clear sentence", () => {
    expect(() => forkingParams({ n: 0 })).toThrow(new InputError("n must be an integer ≥ 1, got 0"));
    const bad: Partial<ForkingModelParams>[] = [
      { n: 2.5 },
      { beta: -1 },
      { beta: Number.NaN },
      { beta: Number.POSITIVE_INFINITY },
      { ds: 0 },
      { dl: -1 },
      { scale: 0 },
      { delta: 0 },
      { c: -0.1 },
      { blockInterval: 0 },
      { powerRatio: 0 },
      { attackers: 1.5 },
      { attackers: -1 },
      { epsilon: 0 },
      { epsilon: 1 },
      { tMax: 0 },
      { tauL: 0 },
      { apt: "fast" as "min" },
      { eq11: "printed" as "literal" },
      { delta: 1e-9 },
    ];
    for (const partial of bad) expect(() => forkingParams(partial), JSON.stringify(partial)).toThrow(InputError);
    expect(forkingParams()).toEqual({ ...FORKING_DEFAULTS, tMax: 16 });
  });

  it("structure and model functions refuse bad arguments", () => {
    const p = P({ n: 8 });
    const calls: (() => unknown)[] = [
      () => totalNodes(0),
      () => nodesAtDistance(-1),
      () => layerOfDistance(1.5),
      () => layerSize(4, 8),
      () => layerPairCount(0, 8),
      () => layerPairFormula(1),
      () => longLinkProbability(0, 1),
      () => expectedLongLinks(8, -1, "all"),
      () => expectedLongLinks(8, 1, "some" as "all"),
      () => longLinkChance(1, p),
      () => activationTime(4, p),
      () => layerLogistic(2, -1, p),
      () => globalActivation(-1, p),
      () => theta(Number.NaN, p),
      () => forkRate(-1, p),
      () => deckerWattenhofer(-1, p),
      () => modelUninformedIntegral(p, 0.1),
    ];
    for (const call of calls) expect(call).toThrow(InputError);
  });
});
