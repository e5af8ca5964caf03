/**
 * The UNL grid (spec unl.md §6): malicious % × overlap, one record per point, for figures F1–F5.
 *
 * A point is a simulator configuration run `runs` times; run k uses seed runSeed(seed, k), the same for every
 * point, so neighbouring points share their random networks (common random numbers). Points are shared by
 * figures (F1's core series are F2 rows), named without the knobs that do not name the point (nodes, runs,
 * seed, caps): a record on disk whose params differ from the plan's is stale and run again.
 *
 * Pure: the plan and the record types. Running a point: grid-point.ts; files: grid-store.ts.
 */
import { match } from "ts-pattern";
import { InputError } from "../../formulations/input-error.js";
import { runSeed } from "../shared/prng.js";
import { coreUnls } from "./generators.js";
import { RPCA_DEFAULTS, rpcaSetup } from "./rpca-setup.js";
import type { RpcaByzantine, RpcaFork } from "./rpca-types.js";
import { SCHWARTZ_DEFAULTS } from "./schwartz.js";

/** The figures of spec unl.md §6, in drawing order. */
export const FIGURE_IDS = ["F1", "F2", "F3", "F4", "F5"] as const;
/** One of {@link FIGURE_IDS}. */
export type FigureId = (typeof FIGURE_IDS)[number];
/** Figures drawn from simulations (F5 is closed form). */
export type SimFigure = Exclude<FigureId, "F5">;

export const RECORD_VERSION = 1;
export const DEFAULT_MALICIOUS = range(0, 35, 2.5);
export const DEFAULT_OVERLAPS: Readonly<Record<SimFigure, readonly number[]>> = Object.freeze({
  F1: [10, 40, 70, 90, 99],
  F2: [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 100],
  F3: [50, 80, 95],
  // Clusters lists have exactly 20 members: 99 % is the same list as 100 %.
  F4: [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100],
});

/** What the grid runs: the figures, the networks' sizes, runs per point, seed and caps. */
export interface GridSettings {
  /** The figures whose points are planned. */
  figures: FigureId[];
  /** schwartz nodes. */
  nodes: number;
  /** rpca validators. */
  rpcaNodes: number;
  /** Runs per point. */
  runs: number;
  /** Master seed; run k of every point is seeded runSeed(seed, k). */
  seed: number;
  /** schwartz cap (ms): a run without consensus by then is censored. */
  maxTime: number;
  /** rpca: stop at this fully validated seq … */
  ledgers: number;
  /** … or at this simulated time (ms). */
  rpcaMaxTime: number;
  /** Replace every figure's malicious axis (percent). */
  maliciousPcts?: number[];
  /** Replace every figure's overlap axis (percent). */
  overlaps?: number[];
}

/** Defaults of {@link GridSettings} other than the figures and axes. */
export const GRID_DEFAULTS = Object.freeze({
  /** schwartz nodes (upstream: 1000). */
  nodes: 200,
  /** rpca validators. */
  rpcaNodes: RPCA_DEFAULTS.nodes,
  /** Runs per point (spec: 20 seeds). */
  runs: 20,
  /** Master seed. */
  seed: 1,
  /** schwartz cap (ms). */
  maxTime: SCHWARTZ_DEFAULTS.maxTime,
  /** rpca: fully validated seq to stop at. */
  ledgers: RPCA_DEFAULTS.ledgers,
  /** rpca: simulated time cap (ms). */
  rpcaMaxTime: RPCA_DEFAULTS.maxTime,
});

/** A `schwartz` point: upstream's simulator with the grid's UNLs, malicious share and stop rule. */
export interface SchwartzPointParams {
  /** The simulator. */
  mode: "schwartz";
  /** UNL generator: `core` at an overlap, or upstream's `random`. */
  unlGen: "core" | "random";
  /** Overlap x in percent; null for `random`. */
  overlapPct: number | null;
  /** Malicious share of the nodes in percent (the figure's axis). */
  maliciousPct: number;
  /** Malicious nodes: ⌊nodes·maliciousPct/100⌋. */
  malicious: number;
  /** Nodes N. */
  nodes: number;
  /** CONSENSUS_PERCENT of the stop test (upstream 80; P1's control 70). */
  consensusPct: number;
  /** Who the stop test counts: every node (upstream) or the honest ones (spec P1's control). */
  tally: "all" | "honest";
  /** Cap (ms): a run without consensus by then is censored. */
  maxTime: number;
  /** Runs. */
  runs: number;
  /** Master seed; run k is seeded runSeed(seed, k). */
  seed: number;
}

