import { existsSync, readFileSync, rmSync } from "node:fs";
import { isSemiKind, type Model } from "../formulations/model/index.js";
import { join } from "node:path";
import { writeFileAtomically } from "./atomic-file.js";
import type { TextSink } from "./text-sink.js";
import { writeLp } from "./lp-writer.js";
import { internalColName } from "./names.js";
import { findOnPath, howItEnded, runProgram, scratchDir } from "./native.js";
import { relativeGap, type SolveOptions, type SolveResult, type SolveStatus, type Solver } from "./types.js";

/**
 * One line of CBC's log. CBC minimises internally: when maximising, the numbers in its progress lines
 * have the opposite sign (`sign` = −1). The LP relaxation's value ("Continuous objective value is")
 * is printed in the model's own sense; it is the first bound, and the only one when CBC is stopped
 * during preprocessing, which on the largest models outlasts the time limit.
 */
export function parseCbcLine(line: string, sign: number): { incumbent?: number | null; bound?: number | null; nodes?: number; seconds?: number } | null {
  let m = /^Continuous objective value is (\S+) - (\S+) seconds/.exec(line);
  if (m) return { bound: Number(m[1]), seconds: Number(m[2]) };
  m = /^Cbc0010I After (\d+) nodes, \d+ on tree, (\S+) best solution, best possible (\S+) \((\S+) seconds\)/.exec(line);
  if (m) {
    const inc = Number(m[2]);
    return { nodes: Number(m[1]), incumbent: Math.abs(inc) >= 1e50 ? null : sign * inc, bound: sign * Number(m[3]), seconds: Number(m[4]) };
  }
  m = /^Cbc00(?:04|12)I Integer solution of (\S+) found .*\((\S+) seconds\)/.exec(line);
  if (m) return { incumbent: sign * Number(m[1]), seconds: Number(m[2]) };
  m = /^Cbc0005I Partial search - best objective (\S+) \(best possible (\S+)\), took \d+ iterations and (\d+) nodes \((\S+) seconds\)/.exec(line);
  if (m) return { incumbent: Math.abs(Number(m[1])) >= 1e50 ? null : sign * Number(m[1]), bound: sign * Number(m[2]), nodes: Number(m[3]), seconds: Number(m[4]) };
  return null;
}

export function cbcStatusOf(first: string): { status: SolveStatus; hasSolution: boolean } {
  if (/^Optimal/.test(first)) return { status: "optimal", hasSolution: true };
  const noInteger = /no integer solution/i.test(first);
  if (/^Stopped on time/.test(first)) return { status: "time_limit", hasSolution: !noInteger };
  // SIGINT makes CBC stop with "Stopped on ctrl-c" or, mid-iteration, "Stopped on iterations".
  if (/^Stopped on (ctrl-c|iterations)/i.test(first)) return { status: "interrupted", hasSolution: !noInteger };
  if (/^(Integer )?infeasible/i.test(first)) return { status: "infeasible", hasSolution: false };
  if (/^Unbounded/i.test(first)) return { status: "unbounded", hasSolution: false };
  return { status: "error", hasSolution: false };
}

/**
 * A MIP start in the `index name value` lines CBC reads with `mips` (zeros left out: CBC takes unlisted
 * columns as 0). CBC checks the point; one it cannot use is dropped with a warning in its log.
 */
function writeStart(model: Model, start: Float64Array, sink: TextSink): void {
  for (let c = 0; c < model.numCols; c++) if (start[c] !== 0) sink.write(`${c} ${internalColName(c)} ${start[c]}\n`);
}

/**
 * Column values from the binary file CBC's `saveSolution` writes (two int32 counts of rows and columns,
 * the objective, then row activities, row duals, column values and reduced costs as doubles), or null
 * when it does not match the model. The text solution prints 8 significant digits, which breaks rows by
 * 1e-3 on values near 1e5; the binary one has every digit.
 */
export function readCbcBinarySolution(bytes: Buffer, numCols: number): Float64Array | null {
  if (bytes.length < 16) return null;
  const rows = bytes.readInt32LE(0);
  const cols = bytes.readInt32LE(4);
  if (cols !== numCols || rows < 0 || bytes.length !== 16 + 8 * (2 * rows + 2 * cols)) return null;
  const at = 16 + 16 * rows;
  const values = new Float64Array(cols);
  for (let c = 0; c < cols; c++) values[c] = bytes.readDoubleLE(at + 8 * c);
  return values;
}

/** Whether every value the text solution lists agrees with the binary one to its 8 printed digits. */
function agrees(binary: Float64Array, text: Float64Array): boolean {
  for (let c = 0; c < text.length; c++) if (Math.abs(binary[c]! - text[c]!) > 1e-6 * Math.max(1, Math.abs(text[c]!))) return false;
  return true;
}

