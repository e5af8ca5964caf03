import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Model } from "../../formulations/model/index.js";
import { checkedStart, readSolutionFile, type CheckedStart } from "../solution-file.js";
import type { SweepRun } from "./plan.js";
import { bestStart, type StartPoint } from "../warm-start.js";

/** Where a run's solution is kept: next to its record, `<key>.sol.gz`. */
export const solutionFileName = (key: string) => `${key}.sol.gz`;

const SOLUTION_NAME = /^dbft-2-(\d+)-(\d+)-(P[1-7]|custom)((?:-d\d+)?)-(reference|strengthened)-([a-z]+)\.sol\.gz$/;

/** One saved solution tried as a start, with its objective in the run's model (null: rejected, see note). */
export interface PoolCandidate {
  /** Key of the run that saved it. */
  readonly key: string;
  /** Its objective in the run's model, or null when rejected. */
  readonly value: number | null;
  /** Why it was rejected. */
  readonly note?: string;
}

export interface PooledStarts {
  /** Every saved solution that could answer the run, in file-name order. */
  readonly candidates: readonly PoolCandidate[];
  /** The best feasible one (first of equals), or null. */
  readonly best: { readonly key: string; readonly value: number; readonly values: Float64Array } | null;
  readonly seconds: number;
}

/**
 * The saved solutions in `dirs` that are points of the run's model: same N, delivery and variant, any
 * objective, any solver, a horizon no longer than the run's. Every column is indexed by step, node and
 * view, and the objective only weighs them, so an execution found for one preset is an execution for
 * all; one of a shorter horizon is one of a longer with idle steps (placeByName). Whether it satisfies
 * the run's rows (a strengthening family may cut it) is checked, never assumed. A key found in two
 * directories is taken from the first.
 */
export function poolKeys(dirs: readonly string[], run: SweepRun): { key: string; tmax: number; path: string }[] {
  const p = run.params;
  const deliver = p.deliver.length ? `-d${p.deliver.join("")}` : "";
  const out: { key: string; tmax: number; path: string }[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const m = SOLUTION_NAME.exec(file);
      if (!m || Number(m[1]) !== p.n || Number(m[2]) > p.tmax || m[4] !== deliver || m[5] !== run.variant) continue;
      const key = file.slice(0, -".sol.gz".length);
      if (!seen.has(key)) out.push({ key, tmax: Number(m[2]), path: join(dir, file) });
      seen.add(key);
    }
  }
  return out;
}

/** Reads, places and checks every pooled solution; a file that cannot be read or placed is noted, not fatal. */
export function pooledStarts(dirs: readonly string[], run: SweepRun, model: Model): PooledStarts {
  const began = performance.now();
  const candidates: PoolCandidate[] = [];
  let best: StartPoint | null = null;
  let index: ReadonlyMap<string, number> | null = null;
  for (const { key, tmax, path } of poolKeys(dirs, run)) {
    let placed: CheckedStart;
    try {
      const file = readSolutionFile(path);
      index ??= model.colIndex();
      placed = checkedStart(file, { n: run.params.n, tmax }, { model, params: run.params }, index);
    } catch (err) {
      placed = { error: (err as Error).message };
    }
    if ("error" in placed) {
      candidates.push({ key, value: null, note: placed.error });
      continue;
    }
    candidates.push({ key, value: placed.value });
    best = bestStart(run.params.objective.direction, best, { ...placed, label: key });
  }
  return { candidates, best: best && { key: best.label, value: best.value, values: best.values }, seconds: (performance.now() - began) / 1000 };
}