/** An `rpca` point: the round-based simulator on generated UNLs with Byzantine validators. */
export interface RpcaPointParams {
  /** The simulator. */
  mode: "rpca";
  /** UNL generator. */
  unlGen: "core" | "clusters";
  /** Overlap x in percent. */
  overlapPct: number;
  /** Byzantine share of the validators in percent (the figure's axis). */
  maliciousPct: number;
  /** Byzantine validators: ⌊nodes·maliciousPct/100⌋. */
  malicious: number;
  /** How they behave. */
  byzKind: RpcaByzantine;
  /** Where they sit: the top of the ranking (core) or ids 0..f−1. */
  byzPlacement: "core" | "ids";
  /** Validators N. */
  nodes: number;
  /** Stop at this fully validated seq… */
  ledgers: number;
  /** …or at this simulated time (ms). */
  maxTime: number;
  /** Runs. */
  runs: number;
  /** Master seed; run k is seeded runSeed(seed, k). */
  seed: number;
}

/** The configuration of a grid point, by simulator. */
export type PointParams = SchwartzPointParams | RpcaPointParams;

/** A planned point: one simulator configuration, run `runs` times. */
export interface GridPoint {
  /** Name from the knobs that identify the point, e.g. "schwartz-core-o40-m20"; its record's file name. */
  name: string;
  /** The figures that plot it (F1 and F2 share their core points). */
  figures: SimFigure[];
  /** The configuration. */
  params: PointParams;
}

/** One `schwartz` run of a point, as recorded. */
export interface SchwartzRun {
  /** The run's seed. */
  seed: number;
  /** P or N exceeded the consensus threshold. */
  converged: boolean;
  /** Stopped at the cap. */
  censored: boolean;
  /** The queue ran empty before consensus. */
  radioSilence: boolean;
  /** Time of the stop (ms). */
  timeMs: number;
  /** ⌊Σ sent / nodes⌋. */
  messagesPerNode: number;
  /** ω_min over honest pairs; null with fewer than two honest nodes. */
  omegaMin: number | null;
  /** ω_mean over honest pairs; null with fewer than two honest nodes. */
  omegaMean: number | null;
}

/** A fork as the simulator reported it, and whether the counting bound admits it for that pair. */
export type GridFork = RpcaFork & {
  /** Whether the counting bound admits a fork for the checked pair. */
  countingAdmits: boolean;
  /** The pair checked, when not the fork's own two validators (another pair at that seq the bound rules out). */
  checkedPair?: [number, number];
};

/** The static bounds of one run's configuration (spec unl.md §3). */
export interface RpcaStatic {
  /** Ordered honest pairs violating Theorem 8 ("actual" budget). */
  theorem8Violations: number;
  /** The least Theorem 8 slack; null without honest pairs. */
  theorem8MinSlack: number | null;
  /** Honest pairs that can fork by counting. */
  countingForkable: number;
  /** Of those, pairs csf's test misses. */
  countingMissedByCsf: number;
  /** Pairs of distinct UNLs csf flags as forkable. */
  csfForkable: number;
  /** Distinct UNLs. */
  distinctUnls: number;
  /** ω_min over honest pairs. */
  omegaMin: number | null;
  /** ω_mean over honest pairs. */
  omegaMean: number | null;
}

/** One `rpca` run of a point, as recorded: the metrics of {@link RpcaResult} plus the static bounds. */
export interface RpcaRun {
  /** The run's seed. */
  seed: number;
  /** NHI = (C − V)/C; null when C = 0. */
  nhi: number | null;
  /** C: distinct ledgers accepted by an honest validator. */
  accepted: number;
  /** V: distinct ledgers fully validated by an honest validator. */
  validated: number;
  /** Forks with their counting verdicts. */
  forks: GridFork[];
  /** Distinct branches among the honest FV ledgers. */
  branches: number;
  /** Fraction of honest validators that stalled. */
  stalledFraction: number;
  /** The longest FV gap (ms). */
  longestGapMs: number;
  /** Highest seq any honest validator fully validated. */
  maxValidatedSeq: number;
  /** Lowest final FV seq over honest validators. */
  minValidatedSeq: number;
  /** Median close → accept time (ms); null if none. */
  medianCloseToAcceptMs: number | null;
  /** Median interval between consecutive FV ledgers (ms); null if none. */
  medianFvIntervalMs: number | null;
  /** Preferred-ledger switches by honest validators. */
  jumps: number;
  /** Conflicting validations seen by honest receivers. */
  equivocationsSeen: number;
  /** Simulated time at the stop (ms). */
  timeMs: number;
  /** The configuration's static bounds. */
  static: RpcaStatic;
}

