import { gridPoints } from "../../formulations/forking/propagation.js";
import { expansivity, layerCount } from "../../formulations/forking/structure.js";
import { Prng, runSeed } from "../shared/prng.js";
import { buildDiamond, type Diamond } from "./lattice.js";
import { addShortLinks, LinkList, LONG, type LongMode, sampleLongLinks, sampleLongLinksCoupled, SHORT } from "./links.js";
import { type DelayModel, type Graph, propagate, type Propagation, toGraph } from "./propagate.js";
import type { Topology } from "./topology.js";

/** What one simulated configuration needs (spec §1); times in units of the baseline Δs = 1. */
export interface SimParams {
  /** Diamond radius: nodes within Manhattan distance n of the creator. */
  n: number;
  /** Long-range exponent β ≥ 0: a candidate pair at distance d is linked with probability d^{−β}. */
  beta: number;
  /** Δs, the short-link delay before `scale` (paper: 1). */
  ds: number;
  /** Δl, the long-link delay before `scale` (paper: 1.5). */
  dl: number;
  /** The paper's Δ: multiplies both delays. */
  scale: number;
  /** Long-link candidates: adjacent layers only, or every pair [E5]. */
  long: LongMode;
  /** Fixed delays, or exponential draws with the same mean [E6]. */
  delay: DelayModel;
  /** Grid step δ of the sampled curve I_sim(t). */
  delta: number;
  /** End t_max of the sampled curve I_sim(t). */
  tMax: number;
  /**
   * Draw long links with the coupled sampler (one uniform per candidate pair, in id order): the same
   * seed then gives nested graphs for every β. Costs every candidate pair; off by default.
   */
  coupled?: boolean;
}

/** One run's outcome. */
export interface RunResult {
  /** The run index r. */
  readonly run: number;
  /** Short (distance-1) links of the network. */
  readonly shortLinks: number;
  /** Long-range links drawn in this run. */
  readonly longLinks: number;
  /** Mean expansivity ε_L over realised long links (Def. III.2); null without long links. */
  readonly meanExpansivity: number | null;
  /** Nodes of the network, creator included. */
  readonly nodes: number;
  /** Nodes the block reached, creator included. */
  readonly informed: number;
  /** T_v per node id (Infinity if never reached). */
  readonly time: Float64Array;
  /** T_sim(j): first reception in layer j, j = 0..J (lattice only). */
  readonly layerFirst: number[];
  /** I_sim on the grid t = 0, δ, …, t_max. */
  readonly curve: number[];
  /** (1/N) Σ_v T_v: the exact ∫(1 − f(t)) dt of Decker–Wattenhofer (§6); Infinity if a node is never reached. */
  readonly uninformedIntegral: number;
  /** The raw propagation: arrival times, senders, link kinds and the order of reception. */
  readonly propagation: Propagation;
}

/**
 * #{v : T_v ≤ t} on the grid. Arrival times are sums of scaled delays (1.1 + 1.1 + …), so a time that
 * equals a grid point in exact arithmetic may exceed it by an ulp: compare with a relative 1e−9 slack.
 */
export function curveOnGrid(time: Float64Array, grid: readonly number[]): number[] {
  const sorted = Float64Array.from(time).sort();
  const out: number[] = [];
  let k = 0;
  for (const t of grid) {
    const limit = t + 1e-9 * Math.max(1, t);
    while (k < sorted.length && sorted[k] <= limit) k++;
    out.push(k);
  }
  return out;
}

/** The exact step function of I_sim: each distinct arrival time with the number informed by then. */
export function stepFunction(time: Float64Array): {
  /** An arrival time. */
  t: number;
  /** Nodes informed at or before t. */
  informed: number;
}[] {
  const sorted = Float64Array.from(time).sort();
  const steps: { t: number; informed: number }[] = [];
  for (let i = 0; i < sorted.length && sorted[i] !== Infinity; i++) {
    if (i + 1 < sorted.length && sorted[i + 1] === sorted[i]) continue;
    steps.push({ t: sorted[i], informed: i + 1 });
  }
  return steps;
}

