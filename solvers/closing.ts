import { checkSolution, type Model } from "../formulations/model/index.js";
import { relativeGap, stoppedByLimit, type SolveOptions, type SolveProgress, type SolveResult } from "./types.js";

/**
 * Proofs of optimality made from what a solver reports, when the solver does not make them itself: an
 * incumbent (or a checked MIP start) and a proven bound that meet are an optimum. Solvers test this only
 * between nodes, so one busy with preprocessing or the root for the whole limit never says so: CBC on
 * dbft-2-10-25 stopped at 516 s with incumbent and bound both 4244.
 */

/**
 * Relative gap at which incumbent and bound count as met when the caller set none: what is left is the
 * rounding of printed numbers, not room for a better solution.
 */
export const CLOSED_GAP = 1e-9;

export const CLOSED_AT_LIMIT = "stopped at its time limit with the incumbent equal to its proven bound, so optimal";
export const CLOSED_AT_NODE_LIMIT = "stopped at its node limit with the incumbent equal to its proven bound, so optimal";

/** A run stopped by its time or node limit whose incumbent reaches the solver's bound is optimal; the message says how. */
export function closedAtLimit(r: SolveResult, relGap: number = CLOSED_GAP): SolveResult {
  if (!stoppedByLimit(r.status) || r.values === null) return r;
  const gap = relativeGap(r.objective, r.bound);
  if (gap === null || gap > relGap) return r;
  const how = r.status === "node_limit" ? CLOSED_AT_NODE_LIMIT : CLOSED_AT_LIMIT;
  return { ...r, status: "optimal", gap, message: r.message ? `${r.message}; ${how}` : how };
}

export const CLOSED_BY_START = "stopped once its proven bound reached the MIP start's value, so the start is optimal";

/**
 * Runs `solve` with a MIP start and stops the solver as soon as a bound it reports meets the start's value
 * (the start having passed byzopt's own check against every row): the start is then optimal, and the rest
 * of the time limit is not spent. CBC prints its LP bound before preprocessing, which on dbft-2-10-25 and
 * larger takes most of the limit. Without a start, or with one that fails the check, `solve` runs as is.
 */
export async function solveClosingOnStart(
  model: Model,
  options: SolveOptions,
  solve: (options: SolveOptions) => Promise<SolveResult>,
): Promise<SolveResult> {
  const start = options.start;
  const check = start ? checkSolution(model, start) : null;
  if (!start || !check?.feasible) return solve(options);
  const value = check.objective;
  const relGap = options.relGap ?? CLOSED_GAP;
  const closer = new AbortController();
  let closingBound: number | null = null;
  const onProgress = (p: SolveProgress) => {
    if (closingBound === null && p.bound !== null) {
      const gap = relativeGap(value, p.bound);
      if (gap !== null && gap <= relGap) {
        closingBound = p.bound;
        closer.abort();
      }
    }
    options.onProgress?.(p);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, closer.signal]) : closer.signal;
  const r = await solve({ ...options, onProgress, signal });
  // A solver that finished on its own (or a user's Ctrl-C) says what happened; only our stop is rewritten.
  if (closingBound === null || options.signal?.aborted || r.status === "optimal" || r.status === "infeasible") return r;
  const note = `${CLOSED_BY_START} (${value})`;
  return { ...r, status: "optimal", objective: value, bound: closingBound, gap: relativeGap(value, closingBound), values: start, message: r.message && r.status !== "interrupted" ? `${r.message}; ${note}` : note };
}
