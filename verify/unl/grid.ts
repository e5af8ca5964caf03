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

export const FIGURE_IDS = ["F1", "F2", "F3", "F4", "F5"] as const;
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

export interface GridSettings {
  figures: FigureId[];
  /** schwartz nodes. */
  nodes: number;
  /** rpca validators. */
  rpcaNodes: number;
  runs: number;
  seed: number;
  /** schwartz cap (ms): a run without consensus by then is censored. */
  maxTime: number;
  /** rpca: stop at this fully validated seq … */
  ledgers: number;
  /** … or at this simulated time (ms). */
  rpcaMaxTime: number;
  /** Replace every figure's malicious axis / overlap axis. */
  maliciousPcts?: number[];
  overlaps?: number[];
}

export const GRID_DEFAULTS = Object.freeze({ nodes: 200, rpcaNodes: RPCA_DEFAULTS.nodes, runs: 20, seed: 1, maxTime: SCHWARTZ_DEFAULTS.maxTime, ledgers: RPCA_DEFAULTS.ledgers, rpcaMaxTime: RPCA_DEFAULTS.maxTime });

export interface SchwartzPointParams {
  mode: "schwartz";
  unlGen: "core" | "random";
  overlapPct: number | null;
  maliciousPct: number;
  malicious: number;
  nodes: number;
  consensusPct: number;
  /** Who the stop test counts: every node (upstream) or the honest ones (spec P1's control). */
  tally: "all" | "honest";
  maxTime: number;
  runs: number;
  seed: number;
}

export interface RpcaPointParams {
  mode: "rpca";
  unlGen: "core" | "clusters";
  overlapPct: number;
  maliciousPct: number;
  malicious: number;
  byzKind: RpcaByzantine;
  byzPlacement: "core" | "ids";
  nodes: number;
  ledgers: number;
  maxTime: number;
  runs: number;
  seed: number;
}

export type PointParams = SchwartzPointParams | RpcaPointParams;

export interface GridPoint {
  name: string;
  /** The figures that plot it (F1 and F2 share their core points). */
  figures: SimFigure[];
  params: PointParams;
}

export interface SchwartzRun {
  seed: number;
  converged: boolean;
  censored: boolean;
  radioSilence: boolean;
  timeMs: number;
  messagesPerNode: number;
  omegaMin: number | null;
  omegaMean: number | null;
}

/** A fork as the simulator reported it, and whether the counting bound admits it for that pair. */
export type GridFork = RpcaFork & { countingAdmits: boolean; checkedPair?: [number, number] };

export interface RpcaStatic {
  theorem8Violations: number;
  theorem8MinSlack: number | null;
  countingForkable: number;
  countingMissedByCsf: number;
  csfForkable: number;
  distinctUnls: number;
  omegaMin: number | null;
  omegaMean: number | null;
}

export interface RpcaRun {
  seed: number;
  nhi: number | null;
  accepted: number;
  validated: number;
  forks: GridFork[];
  branches: number;
  stalledFraction: number;
  longestGapMs: number;
  maxValidatedSeq: number;
  minValidatedSeq: number;
  medianCloseToAcceptMs: number | null;
  medianFvIntervalMs: number | null;
  jumps: number;
  equivocationsSeen: number;
  timeMs: number;
  static: RpcaStatic;
}

/** A P2 finding: a fork the bounds say cannot happen. Never filtered out. */
export interface GridViolation {
  point: string;
  kind: "theorem8" | "counting";
  why: string;
  seed: number;
  config: { mode: "rpca"; unlGen: string; overlapPct: number; malicious: number; nodes: number; byzKind: string; byzPlacement: string };
  fork: GridFork;
}

export interface SchwartzSummary {
  runs: number;
  converged: number;
  /** No consensus by maxTime (censored or radio silence): counted at the cap, so quantiles over them are lower bounds. */
  censored: number;
  radioSilence: number;
  medianMs: number;
  p90Ms: number;
  medianLowerBound: boolean;
  p90LowerBound: boolean;
  meanMessagesPerNode: number;
  omegaMean: number | null;
}

export interface RpcaSummary {
  runs: number;
  nhiDefined: number;
  nhiMedian: number | null;
  nhiMean: number | null;
  nhiP90: number | null;
  forkRate: number;
  sameSeqForkRate: number;
  branchForkRate: number;
  stallRate: number;
  theorem8ViolatingRuns: number;
  theorem8MinSlack: number | null;
  countingForkableRuns: number;
  csfForkableRuns: number;
  omegaMean: number | null;
}

export type GridRecord =
  | { version: 1; name: string; params: SchwartzPointParams; perRun: SchwartzRun[]; summary: SchwartzSummary }
  | { version: 1; name: string; params: RpcaPointParams; perRun: RpcaRun[]; summary: RpcaSummary; violations: GridViolation[] };

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
