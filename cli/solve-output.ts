import { match } from "ts-pattern";
import { checkSolution, type Model } from "../lib/model.js";
import { solveModel, type SolveOptions, type Solver, type SolveResult } from "../lib/solvers.js";
import { formatGap, liveProgress } from "./progress.js";

/** The one-line verdict every solve prints: honest about proofs, limits and gaps. */
export function resultLine(r: SolveResult): string {
  const num = (x: number | null) => (x === null ? "none" : String(Number(x.toFixed(6))));
  const head = match(r.status)
    .with("optimal", () => "optimal (proved)")
    .with("time_limit", () => "time limit reached: not proved optimal")
    .with("node_limit", () => "node limit reached: not proved optimal")
    .with("infeasible", "unbounded", "infeasible_or_unbounded", "interrupted", "error", (s) => s)
    .exhaustive();
  const nodes = r.nodes !== null ? `, ${r.nodes} nodes` : "";
  return `${head}   objective ${num(r.objective)}   bound ${num(r.bound)}   gap ${formatGap(r.gap)}   ${r.seconds.toFixed(1)} s with ${r.solver}${nodes}${r.message ? `\n${r.message}` : ""}`;
}

/** Our own check of the solver's values against every row, bound and integrality (never the solver's word). */
export function solutionCheck(model: Model, r: SolveResult) {
  if (!r.values) return null;
  const c = checkSolution(model, r.values);
  return { feasible: c.feasible, objective: c.objective, rowViolation: c.rowViolation, boundViolation: c.boundViolation, integralityViolation: c.integralityViolation, worstRow: c.worstRow === null ? null : model.rowName(c.worstRow) };
}

/**
 * Runs a solve from the command line: live progress on a terminal, Ctrl-C to stop the solver (a second
 * Ctrl-C exits at once).
 */
export async function solveWithProgress(solver: Solver, model: Model, label: string, options: Omit<SolveOptions, "onProgress" | "signal">): Promise<SolveResult> {
  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on("SIGINT", onSigint);
  const progress = liveProgress(`${label} [${solver.name}]`);
  try {
    return await solveModel(solver, model, { ...options, onProgress: progress.update, signal: controller.signal });
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
  }
}