function summarise(run: number, nodes: number, links: LinkList, p: Propagation, grid: readonly number[], layerOf: ((v: number) => number) | null, layers: number, distOf: ((i: number) => number) | null, beta: number): RunResult {
  let longLinks = 0;
  let eps = 0;
  for (let i = 0; i < links.count; i++) {
    if (links.kind[i] !== LONG) continue;
    longLinks++;
    if (distOf) eps += expansivity(distOf(i), beta);
  }
  const layerFirst = new Array<number>(layers).fill(Infinity);
  if (layerOf) {
    for (let v = 0; v < nodes; v++) {
      const j = layerOf(v);
      if (j >= 0 && p.time[v] < layerFirst[j]) layerFirst[j] = p.time[v];
    }
  }
  let sum = 0;
  for (let v = 0; v < nodes; v++) sum += p.time[v];
  return {
    run,
    shortLinks: links.count - longLinks,
    longLinks,
    meanExpansivity: longLinks > 0 && distOf ? eps / longLinks : null,
    nodes,
    informed: p.informed,
    time: p.time,
    layerFirst,
    curve: curveOnGrid(p.time, grid),
    uninformedIntegral: sum / nodes,
    propagation: p,
  };
}

/** The lattice's links as a graph with their base delays, Δs or Δl (before the Δ scale). */
export function latticeGraph(g: Diamond, links: LinkList, params: Pick<SimParams, "ds" | "dl">): Graph {
  return toGraph(g.size, links, (_, kind) => (kind === SHORT ? params.ds : params.dl));
}

function latticeRun(g: Diamond, links: LinkList, params: SimParams, run: number, runKey: number): RunResult {
  const p = propagate(latticeGraph(g, links, params), g.creator, params.delay, params.scale, runKey);
  const dist = (i: number): number => Math.abs(g.x[links.u[i]] - g.x[links.v[i]]) + Math.abs(g.y[links.u[i]] - g.y[links.v[i]]);
  return summarise(run, g.size, links, p, gridPoints(params.delta, params.tMax), (v) => g.layer[v], layerCount(g.n), dist, params.beta);
}

/** The links of run r (short links, then the long ones drawn from the run's own generator). */
export function runLinks(g: Diamond, params: SimParams, seed: number, run: number): LinkList {
  const key = runSeed(seed, run);
  const links = new LinkList();
  addShortLinks(g, links);
  if (params.coupled) sampleLongLinksCoupled(g, [params.beta], params.long, new Prng(key), [links]);
  else sampleLongLinks(g, params.beta, params.long, new Prng(key), links);
  return links;
}

/** Run r of a lattice simulation seeded with `seed`: its own generator, seeded from (seed, r), replays alone. */
export function simulateRun(params: SimParams, seed: number, run: number, diamond?: Diamond): RunResult {
  const g = diamond ?? buildDiamond(params.n);
  return latticeRun(g, runLinks(g, params, seed, run), params, run, runSeed(seed, run));
}

/**
 * Coupled run r (spec §5): the same uniforms decide the long links for every β of `betas`, and the
 * same transmission draws serve every Δ of `scales`. Returns results[b][s] for betas[b], scales[s].
 */
export function simulateCoupledRun(params: SimParams, betas: readonly number[], scales: readonly number[], seed: number, run: number, diamond?: Diamond): RunResult[][] {
  const g = diamond ?? buildDiamond(params.n);
  const key = runSeed(seed, run);
  const lists = betas.map(() => {
    const l = new LinkList();
    addShortLinks(g, l);
    return l;
  });
  sampleLongLinksCoupled(g, betas, params.long, new Prng(key), lists);
  return betas.map((beta, b) => scales.map((scale) => latticeRun(g, lists[b], { ...params, beta, scale }, run, key)));
}

/** Run r on a user-supplied network; `creator` is a node id of the topology. */
export function simulateTopologyRun(topology: Topology, creator: number, params: Pick<SimParams, "scale" | "delay" | "delta" | "tMax">, seed: number, run: number): RunResult {
  const graph = toGraph(topology.names.length, topology.links, (i) => topology.delays[i]);
  const p = propagate(graph, creator, params.delay, params.scale, runSeed(seed, run));
  return summarise(run, topology.names.length, topology.links, p, gridPoints(params.delta, params.tMax), null, 0, null, 0);
}
