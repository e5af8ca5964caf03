import type { Model } from "../formulations/model/index.js";

/**
 * Outcome of a solve. `optimal` only when the solver proved it (within its relative gap tolerance), or
 * when a bound the solver proved meets its incumbent or a checked MIP start (solvers/closing.ts);
 * otherwise a run stopped by its time limit is `time_limit` (by its node limit, `node_limit`) and carries the
 * incumbent (if any), bound and gap.
 */
export type SolveStatus = (typeof SOLVE_STATUSES)[number];
/** Every status a backend may report, in the order of the type. */
export const SOLVE_STATUSES = ["optimal", "time_limit", "node_limit", "infeasible", "unbounded", "infeasible_or_unbounded", "interrupted", "error"] as const;

/** Stopped by a limit the caller set, with whatever incumbent and bound the solver had. */
export function stoppedByLimit(status: SolveStatus): status is "time_limit" | "node_limit" {
  return status === "time_limit" || status === "node_limit";
}

/** Names of the backends, in the order allSolvers lists them. */
export const SOLVER_NAMES = ["highs", "glpk", "jslp", "cbc", "glpsol"] as const;
/** The name of a backend, one of SOLVER_NAMES. */
export type SolverName = (typeof SOLVER_NAMES)[number];

/** A progress report during a solve, passed to `SolveOptions.onProgress`. */
export interface SolveProgress {
  /** Seconds since the solver started. */
  readonly seconds: number;
  /** Best objective found so far, in the model's direction. */
  readonly incumbent: number | null;
  /** Best proven bound on the optimum. */
  readonly bound: number | null;
  /** Relative gap between incumbent and bound (see relativeGap); null without both. */
  readonly gap: number | null;
  /** Branch-and-bound nodes explored so far, or null where the backend does not report them. */
  readonly nodes: number | null;
}

/** Limits and hooks for one solve; every field is optional. */
export interface SolveOptions {
  /** Seconds; the solve stops there and reports `time_limit` with what it has. */
  readonly timeLimit?: number;
  /**
   * Branch-and-bound nodes; the solve stops there and reports `node_limit` with what it has. Unlike a
   * time limit it gives the same answer on any machine, however busy (HiGHS and CBC; see
   * Solver.takesNodeLimit).
   */
  readonly nodeLimit?: number;
  /** Relative gap at which a MIP counts as solved. */
  readonly relGap?: number;
  /** Called with each progress report the backend makes during the solve. */
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

/** What a solve returns, the same shape for every backend. */
export interface SolveResult {
  /** The backend that solved. */
  readonly solver: SolverName;
  /** How the solve ended. */
  readonly status: SolveStatus;
  /** Objective of the incumbent, constant term included. */
  readonly objective: number | null;
  /** Proven bound on the optimum where the backend reports one. */
  readonly bound: number | null;
  /** Relative gap between objective and bound (see relativeGap); null without both. */
  readonly gap: number | null;
  /** Solve time in seconds. */
  readonly seconds: number;
  /** Branch-and-bound nodes explored, or null where the backend does not report them. */
  readonly nodes: number | null;
  /** Column values of the incumbent, in model column order; null when there is none. */
  readonly values: Float64Array | null;
  /** Why a solve ended in `error`, or a note from the solver. */
  readonly message?: string;
}

/** One backend. Every backend returns the same result shape. */
export interface Solver {
  /** The backend's name, its key in the registry. */
  readonly name: SolverName;
  /** One line for people: implementation, version and limits. */
  readonly description: string;
  /** Whether `SolveOptions.start` is passed to the solver; the others solve from scratch. */
  readonly takesStart: boolean;
  /** Whether `SolveOptions.nodeLimit` can be honoured; `solveModel` refuses it for the others. */
  readonly takesNodeLimit: boolean;
  /** Whether semi-continuous and semi-integer columns can be solved; `solveModel` refuses such models for the others. */
  readonly takesSemi: boolean;
  /** Why this backend cannot take the model (program missing, model too large), or null; checked before any work. */
  refuse(model: Model): string | null;
  /** Solves the model without its objective constant; `solveModel` adds it back. */
  solve(model: Model, options?: SolveOptions): Promise<SolveResult>;
}

/** |incumbent − bound| / |incumbent| (0 when both are 0); null without both numbers. */
export function relativeGap(incumbent: number | null, bound: number | null): number | null {
  if (incumbent === null || bound === null || !Number.isFinite(incumbent) || !Number.isFinite(bound)) return null;
  const diff = Math.abs(incumbent - bound);
  if (diff === 0) return 0;
  return diff / Math.max(Math.abs(incumbent), 1e-10);
}
