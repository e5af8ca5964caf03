import { expectedLongLinks, layerCount, layerPairCount, layerPairFormula, layerSize, layerSizeFormula, shortLinkCount, totalNodes } from "../../formulations/forking/structure.js";
import { Prng, runSeed } from "../shared/prng.js";
import type { Verdict } from "./claims.js";
import { buildDiamond } from "./lattice.js";
import { addShortLinks, LinkList, type LongMode, sampleLongLinks, sampleLongLinksCoupled } from "./links.js";
import { latticeBall, shortestTimes } from "./reference.js";
import { latticeGraph, type RunResult, runLinks, simulateCoupledRun, simulateRun, type SimParams } from "./simulate.js";

/** One line of the check report. */
export interface CheckItem {
  /** The report section; structure, simulation, coupled and decker-wattenhofer are internal checks that must hold. */
  readonly section: "structure" | "simulation" | "coupled" | "model claims" | "simulated claims" | "shapes" | "decker-wattenhofer" | "paper figures";
  /** What is checked, in words. */
  readonly name: string;
  /** Held, contradicted or not comparable. */
  readonly verdict: Verdict;
  /** The numbers behind the verdict. */
  readonly detail: string;
}

const held = (ok: boolean): Verdict => (ok ? "held" : "contradicted");

/** Structure identities of spec §5 for n = 1..maxN, on the simulator's own lattice. */
export function structureChecks(maxN = 32): CheckItem[] {
  const bad: string[] = [];
  for (let n = 1; n <= maxN; n++) {
    const g = buildDiamond(n);
    if (g.size !== totalNodes(n) || g.size !== 2 * n * n + 2 * n + 1) bad.push(`n=${n}: ${g.size} nodes`);
    const shell = new Array<number>(n + 1).fill(0);
    const layers = new Array<number>(layerCount(n)).fill(0);
    for (let v = 0; v < g.size; v++) {
      shell[g.dist[v]]++;
      if (g.layer[v] >= 0) layers[g.layer[v]]++;
    }
    for (let i = 1; i <= n; i++) if (shell[i] !== 4 * i) bad.push(`n=${n}: ${shell[i]} nodes at distance ${i}`);
    layers.forEach((c, j) => {
      if (c !== layerSize(j, n)) bad.push(`n=${n}: layer ${j} has ${c} nodes, N_j=${layerSize(j, n)}`);
      const full = 2 ** j <= n;
      if (full && c !== layerSizeFormula(j)) bad.push(`n=${n}: layer ${j} has ${c}, formula ${layerSizeFormula(j)}`);
      if (full && j >= 2 && layerPairCount(j, n) !== layerPairFormula(j)) bad.push(`n=${n}: f_${j}`);
    });
    if (layers.reduce((a, b) => a + b, 0) !== g.size - 1) bad.push(`n=${n}: layers do not add up`);
    const links = new LinkList();
    addShortLinks(g, links);
    if (links.count !== shortLinkCount(n) || links.count !== 4 * n * n) bad.push(`n=${n}: ${links.count} short links`);
  }
  return [
    {
      section: "structure",
      name: `N_total = 2n²+2n+1, 4i nodes at distance i, layer sizes N_j and f_j, 4n² short links (n = 1..${maxN})`,
      verdict: held(bad.length === 0),
      detail: bad.length === 0 ? `all ${maxN} lattices agree` : bad.slice(0, 5).join("; "),
    },
  ];
}

/** Mean long-link count over `seeds` seeds against Σ d^−β, within 4 standard errors (both samplers). */
export function linkCountChecks(seeds: number, seed: number): CheckItem[] {
  const items: CheckItem[] = [];
  for (const n of [8, 16]) {
    for (const long of ["adjacent", "all"] as LongMode[]) {
      const g = buildDiamond(n);
      for (const beta of [1, 10]) {
        const expected = expectedLongLinks(n, beta, long);
        const se = Math.sqrt(expected.variance / seeds);
        const measure = (coupled: boolean): number => {
          let total = 0;
          for (let s = 0; s < seeds; s++) {
            const prng = new Prng(runSeed(seed, s));
            const list = new LinkList();
            if (coupled) sampleLongLinksCoupled(g, [beta], long, prng, [list]);
            else sampleLongLinks(g, beta, long, prng, list);
            total += list.count;
          }
          return total / seeds;
        };
        for (const coupled of n === 8 ? [false, true] : [false]) {
          const m = measure(coupled);
          const z = se > 0 ? (m - expected.mean) / se : m === expected.mean ? 0 : Infinity;
          items.push({
            section: "structure",
            name: `mean long links, n=${n} β=${beta} --long ${long}${coupled ? " (coupled sampler)" : ""}`,
            verdict: held(Math.abs(z) <= 4),
            detail: `${m.toFixed(2)} over ${seeds} seeds, expected ${expected.mean.toFixed(2)} ± ${se.toFixed(2)} (z = ${z.toFixed(2)})`,
          });
        }
      }
    }
  }
  return items;
}

