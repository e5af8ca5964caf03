import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../formulations/input-error.js";
import { checkSolution, isIntegerKind, isSemiKind, KIND_CODE, Model } from "../formulations/model/index.js";
import { DIRECT_PROGRAMS, type DirectProgram, solveFileDirectly } from "./direct.js";
import { MPS_NEGATED_MARK } from "./mps-writer.js";
import { emptyColumnRay } from "./settle.js";
import { type ModelFileFormat, readModelFile } from "./read-model.js";
import { allSolvers, solverNamed, solveModel } from "./registry.js";
import type { SolverName, SolveStatus } from "./types.js";

/** Statuses that are a verdict on the model itself: the others (limits, errors) say nothing about it. */
const FINISHED: ReadonlySet<string> = new Set(["optimal", "infeasible", "unbounded"]);

/** One backend's (or one native program's) answer on one file. */
export interface CompareCell {
  /** A backend given byzopt's model, or `cbc (direct)` / `glpsol (direct)` reading the file itself. */
  readonly who: SolverName | `${DirectProgram} (direct)`;
  /** Its verdict, or `refused` when it could not take the model (or read the file). */
  readonly status: SolveStatus | "refused";
  /** Objective of its solution. */
  readonly objective: number | null;
  /** Relative gap it reported with its verdict. */
  readonly gap: number | null;
  /** Whether byzopt's evaluator accepts its values; null without values (direct programs return none). */
  readonly checked: boolean | null;
  /** Seconds it ran. */
  readonly seconds: number;
  /** Why it refused, or what it said. */
  readonly message: string;
}

/** How the answers on one file relate. */
export type CompareVerdict = "agree" | "explained" | "disagree" | "refused";

/** Every answer on one file, and whether they agree. */
export interface FileComparison {
  /** The file as given. */
  readonly file: string;
  /** Why byzopt's reader refused the file, or null when it read it. */
  readonly readError: string | null;
  /** `agree`: every verdict is the same; `explained`: a native program reading the file differs for a reason found; `disagree`; `refused` by byzopt's reader. */
  readonly verdict: CompareVerdict;
  /** The verdict the backends agree on, with its objective. */
  readonly consensus: {
    /** The status the backends agree on. */
    readonly status: SolveStatus;
    /** Its objective, for an optimum. */
    readonly objective: number | null;
  } | null;
  /** Every answer, backends first. */
  readonly cells: readonly CompareCell[];
  /** What differs and why, one line each. */
  readonly notes: readonly string[];
}

/** Options of compareFile. */
export interface CompareOptions {
  /** File format (default: from the extension). */
  readonly format?: ModelFileFormat;
  /** Seconds each backend and program may take (default 60). */
  readonly timeLimit?: number;
  /** Backends to run (default: all five). */
  readonly solvers?: readonly SolverName[];
  /** Also hand the file to CBC and glpsol as it is (default true). */
  readonly direct?: boolean;
}