/** A P2 finding: a fork the bounds say cannot happen. Never filtered out. */
export interface GridViolation {
  /** The point's name. */
  point: string;
  /** "theorem8": a fork while Theorem 8 holds (bug or refutation); "counting": a same-seq fork the counting bound rules out (bug). */
  kind: "theorem8" | "counting";
  /** The finding in words. */
  why: string;
  /** The run's seed, to replay it. */
  seed: number;
  /** The point's configuration. */
  config: {
    /** Always "rpca": only rpca runs fork. */
    mode: "rpca";
    /** UNL generator. */
    unlGen: string;
    /** Overlap x in percent. */
    overlapPct: number;
    /** Byzantine validators (count). */
    malicious: number;
    /** Validators. */
    nodes: number;
    /** Byzantine behaviour. */
    byzKind: string;
    /** Where the Byzantine validators sit. */
    byzPlacement: string;
  };
  /** The fork. */
  fork: GridFork;
}

/** A `schwartz` point over its runs; runs without consensus count at the cap. */
export interface SchwartzSummary {
  /** Runs. */
  runs: number;
  /** Runs that reached consensus. */
  converged: number;
  /** No consensus by maxTime (censored or radio silence): counted at the cap, so quantiles over them are lower bounds. */
  censored: number;
  /** Runs ended by radio silence. */
  radioSilence: number;
  /** Median convergence time (ms), type-7 quantile. */
  medianMs: number;
  /** 90th percentile of the convergence time (ms). */
  p90Ms: number;
  /** The median is a censored value, so only a lower bound. */
  medianLowerBound: boolean;
  /** The p90 is a censored value, so only a lower bound. */
  p90LowerBound: boolean;
  /** Mean messages sent per node. */
  meanMessagesPerNode: number;
  /** Mean ω_mean over runs; null if undefined in every run. */
  omegaMean: number | null;
}

/** An `rpca` point over its runs: NHI statistics, fork and stall rates, and how often the bounds fail. */
export interface RpcaSummary {
  /** Runs. */
  runs: number;
  /** Runs with NHI defined (C > 0). */
  nhiDefined: number;
  /** Median NHI over those runs; null if none. */
  nhiMedian: number | null;
  /** Mean NHI over those runs; null if none. */
  nhiMean: number | null;
  /** 90th percentile of NHI; null if none. */
  nhiP90: number | null;
  /** Fraction of runs with any fork. */
  forkRate: number;
  /** Fraction of runs with a same-seq fork. */
  sameSeqForkRate: number;
  /** Fraction of runs with a branch fork. */
  branchForkRate: number;
  /** Fraction of runs in which some honest validator stalled. */
  stallRate: number;
  /** Runs whose configuration violates Theorem 8 for some pair. */
  theorem8ViolatingRuns: number;
  /** The least Theorem 8 slack over runs; null if none. */
  theorem8MinSlack: number | null;
  /** Runs whose configuration has a pair forkable by counting. */
  countingForkableRuns: number;
  /** Runs whose configuration has a pair csf flags. */
  csfForkableRuns: number;
  /** Mean ω_mean over runs; null if undefined in every run. */
  omegaMean: number | null;
}

/** A point's record on disk: its parameters, every run and their summary (rpca: and its P2 violations). */
export type GridRecord =
  | {
      /** Record format version. */
      version: 1;
      /** The point's name. */
      name: string;
      /** The point's configuration. */
      params: SchwartzPointParams;
      /** One entry per run. */
      perRun: SchwartzRun[];
      /** Medians, quantiles and counts over the runs. */
      summary: SchwartzSummary;
    }
  | {
      /** Record format version. */
      version: 1;
      /** The point's name. */
      name: string;
      /** The point's configuration. */
      params: RpcaPointParams;
      /** One entry per run. */
      perRun: RpcaRun[];
      /** Rates and NHI statistics over the runs. */
      summary: RpcaSummary;
      /** Forks the bounds rule out (P2), never filtered. */
      violations: GridViolation[];
    };

