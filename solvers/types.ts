import type { Model } from "../formulations/model/index.js";

/**
 * Outcome of a solve. `optimal` only when the solver proved it (within its relative gap tolerance), or
 * when a run stopped by its time limit has an incumbent equal to the solver's bound (closedAtLimit);
 * otherwise a run stopped by its time limit is `time_limit` and carries the incumbent (if any), bound and gap.
 */
export type SolveStatus = "optimal" | "time_limit" | "infeasible" | "unbounded" | "infeasible_or_unbounded" | "interrupted" | "error";

export const SOLVER_NAMES = ["highs", "glpk", "jslp", "cbc", "glpsol"] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

export interface SolveProgress {
  /** Seconds since the solver started. */
  readonly seconds: number;
  /** Best objective found so far, in the model's direction. */
  readonly incumbent: number | null;
  /** Best proven bound on the optimum. */
  readonly bound: number | null;
  readonly gap: number | null;
  readonly nodes: number | null;
}

export interface SolveOptions {
  /** Seconds; the solve stops there and reports `time_limit` with what it has. */
  readonly timeLimit?: number;
  /** Relative gap at which a MIP counts as solved. */
  readonly relGap?: number;
  readonly onProgress?: (p: SolveProgress) => void;
  /** Aborting stops the solver; the result is `interrupted` with what it had. */
  readonly signal?: AbortSignal;
  /** Test hook, see WorkerJob.fault. */
  readonly fault?: "wasm-trap";
  /**
   * A MIP start: a value for every column, in model column order. Backends that take one (see
   * Solver.takesStart) check it themselves and ignore it when it is not feasible.
   */
  readonly start?: Float64Array;
}

export interface SolveResult {
  readonly solver: SolverName;
  readonly status: SolveStatus;
  /** Objective of the incumbent, constant term included. */
  readonly objective: number | null;
  /** Proven bound on the optimum where the backend reports one. */
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly nodes: number | null;
  /** Column values of the incumbent, in model column order; null when there is none. */
  readonly values: Float64Array | null;
  /** Why a solve ended in `error`, or a note from the solver. */
  readonly message?: string;
}

/** One backend. Every backend returns the same result shape. */
export interface Solver {
  readonly name: SolverName;
  readonly description: string;
  /** Whether `SolveOptions.start` is passed to the solver; the others solve from scratch. */
  readonly takesStart: boolean;
  /** Why this backend cannot take the model (program missing, model too large), or null; checked before any work. */
  refuse(model: Model): string | null;
  /** Solves the model without its objective constant; `solveModel` adds it back. */
  solve(model: Model, options?: SolveOptions): Promise<SolveResult>;
}

/**
 * Relative gap at which a run stopped by its limit counts as closed when the caller set none: the
 * difference that is left is rounding in the printed numbers, not room for a better solution.
 */
export const CLOSED_GAP = 1e-9;

/**
 * A run stopped by its time limit whose incumbent already reaches the solver's proven bound is optimal:
 * the bound says nothing better exists and the incumbent attains it. Solvers test this only between
 * nodes, so one that spends the whole limit in preprocessing or at the root never says so itself (CBC on
 * dbft-2-10-25, stopped at 516 s with incumbent and bound both 4244). Both numbers still come from the
 * solver; the message says how the proof was made.
 */
export const CLOSED_AT_LIMIT = "stopped at its time limit with the incumbent equal to its proven bound, so optimal";

export function closedAtLimit(r: SolveResult, relGap: number = CLOSED_GAP): SolveResult {
  if (r.status !== "time_limit" || r.values === null) return r;
  const gap = relativeGap(r.objective, r.bound);
  if (gap === null || gap > relGap) return r;
  return { ...r, status: "optimal", gap, message: r.message ? `${r.message}; ${CLOSED_AT_LIMIT}` : CLOSED_AT_LIMIT };
}

/** |incumbent − bound| / |incumbent| (0 when both are 0); null without both numbers. */
export function relativeGap(incumbent: number | null, bound: number | null): number | null {
  if (incumbent === null || bound === null || !Number.isFinite(incumbent) || !Number.isFinite(bound)) return null;
  const diff = Math.abs(incumbent - bound);
  if (diff === 0) return 0;
  return diff / Math.max(Math.abs(incumbent), 1e-10);
}