/** Two objectives agree within 1e-6 relative, or within the larger gap either solver proved its optimum to. */
export function objectivesAgree(a: number, b: number, gap = 0): boolean {
  return Math.abs(a - b) <= Math.max(1e-6, gap) * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Solves one model file with every backend (byzopt's reader, then each backend) and hands it to CBC and
 * glpsol as it is; then says whether all verdicts agree. A native program that differs is explained
 * when its optimum is the LP relaxation's (it dropped the integrality: CBC 2.10 does not know HiGHS's
 * `bin`/`gen` section names); every other difference is a disagreement.
 */
export async function compareFile(file: string, options: CompareOptions = {}): Promise<FileComparison> {
  const format = options.format ?? (/\.lp$/i.test(file) ? "lp" : "mps");
  const timeLimit = options.timeLimit ?? 60;
  const cells: CompareCell[] = [];
  const notes: string[] = [];
  let model: Model | null = null;
  let readError: string | null = null;
  try {
    model = readModelFile(file, options.format);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    readError = err.message;
  }
  if (model) {
    for (const name of options.solvers ?? allSolvers().map((s) => s.name)) {
      try {
        const r = await solveModel(solverNamed(name), model, { timeLimit });
        const checked = r.values ? checkSolution(model, r.values).feasible : null;
        cells.push({ who: name, status: r.status, objective: r.objective, gap: r.gap, checked, seconds: r.seconds, message: r.message ?? "" });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        cells.push({ who: name, status: "refused", objective: null, gap: null, checked: null, seconds: 0, message: err.message });
      }
    }
  }
  if (options.direct ?? true) {
    // An MPS maximisation byzopt wrote holds the negated objective: the programs minimise that.
    const negated = format === "mps" && readHead(file).includes(MPS_NEGATED_MARK) ? -1 : 1;
    for (const program of DIRECT_PROGRAMS) {
      const v = await solveFileDirectly(program, file, format, { timeLimit });
      const objective = v.objective === null ? null : negated * v.objective;
      cells.push({ who: `${program} (direct)`, status: v.status, objective, gap: null, checked: null, seconds: v.seconds, message: v.message });
    }
  }
  if (!model) return { file, readError, verdict: "refused", consensus: null, cells, notes };

  let verdict: CompareVerdict = "agree";
  const backends = cells.filter((c) => !c.who.endsWith("(direct)") && FINISHED.has(c.status));
  for (const c of cells) {
    if (c.checked === false) {
      verdict = "disagree";
      notes.push(`${c.who}: its values break the model (byzopt's evaluator)`);
    }
  }
  const first = backends[0];
  const consensus = first ? { status: first.status as SolveStatus, objective: first.objective } : null;
  const same = (c: CompareCell) => c.status === first!.status && (c.status !== "optimal" || objectivesAgree(c.objective!, first!.objective!, Math.max(c.gap ?? 0, first!.gap ?? 0)));
  for (const c of backends) {
    if (!same(c)) {
      verdict = "disagree";
      notes.push(`${c.who}: ${c.status} ${c.objective ?? ""}, where ${first!.who} says ${first!.status} ${first!.objective ?? ""}`.trim());
    }
  }
  for (const c of cells.filter((c) => c.who.endsWith("(direct)") && FINISHED.has(c.status))) {
    if (!first || same(c)) continue;
    const relaxed = c.status === "optimal" ? await relaxationOptimum(model, timeLimit) : null;
    const ray = emptyColumnRay(model);
    if (relaxed !== null && objectivesAgree(c.objective!, relaxed)) {
      if (verdict === "agree") verdict = "explained";
      notes.push(`${c.who}: ${c.objective}, the optimum of the LP relaxation: it read the file without its integrality`);
    } else if (c.who === "glpsol (direct)" && c.status === "optimal" && first.status === "optimal" && model.objective.offset !== 0 && objectivesAgree(c.objective!, first.objective! - 2 * model.objective.offset)) {
      if (verdict === "agree") verdict = "explained";
      notes.push(`${c.who}: ${c.objective}, with the objective's constant of the opposite sign: glpsol reads an RHS on the objective row as +v, HiGHS and CBC as −v`);
    } else if (c.who === "cbc (direct)" && c.status === "infeasible" && first.status === "unbounded" && ray !== null) {
      if (verdict === "agree") verdict = "explained";
      notes.push(`${c.who}: infeasible, where column ${model.colName(ray)} is in no row and improves the objective without bound: CBC 2.10 calls such feasible models infeasible`);
    } else {
      verdict = "disagree";
      notes.push(`${c.who}: ${c.status} ${c.objective ?? ""}, where the backends say ${first.status} ${first.objective ?? ""}`.trim());
    }
  }
  return { file, readError, verdict, consensus, cells, notes };
}

/** The first 64 KiB of a file, as text (where byzopt's MPS writer puts its marks). */
function readHead(file: string): string {
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(1 << 16);
      return buf.toString("utf8", 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return ""; // unreadable: the reader has said why
  }
}

/** The optimum of the model without integrality (HiGHS), or null when it has no integer columns or is not solved. */
async function relaxationOptimum(model: Model, timeLimit: number): Promise<number | null> {
  if (!Array.from(model.colKind).some((k) => isIntegerKind(k))) return null;
  const colKind = new Uint8Array(model.numCols).fill(KIND_CODE.continuous);
  // A semi-continuous column relaxes to [min(0, lower), upper].
  const colLower = model.colLower.map((lo, c) => (isSemiKind(model.colKind[c]!) ? Math.min(0, lo) : lo));
  const relaxed = new Model(model.name, model.variables, model.constraints, { ...model, colKind, colLower, ...(model.rowRangeLower ? { rowRangeLower: model.rowRangeLower } : {}) }, model.objective);
  const r = await solveModel(solverNamed("highs"), relaxed, { timeLimit });
  return r.status === "optimal" ? r.objective : null;
}
