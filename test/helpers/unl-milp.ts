import { expect } from "vitest";
import { fullStartFromPair, unlsFromSolution, worstOverlapClosedForm, worstOverlapModel, type WorstOverlapParams } from "../../formulations/unl/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";

/** f = 5 Byzantine validators and N = 2n + 5 by default: room for both lists at any t. */
export const params = (n: number, t: number, model: "pair" | "full", nodes = 2 * n + 5): WorstOverlapParams => ({ nodes, unlSize: n, byzantine: 5, maxByzantinePerUnl: t, quorumPct: 80, selfTrust: false, model });

/** The pair model's optimum equals O* at every (n, t), and its solution is a witness (sizes, caps, overlap). */
export async function closedFormAgreement(ns: readonly number[], ts: readonly number[], solver: "highs" | "cbc"): Promise<void> {
  for (const n of ns) {
    for (const t of ts) {
      const p = params(n, t, "pair");
      const closed = worstOverlapClosedForm(p);
      expect(closed.applies).toBe(true);
      const wm = worstOverlapModel(p);
      const r = await solveModel(solverNamed(solver), wm.model, {});
      expect(r.status, `n=${n} t=${t}`).toBe("optimal");
      expect(Math.round(r.objective!), `n=${n} t=${t}`).toBe(closed.overlap);
      const unls = unlsFromSolution(wm, r.values!);
      const [A, B] = [unls.get(6)!, unls.get(7)!];
      expect([A.length, B.length]).toEqual([n, n]);
      expect(A.filter((v) => v <= 5).length).toBeLessThanOrEqual(t);
      expect(A.filter((v) => B.includes(v)).length).toBeGreaterThanOrEqual(closed.overlap);
    }
  }
}

/** Full model (HiGHS) = pair model (HiGHS) = pair model (CBC) = O* at each (n, t, N). */
export async function fullAgreesWithPair(cases: readonly (readonly [n: number, t: number, nodes: number])[]): Promise<void> {
  for (const [n, t, nodes] of cases) {
    const pair = await solveModel(solverNamed("highs"), worstOverlapModel(params(n, t, "pair", nodes)).model, {});
    const full = await solveModel(solverNamed("highs"), worstOverlapModel(params(n, t, "full", nodes)).model, {});
    const cbc = await solveModel(solverNamed("cbc"), worstOverlapModel(params(n, t, "pair", nodes)).model, {});
    expect([pair.status, full.status, cbc.status], `n=${n} t=${t} N=${nodes}`).toEqual(["optimal", "optimal", "optimal"]);
    const o = worstOverlapClosedForm(params(n, t, "pair", nodes)).overlap;
    expect([full.objective, pair.objective, cbc.objective].map((x) => Math.round(x!))).toEqual([o, o, o]);
  }
}

/**
 * The strengthened full model (quorumShareCut), started from the pair model's optimum, = the pair model = O*:
 * the cut closes the LP bound and the start gives the optimum, so HiGHS has only to prove it.
 */
export async function strengthenedFullAgreesWithPair(cases: readonly (readonly [n: number, t: number, nodes: number])[]): Promise<void> {
  for (const [n, t, nodes] of cases) {
    const pair = worstOverlapModel(params(n, t, "pair", nodes));
    const pr = await solveModel(solverNamed("highs"), pair.model, {});
    const full = worstOverlapModel({ ...params(n, t, "full", nodes), strengthen: true });
    const start = fullStartFromPair(full, pair, pr.values!);
    expect(start, `n=${n} t=${t} N=${nodes}`).not.toBeNull();
    const fr = await solveModel(solverNamed("highs"), full.model, { start: start! });
    const o = worstOverlapClosedForm(params(n, t, "pair", nodes)).overlap;
    expect([pr.status, fr.status], `n=${n} t=${t} N=${nodes}`).toEqual(["optimal", "optimal"]);
    expect([pr.objective, fr.objective].map((x) => Math.round(x!))).toEqual([o, o]);
  }
}