interface CbcRun {
  readonly result: SolveResult;
  /** CBC 2.10's preprocessing can call a feasible MILP infeasible (found by our differential tests). */
  readonly preprocessingSaidInfeasible: boolean;
}

async function runCbc(model: Model, dir: string, options: SolveOptions, extra: readonly string[]): Promise<CbcRun> {
  const lp = join(dir, "model.lp");
  const sol = join(dir, "model.sol");
  const bin = join(dir, "model.bin");
  rmSync(sol, { force: true });
  rmSync(bin, { force: true });
  // Internal names, every column in the objective in order: CBC numbers columns as the model does.
  if (!existsSync(lp)) writeFileAtomically(lp, (sink) => writeLp(model, sink, { dropObjectiveOffset: true, internalNames: true, columnsInOrder: true }));
  const sign = model.objective.direction === "max" ? -1 : 1;
  const args = [lp, ...extra];
  if (options.start) {
    const start = join(dir, "start.sol");
    if (!existsSync(start)) writeFileAtomically(start, (sink) => writeStart(model, options.start!, sink));
    args.push("mips", start);
  }
  // Wall-clock seconds, as HiGHS counts them (CBC counts CPU time by default, which a busy machine stretches).
  if (options.timeLimit !== undefined) args.push("timeMode", "elapsed", "sec", String(options.timeLimit));
  if (options.relGap !== undefined) args.push("ratioGap", String(options.relGap));
  if (options.nodeLimit !== undefined) args.push("maxNodes", String(options.nodeLimit));
  args.push("solve", "solu", sol, "saveSolution", bin);
  let incumbent: number | null = null;
  let bound: number | null = null;
  let nodes: number | null = null;
  let finalBound: number | null = null;
  let preprocessingSaidInfeasible = false;
  let logSaysInfeasible = false;
  // CBC 2.10 can end "Infeasible" after its own log said "infeasible or unbounded" (presolve: "unbounded").
  let logSaysUnbounded = false;
  let stoppedOnTime = false;
  // CBC 2.10's solution file says "Stopped on iterations" at the node limit too; its log says which.
  let stoppedOnNodes = false;
  // With a MIP start, CBC 2.10 prints some incumbents of a maximisation in the model's sense and others
  // negated ("Integer solution of 2525 found by Reduced search", then "-2525" by RINS): the log's
  // incumbents cannot be read then; the solution file still gives the final one.
  const incumbentSenseUnknown = options.start !== undefined && sign === -1;
  const run = await runProgram("cbc", args, {
    scratch: dir,
    signal: options.signal,
    timeLimit: options.timeLimit,
    onLine: (line) => {
      if (/Pre-processing says infeasible|Cut generators found to be infeasible/.test(line)) preprocessingSaidInfeasible = true;
      if (/Problem is infeasible|Problem proven infeasible/.test(line)) logSaysInfeasible = true;
      if (/^Analysis indicates model infeasible or unbounded|^Presolve thinks problem is unbounded|^Problem is unbounded|^Result - Linear relaxation unbounded/.test(line)) logSaysUnbounded = true;
      const b = /^(?:Lower|Upper) bound:\s+(\S+)/.exec(line);
      if (b) finalBound = Number(b[1]);
      const n = /^Enumerated nodes:\s+(\d+)/.exec(line);
      if (n) nodes = Number(n[1]);
      if (/^Cbc0020I Exiting on maximum time/.test(line)) stoppedOnTime = true;
      if (/^Cbc0003I Exiting on maximum nodes/.test(line)) stoppedOnNodes = true;
      const p = parseCbcLine(line, sign);
      if (!p) return;
      if (p.incumbent !== undefined && !incumbentSenseUnknown) incumbent = p.incumbent;
      if (p.bound !== undefined) bound = p.bound;
      if (p.nodes !== undefined) nodes = p.nodes;
      options.onProgress?.({ seconds: p.seconds ?? 0, incumbent, bound, gap: relativeGap(incumbent, bound), nodes });
    },
  });
  const base = { solver: "cbc" as const, seconds: run.seconds, nodes };
  if (!existsSync(sol) || (run.code !== 0 && readFileSync(sol, "utf8") === "")) {
    if (logSaysInfeasible && !run.stoppedBy) {
      // CBC 2.10 can crash writing the solution file of an infeasible model after saying so in its log.
      return { preprocessingSaidInfeasible, result: { ...base, status: "infeasible", objective: null, bound: null, gap: null, values: null, message: `cbc reported the model infeasible, then ended abnormally (${howItEnded(run)}) writing its solution` } };
    }
    const why = run.stoppedBy
      ? `stopped (${run.stoppedBy}) before writing a solution`
      : stoppedOnTime
        ? `reached its time limit, then ended abnormally (${howItEnded(run)}) before writing its solution`
        : `ended without a solution (${howItEnded(run)})`;
    // CBC 2.10 can crash on its way out after stopping on time with a MIP start: a time limit all the same.
    const status: SolveStatus = run.stoppedBy === "abort" ? "interrupted" : run.stoppedBy === "overrun" || stoppedOnTime ? "time_limit" : "error";
    return { preprocessingSaidInfeasible, result: { ...base, status, objective: incumbent, bound, gap: relativeGap(incumbent, bound), values: null, message: `cbc ${why}: ${run.tail.slice(-500)}` } };
  }
  const lines = readFileSync(sol, "utf8").split("\n");
  const { status: said, hasSolution } = cbcStatusOf(lines[0] ?? "");
  const status: SolveStatus = said === "interrupted" && stoppedOnNodes && !run.stoppedBy ? "node_limit" : said === "infeasible" && logSaysUnbounded ? "infeasible_or_unbounded" : said;
  let values: Float64Array | null = null;
  let objective: number | null = null;
  if (hasSolution) {
    values = new Float64Array(model.numCols);
    for (const line of lines.slice(1)) {
      const f = line.replace(/^\*\*/, "").trim().split(/\s+/);
      if (f.length < 3) continue;
      const col = Number(/^x(\d+)$/.exec(f[1]!)?.[1]) - 1;
      if (col >= 0 && col < model.numCols) values[col] = Number(f[2]);
    }
    const binary = existsSync(bin) ? readCbcBinarySolution(readFileSync(bin), model.numCols) : null;
    if (binary && agrees(binary, values)) values = binary;
    const m = /objective value\s+(\S+)/.exec(lines[0]!);
    objective = m ? Number(m[1]) : null;
  }
  const b = status === "optimal" ? objective : status === "infeasible" || status === "unbounded" ? null : (finalBound ?? bound);
  return {
    preprocessingSaidInfeasible,
    result: { ...base, status, objective, bound: b, gap: status === "optimal" ? 0 : relativeGap(objective, b), values, ...(status === "error" ? { message: `cbc: ${lines[0]}` } : {}) },
  };
}

