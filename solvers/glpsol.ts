import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Model } from "../formulations/model/index.js";
import { writeFileAtomically } from "./atomic-file.js";
import { parseGlpkProgress } from "./glpk-log.js";
import { writeMps } from "./mps-writer.js";
import { findOnPath, howItEnded, runProgram, scratchDir } from "./native.js";
import { relativeGap, type SolveOptions, type SolveResult, type SolveStatus, type Solver } from "./types.js";

/**
 * What glpsol's closing message says; its exit code is 0 whatever happened. "No dual feasible solution"
 * (from its presolver) proves only infeasible-or-unbounded; so does an unbounded LP relaxation of a MIP.
 */
export function glpsolStatusFromLog(lines: readonly string[]): SolveStatus | null {
  const text = lines.join("\n");
  if (/TIME LIMIT EXCEEDED/.test(text)) return "time_limit";
  if (/NO (INTEGER|PRIMAL) FEASIBLE SOLUTION/.test(text)) return "infeasible";
  if (/NO DUAL FEASIBLE SOLUTION|UNBOUNDED/.test(text)) return "infeasible_or_unbounded";
  // A MIP's log says "OPTIMAL LP SOLUTION FOUND" for its relaxation before branch and bound starts.
  const mip = /Integer Optimizer/i.test(text);
  if (mip ? /INTEGER OPTIMAL SOLUTION FOUND|MIP GAP TOLERANCE REACHED/.test(text) : /OPTIMAL LP SOLUTION FOUND/.test(text)) return "optimal";
  return null;
}

/** What glpsol's solution file (`-w`) says, with its log's verdict: status, objective as printed, values by column number. */
export function readGlpsolSolution(text: string, logStatus: SolveStatus | null, numCols: number | null): { status: SolveStatus; objective: number | null; values: Float64Array | null } {
  const lines = text.split("\n");
  const head = lines.find((l) => l.startsWith("s "))?.split(/\s+/) ?? [];
  const isMip = head[1] === "mip";
  // MIP: s mip rows cols status obj (o optimal, f feasible, n none, u undefined); LP: s bas rows cols primal dual obj.
  const hasSolution = isMip ? head[4] === "o" || head[4] === "f" : head[4] === "f";
  const objective = hasSolution ? Number(head[isMip ? 5 : 6]) : null;
  let status: SolveStatus = logStatus ?? "error";
  if (isMip && head[4] === "o") status = "optimal";
  else if (isMip && head[4] === "n") status = "infeasible";
  else if (!isMip && head[4] === "n") status = "infeasible";
  // Dual infeasible proves unbounded only beside a primal feasible point.
  else if (!isMip && head[5] === "n") status = head[4] === "f" ? "unbounded" : "infeasible_or_unbounded";
  else if (!isMip && head[4] === "f" && head[5] === "f") status = "optimal";
  let values: Float64Array | null = null;
  if (hasSolution && numCols !== null) {
    values = new Float64Array(numCols);
    for (const line of lines) {
      if (!line.startsWith("j ")) continue;
      const f = line.split(/\s+/);
      const col = Number(f[1]) - 1;
      if (col >= 0 && col < numCols) values[col] = Number(f[isMip ? 2 : 3]);
    }
  }
  return { status, objective, values };
}

async function runGlpsol(model: Model, mps: string, dir: string, options: SolveOptions, extra: readonly string[]): Promise<SolveResult> {
  const sol = join(dir, "model.sol");
  rmSync(sol, { force: true });
  const sign = model.objective.direction === "max" ? -1 : 1;
  const signed = (x: number | null) => (x === null ? null : sign * x);
  const args = ["--freemps", mps, "-w", sol, ...extra];
  if (options.timeLimit !== undefined) args.push("--tmlim", String(Math.max(1, Math.ceil(options.timeLimit))));
  if (options.relGap !== undefined) args.push("--mipgap", String(options.relGap));
  let incumbent: number | null = null;
  let bound: number | null = null;
  let nodes: number | null = null;
  const log: string[] = [];
  const started = performance.now();
  const run = await runProgram("glpsol", args, {
    scratch: dir,
    signal: options.signal,
    timeLimit: options.timeLimit,
    onLine: (line) => {
      if (/[A-Z]{4,}/.test(line)) log.push(line);
      const p = parseGlpkProgress(line);
      if (!p) return;
      incumbent = signed(p.incumbent);
      bound = signed(p.bound);
      nodes = p.nodes;
      options.onProgress?.({ seconds: (performance.now() - started) / 1000, incumbent, bound, gap: relativeGap(incumbent, bound), nodes });
    },
  });
  const base = { solver: "glpsol" as const, seconds: run.seconds, nodes };
  const logStatus = glpsolStatusFromLog(log);
  if (run.stoppedBy || !existsSync(sol)) {
    // Without a solution file nothing is optimal, whatever the log said before glpsol stopped.
    const status: SolveStatus = run.stoppedBy === "abort" ? "interrupted" : run.stoppedBy === "overrun" ? "time_limit" : logStatus === null || logStatus === "optimal" ? "error" : logStatus;
    return { ...base, status, objective: incumbent, bound, gap: relativeGap(incumbent, bound), values: null, message: `glpsol wrote no solution (${run.stoppedBy ? `stopped: ${run.stoppedBy}` : howItEnded(run)}): ${run.tail.slice(-500)}` };
  }
  const read = readGlpsolSolution(readFileSync(sol, "utf8"), logStatus, model.numCols);
  const { status, values } = read;
  const objective = signed(read.objective);
  const b = status === "optimal" ? objective : status === "infeasible" || status === "unbounded" ? null : bound;
  return {
    ...base,
    status,
    objective,
    bound: b,
    gap: status === "optimal" ? 0 : relativeGap(objective, b),
    values,
    ...(status === "error" ? { message: `glpsol: ${log.slice(-3).join("; ") || run.tail.slice(-300)}` } : {}),
  };
}

/**
 * Native glpsol (Debian glpk-utils) on the free MPS file we write with internal names (x1…, c1…): glpsol's
 * LP reader takes no ranged rows, its MPS reader does. Its solution file lists columns by number, in MPS
 * column order, which is the model's. Our MPS holds a maximisation as the minimisation of its negation,
 * so for one the objective and bounds it prints change sign back.
 */
export const glpsolSolver: Solver = {
  name: "glpsol",
  description: "glpsol (GLPK 5), the native program on PATH (Debian package glpk-utils), given our MPS file",
  takesStart: false,
  takesNodeLimit: false,
  takesSemi: false,
  refuse: () => (findOnPath("glpsol") ? null : "glpsol is not on PATH; install it with: apt-get install glpk-utils"),
  async solve(model, options = {}): Promise<SolveResult> {
    const dir = scratchDir("byzopt-glpsol-");
    try {
      const mps = join(dir.path, "model.mps");
      writeFileAtomically(mps, (sink) => writeMps(model, sink, { dropObjectiveOffset: true, internalNames: true }));
      const first = await runGlpsol(model, mps, dir.path, options, []);
      // GLPK 5's MIP presolver can abort on an assertion (npp3.c, "q->lb < q->ub"; found by the file
      // differential test): solve again without presolvers.
      if (first.status !== "error" || !/Assertion failed/.test(first.message ?? "")) return first;
      const second = await runGlpsol(model, mps, dir.path, options, ["--nointopt", "--nopresol"]);
      return { ...second, seconds: first.seconds + second.seconds, message: [second.message, "glpsol's presolver aborted; solved again without it"].filter(Boolean).join("; ") };
    } finally {
      dir.remove();
    }
  },
};