/** In every run: I_sim ≥ the lattice ball (fixed delays), equal without long links, and the event queue equals Dijkstra. */
export function runChecks(label: string, params: SimParams, runs: readonly RunResult[], dijkstraRuns: number, seed: number): CheckItem[] {
  const items: CheckItem[] = [];
  if (params.delay === "fixed") {
    let below = 0;
    let bare = 0;
    let bareUnequal = 0;
    for (const r of runs) {
      r.curve.forEach((c, i) => {
        const ball = latticeBall(i * params.delta, params.ds * params.scale, params.n);
        if (c < ball) below++;
        if (r.longLinks === 0 && c !== ball) bareUnequal++;
      });
      if (r.longLinks === 0) bare++;
    }
    items.push({
      section: "simulation",
      name: `I_sim(t) ≥ lattice ball, = without long links (${label})`,
      verdict: held(below === 0 && bareUnequal === 0),
      detail: `${runs.length} runs, ${bare} without long links; ${below} points below the ball, ${bareUnequal} bare-lattice points off it`,
    });
    let mismatches = 0;
    const checked = Math.min(dijkstraRuns, runs.length);
    const g = buildDiamond(params.n);
    for (let r = 0; r < checked; r++) {
      // The same links as run r, searched by a textbook Dijkstra instead of the event queue.
      const ref = shortestTimes(latticeGraph(g, runLinks(g, params, seed, r), params), g.creator, params.scale);
      for (let v = 0; v < g.size; v++) if (Math.abs(ref[v] - runs[r].time[v]) > 1e-9 * Math.max(1, ref[v])) mismatches++;
    }
    items.push({
      section: "simulation",
      name: `event queue = Dijkstra (${label})`,
      verdict: held(mismatches === 0),
      detail: `${checked} runs, ${mismatches} arrival times differ`,
    });
  }
  return items;
}

/** The same seed gives byte-identical output: two independent simulations of run 0 are compared. */
export function determinismCheck(params: SimParams, seed: number): CheckItem {
  const a = simulateRun(params, seed, 0);
  const b = simulateRun(params, seed, 0);
  const same = JSON.stringify(Array.from(a.time)) === JSON.stringify(Array.from(b.time)) && JSON.stringify(a.curve) === JSON.stringify(b.curve);
  return { section: "simulation", name: `same seed, same bytes (n=${params.n} β=${params.beta})`, verdict: held(same), detail: same ? "identical arrival times and curves" : "runs differ" };
}

/**
 * Coupled runs (§5): the same uniforms at β = 1 and 10 and the same draws at Δ = 1 and 1.1. Then β = 1
 * is a supergraph of β = 10, and Δ = 1.1 multiplies every delay, hence every T_v, by 1.1; so I at the
 * smaller parameter is at least I at the larger, in every run at every t. A violation is a bug.
 */
export function coupledChecks(params: SimParams, runs: number, seed: number): CheckItem[] {
  const g = buildDiamond(params.n);
  let order = 0;
  let scaling = 0;
  let points = 0;
  for (let r = 0; r < runs; r++) {
    const res = simulateCoupledRun(params, [1, 10], [1, 1.1], seed, r, g);
    const pairs: [RunResult, RunResult][] = [
      [res[0][0], res[1][0]],
      [res[0][1], res[1][1]],
      [res[0][0], res[0][1]],
      [res[1][0], res[1][1]],
    ];
    for (const [x, y] of pairs) {
      x.curve.forEach((c, i) => {
        points++;
        if (c < y.curve[i]) order++;
      });
    }
    if (res[0][0].longLinks < res[1][0].longLinks) order++;
    for (const b of [0, 1]) {
      const t1 = res[b][0].time;
      const t2 = res[b][1].time;
      for (let v = 0; v < t1.length; v++) if (Math.abs(t2[v] - 1.1 * t1[v]) > 1e-9 * Math.max(1, t2[v])) scaling++;
    }
  }
  const label = `n=${params.n} --long ${params.long} --delay ${params.delay}`;
  const items: CheckItem[] = [
    {
      section: "coupled",
      name: `I(β=1) ≥ I(β=10) and I(Δ=1) ≥ I(Δ=1.1) in every run at every t, so VI.1–VII.2 hold run by run (${label})`,
      verdict: held(order === 0),
      detail: `${runs} coupled runs, ${points} comparisons, ${order} violations`,
    },
  ];
  items.push({ section: "coupled", name: `Δ = 1.1 multiplies every T_v by 1.1 (${label})`, verdict: held(scaling === 0), detail: `${runs} runs, ${scaling} arrival times off` });
  return items;
}