/**
 * Native CBC (Debian coinor-cbc) on the LP file we write with internal names (x1…, c1…), so any model
 * names do; the answer comes back by column index.
 * An infeasibility found by CBC's preprocessing alone, or a crash in it, is checked again without preprocessing;
 * a model with semi-continuous columns is solved without it from the start.
 */
export const cbcSolver: Solver = {
  name: "cbc",
  description: "CBC, the native program on PATH (Debian package coinor-cbc), given our LP file with internal names",
  takesStart: true,
  takesNodeLimit: true,
  takesSemi: true,
  refuse(model) {
    if (!findOnPath("cbc")) return "cbc is not on PATH; install it with: apt-get install coinor-cbc";
    // CBC 2.10 stops on a failed assertion for a semi-continuous column without a finite upper bound.
    for (let c = 0; c < model.numCols; c++) {
      if (isSemiKind(model.colKind[c]!) && model.colUpper[c] === Infinity) return `cbc cannot take semi-continuous column ${model.colName(c)} without a finite upper bound: use highs`;
    }
    return null;
  },
  async solve(model, options = {}): Promise<SolveResult> {
    const dir = scratchDir("byzopt-cbc-");
    try {
      // CBC 2.10's preprocessing aborts on models with semi-continuous columns (an assertion in
      // CglPreProcess, or CoinError "Illegal index" in setColLower; found by the file differential test).
      const semi = Array.from(model.colKind).some((k) => isSemiKind(k));
      const first = await runCbc(model, dir.path, options, semi ? ["preprocess", "off"] : []);
      if (semi) return first.result;
      const retry = (first.result.status === "infeasible" && first.preprocessingSaidInfeasible) || (first.result.status === "error" && /CglPreProcess|Assertion|CoinError|signal SIGABRT/.test(first.result.message ?? ""));
      if (!retry) return first.result;
      const left = options.timeLimit === undefined ? undefined : Math.max(1, options.timeLimit - first.result.seconds);
      const second = await runCbc(model, dir.path, { ...options, ...(left !== undefined ? { timeLimit: left } : {}) }, ["preprocess", "off"]);
      const said = first.result.status === "error" ? "CBC's preprocessing aborted" : "CBC's preprocessing called the model infeasible";
      const note = second.result.status === "infeasible" && first.result.status === "infeasible" ? "infeasible also without preprocessing" : `${said}; solved again without it`;
      return { ...second.result, seconds: first.result.seconds + second.result.seconds, message: [second.result.message, note].filter(Boolean).join("; ") };
    } finally {
      dir.remove();
    }
  },
};
