import { PRESET_NAMES, type Preset, dbftParams, dbftVariableCount, type DbftParams } from "../../formulations/dbft2/params.js";
import type { CutName } from "../../formulations/dbft2/cuts/index.js";
import { InputError } from "../../formulations/input-error.js";
import { type GridPoint, PAPER_GRID } from "../catalog.js";

/** The paper's model, or the model with the strengthening families. */
export const VARIANTS = ["reference", "strengthened"] as const;
/** A sweep variant: `reference` (the paper's model) or `strengthened` (with the strengthening families). */
export type Variant = (typeof VARIANTS)[number];

/** `highs`, `cbc`, … or `auto`: HiGHS while the model fits its WebAssembly heap, else native CBC. */
export type SweepSolver = "highs" | "glpk" | "cbc" | "glpsol" | "auto";
/** Every SweepSolver, `auto` first. */
export const SWEEP_SOLVERS: readonly SweepSolver[] = ["auto", "highs", "cbc", "glpk", "glpsol"];

/** What a sweep covers: instances × objectives × variants, and how each run is solved. */
export interface SweepPlanInput {
  /** The (N, tmax) instances. */
  readonly instances: readonly GridPoint[];
  /** The presets solved on each instance. */
  readonly objectives: readonly Preset[];
  /** Guaranteed deliveries (property numbers) of every run. */
  readonly deliver: readonly number[];
  /** The models solved: the paper's, the strengthened one, or both. */
  readonly variants: readonly Variant[];
  /** Families used by the strengthened variant. */
  readonly strengthen: readonly CutName[];
  /** The backend of every run. */
  readonly solver: SweepSolver;
  /** Start each run from the solution at this many steps per view (runs with a longer horizon only). */
  readonly warmStart?: number | null;
  /** Also start each run from the best solution saved by the sweep's other runs (instances/sweep/pool.ts). */
  readonly reuseSolutions?: boolean;
  /** More directories whose saved solutions are reused too (read only), after the sweep's own. */
  readonly poolDirs?: readonly string[];
  /** Improve the start by solving sub-MIPs over windows of views first (instances/view-polish.ts). */
  readonly polish?: boolean;
}

/** One run of a sweep: a dBFT instance and objective, its variant and solver, and the starts it may use. */
export interface SweepRun {
  /** Unique within a sweep directory; also the result file's name without `.json`. */
  readonly key: string;
  /** The instance and objective, strengthening included. */
  readonly params: DbftParams;
  /** The paper's model or the strengthened one. */
  readonly variant: Variant;
  /** The backend asked for. */
  readonly solver: SweepSolver;
  /** The shorter horizon this run starts from, or null. */
  readonly warmStart: number | null;
  /** Whether saved solutions of other runs are tried as starts. */
  readonly reuseSolutions: boolean;
  /** More directories whose saved solutions are tried too (read only). */
  readonly poolDirs: readonly string[];
  /** Whether the start is polished by sub-MIPs over windows of views first. */
  readonly polish: boolean;
}

/** `paper`, `dbft-2-N-tmax` names and `N,tmax` pairs, separated by spaces or semicolons; duplicates dropped. */
export function parseInstanceList(value: string): GridPoint[] {
  const tokens = value
    .split(/[\s;]+/)
    .flatMap((t) => (/^dbft-/i.test(t) ? t.split(",") : [t]))
    .filter((t) => t !== "");
  if (tokens.length === 0) throw new InputError("--instances is empty: give paper, dbft-2-N-tmax names or N,tmax pairs");
  const out: GridPoint[] = [];
  const seen = new Set<string>();
  const push = (g: GridPoint) => {
    const k = `${g.n}-${g.tmax}`;
    if (!seen.has(k)) out.push(g);
    seen.add(k);
  };
  for (const t of tokens) {
    if (t.toLowerCase() === "paper") {
      PAPER_GRID.forEach(push);
      continue;
    }
    const m = /^dbft-2-(\d+)-(\d+)$/i.exec(t) ?? /^(\d+)[,x:](\d+)$/.exec(t);
    if (!m) throw new InputError(`--instances: cannot read ${JSON.stringify(t)}; use paper, dbft-2-N-tmax or N,tmax (several separated by spaces or ;)`);
    push({ n: Number(m[1]), tmax: Number(m[2]) });
  }
  return out;
}

/** `P1..P7`, `P1-P7`, `P1,P3,P5`, `all`. */
export function parseObjectiveList(value: string): Preset[] {
  const v = value.trim().toUpperCase();
  if (v === "ALL") return [...PRESET_NAMES];
  const picked = new Set<Preset>();
  for (const part of v.split(",")) {
    const range = /^P([1-7])(?:\.\.|-)P([1-7])$/.exec(part.trim());
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a > b) throw new InputError(`--objectives: empty range ${part.trim()}`);
      for (let k = a; k <= b; k++) picked.add(`P${k}` as Preset);
      continue;
    }
    const one = part.trim();
    if (!(PRESET_NAMES as readonly string[]).includes(one)) throw new InputError(`--objectives: unknown preset ${JSON.stringify(one)}; use P1..P7, a range like P1..P7, or a list like P1,P3`);
    picked.add(one as Preset);
  }
  return PRESET_NAMES.filter((p) => picked.has(p));
}

/** The name of a run: its record file and its line in the summary. */
export function runKey(p: DbftParams, variant: Variant, solver: SweepSolver): string {
  const deliver = p.deliver.length ? `-d${p.deliver.join("")}` : "";
  return `dbft-2-${p.n}-${p.tmax}-${p.objective.preset ?? "custom"}${deliver}-${variant}-${solver}`;
}

/**
 * Every run of the sweep, smallest instances first (so early results arrive early and a time budget is
 * spent where proofs are likely), then by objective and variant. The order does not depend on the shard.
 */
export function planSweep(o: SweepPlanInput): SweepRun[] {
  if (o.objectives.length === 0) throw new InputError("--objectives selects no preset");
  if (o.variants.length === 0) throw new InputError("no variant to run");
  const points = [...o.instances].sort((a, b) => dbftVariableCount(a.n, a.tmax) - dbftVariableCount(b.n, b.tmax) || a.n - b.n || a.tmax - b.tmax);
  const runs: SweepRun[] = [];
  for (const g of points)
    for (const preset of o.objectives)
      for (const variant of VARIANTS) {
        if (!o.variants.includes(variant)) continue;
        const params = dbftParams({ n: g.n, tmax: g.tmax, objective: preset, deliver: o.deliver, strengthen: variant === "strengthened" ? o.strengthen : [] });
        const warmStart = o.warmStart != null && o.warmStart < g.tmax ? o.warmStart : null;
        runs.push({ key: runKey(params, variant, o.solver), params, variant, solver: o.solver, warmStart, reuseSolutions: o.reuseSolutions ?? false, poolDirs: o.poolDirs ?? [], polish: o.polish ?? false });
      }
  return runs;
}


/**
 * Whether `earlier` can hand `run` a start: its saved solution is in `run`'s pool (same N, delivery and
 * variant, a horizon no longer; instances/sweep/pool.ts) when `run` reuses solutions or warm-starts.
 * With --jobs N such a run waits for those that precede it in the plan, so that it sees the pool one
 * process running the plan in order would see.
 */
export function mayStartFrom(run: SweepRun, earlier: SweepRun): boolean {
  if (!run.reuseSolutions && run.warmStart === null) return false;
  const [a, b] = [run.params, earlier.params];
  return a.n === b.n && b.tmax <= a.tmax && a.deliver.join() === b.deliver.join() && run.variant === earlier.variant;
}