export function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let k = 0; from + k * step <= to + 1e-9; k++) out.push(Number((from + k * step).toFixed(6)));
  return out;
}

/** "0:35:2.5", "10,40,70" or both ("0:10:5,20"): sorted, distinct, each in 0..100. */
export function parsePctList(value: string, flag: string): number[] {
  const out: number[] = [];
  for (const part of value.split(",").map((s) => s.trim())) {
    const nums = part.split(":").map((s) => (s.trim() === "" ? NaN : Number(s)));
    if (nums.some((x) => !Number.isFinite(x)) || nums.length === 2 || nums.length > 3) throw new InputError(`${flag} expects numbers or from:to:step ranges separated by commas, e.g. 0:35:2.5 or 10,40,70 (got ${JSON.stringify(value)})`);
    if (nums.length === 3 && !(nums[2] > 0)) throw new InputError(`${flag}: the step of ${part} must be > 0`);
    const xs = nums.length === 3 ? range(nums[0], nums[1], nums[2]) : nums;
    for (const x of [...xs, ...nums.slice(0, 2)]) if (x < 0 || x > 100) throw new InputError(`${flag}: ${x} lies outside 0..100`);
    out.push(...xs);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** "F1,F3", "all" (case-insensitive). */
export function parseFigures(value: string): FigureId[] {
  const parts = value.split(",").map((s) => s.trim().toUpperCase());
  if (parts.length === 1 && parts[0] === "ALL") return [...FIGURE_IDS];
  for (const p of parts) if (!(FIGURE_IDS as readonly string[]).includes(p)) throw new InputError(`--figure: unknown figure ${JSON.stringify(p)} (expected ${FIGURE_IDS.join(", ")} or all)`);
  return FIGURE_IDS.filter((f) => parts.includes(f));
}

const count = (nodes: number, pct: number) => Math.floor((nodes * pct) / 100 + 1e-9);

export function pointName(p: PointParams): string {
  return match(p)
    .with({ mode: "schwartz" }, (s) => `schwartz-${s.unlGen}${s.overlapPct === null ? "" : `-o${s.overlapPct}`}${s.consensusPct === SCHWARTZ_DEFAULTS.consensusPct ? "" : `-cp${s.consensusPct}`}${s.tally === "honest" ? "-honest" : ""}-m${s.maliciousPct}`)
    .with({ mode: "rpca" }, (r) => `rpca-${r.unlGen}-${r.byzKind}-${r.byzPlacement}-o${r.overlapPct}-m${r.maliciousPct}`)
    .exhaustive();
}

function checkSettings(s: GridSettings): void {
  const int = (flag: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min) throw new InputError(`${flag} must be an integer ≥ ${min}, got ${v}`);
  };
  int("--runs", s.runs, 1);
  int("--seed", s.seed, 0);
  int("--max-time", s.maxTime, 1);
  int("--ledgers", s.ledgers, 1);
  int("--rpca-max-time", s.rpcaMaxTime, 1);
  const need = SCHWARTZ_DEFAULTS.unlMax + 1;
  if (!Number.isSafeInteger(s.nodes) || s.nodes < need) throw new InputError(`--nodes must be an integer ≥ ${need} (UNLs of up to ${SCHWARTZ_DEFAULTS.unlMax}), got ${s.nodes}`);
  const rneed = RPCA_DEFAULTS.unlMax + 1;
  if (!Number.isSafeInteger(s.rpcaNodes) || s.rpcaNodes < rneed) throw new InputError(`--rpca-nodes must be an integer ≥ ${rneed} (UNLs of up to ${RPCA_DEFAULTS.unlMax}), got ${s.rpcaNodes}`);
  for (const x of [...(s.maliciousPcts ?? []), ...(s.overlaps ?? [])]) if (!(x >= 0 && x <= 100)) throw new InputError(`percentages must lie in 0..100, got ${x}`);
  if (s.maliciousPcts?.length === 0 || s.overlaps?.length === 0) throw new InputError("an empty axis: give at least one value");
}

/**
 * Every point of the selected figures, deduplicated, in a fixed order (figure, then series, then malicious %):
 * the same for every shard. Throws InputError for a point the generators or the simulators cannot set up.
 */
export function planGrid(s: GridSettings): GridPoint[] {
  checkSettings(s);
  const malicious = s.maliciousPcts ?? DEFAULT_MALICIOUS;
  const overlaps = (f: SimFigure) => s.overlaps ?? DEFAULT_OVERLAPS[f];
  const byName = new Map<string, GridPoint>();
  const add = (fig: SimFigure, params: PointParams) => {
    const name = pointName(params);
    const had = byName.get(name);
    if (had) had.figures.push(fig);
    else byName.set(name, { name, figures: [fig], params });
  };
  const schwartz = (unlGen: "core" | "random", overlapPct: number | null, m: number, consensusPct = SCHWARTZ_DEFAULTS.consensusPct, tally: "all" | "honest" = "all"): SchwartzPointParams => ({
    mode: "schwartz",
    unlGen,
    overlapPct,
    maliciousPct: m,
    malicious: count(s.nodes, m),
    nodes: s.nodes,
    consensusPct,
    tally,
    maxTime: s.maxTime,
    runs: s.runs,
    seed: s.seed,
  });
  const rpca = (unlGen: "core" | "clusters", byzKind: RpcaByzantine, byzPlacement: "core" | "ids", overlapPct: number, m: number): RpcaPointParams => ({
    mode: "rpca",
    unlGen,
    overlapPct,
    maliciousPct: m,
    malicious: count(s.rpcaNodes, m),
    byzKind,
    byzPlacement,
    nodes: s.rpcaNodes,
    ledgers: s.ledgers,
    maxTime: s.rpcaMaxTime,
    runs: s.runs,
    seed: s.seed,
  });
  for (const fig of FIGURE_IDS.filter((f) => s.figures.includes(f))) {
    match(fig)
      .with("F1", (f) => {
        for (const o of overlaps(f)) for (const m of malicious) add(f, schwartz("core", o, m));
        for (const m of malicious) add(f, schwartz("random", null, m));
        // P1's controls: the step should move to 30 % with CP = 70 and vanish when only honest nodes are tallied.
        for (const m of malicious) add(f, schwartz("random", null, m, 70));
        for (const m of malicious) add(f, schwartz("random", null, m, SCHWARTZ_DEFAULTS.consensusPct, "honest"));
      })
      .with("F2", (f) => {
        for (const o of overlaps(f)) for (const m of malicious) add(f, schwartz("core", o, m));
      })
      // The paper's malicious nodes vote against their UNL majority; ids are uniform w.r.t. the ranking.
      .with("F3", (f) => {
        for (const o of overlaps(f)) for (const m of malicious) add(f, rpca("core", "contrarian", "ids", o, m));
      })
      .with("F4", (f) => {
        for (const o of overlaps(f)) for (const m of malicious) add(f, rpca("clusters", "equivocate", "core", o, m));
      })
      .with("F5", () => undefined)
      .exhaustive();
  }
  const points = [...byName.values()];
  for (const p of points) checkPoint(p.params);
  return points;
}

/** Sets up run 0 of a point, so that a point the generators reject fails before anything is written. */
function checkPoint(p: PointParams): void {
  match(p)
    .with({ mode: "schwartz" }, (s) => {
      if (s.malicious > s.nodes) throw new InputError(`${pointName(s)}: ${s.malicious} malicious of ${s.nodes} nodes`);
      if (s.overlapPct !== null) coreUnls(generatorParams(s, runSeed(s.seed, 0)));
    })
    .with({ mode: "rpca" }, (r) => void rpcaSetup(setupParams(r, runSeed(r.seed, 0))))
    .exhaustive();
}

export const generatorParams = (s: SchwartzPointParams, seed: number) => ({ nodes: s.nodes, unlMin: SCHWARTZ_DEFAULTS.unlMin, unlMax: SCHWARTZ_DEFAULTS.unlMax, overlapPct: s.overlapPct!, seed, rngMap: SCHWARTZ_DEFAULTS.rngMap });
export const setupParams = (r: RpcaPointParams, seed: number) => ({ nodes: r.nodes, malicious: r.malicious, byzKind: r.byzKind, unlGen: r.unlGen, overlapPct: r.overlapPct, byzPlacement: r.byzPlacement, seed, ledgers: r.ledgers, maxTime: r.maxTime });
