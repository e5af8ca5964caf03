import { existsSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { cbcStatusOf } from "./cbc.js";
import { glpsolStatusFromLog, readGlpsolSolution } from "./glpsol.js";
import { findOnPath, howItEnded, runProgram, scratchDir } from "./native.js";
import type { ModelFileFormat } from "./read-model.js";
import type { SolveStatus } from "./types.js";

/** The native programs that can read a model file themselves. */
export const DIRECT_PROGRAMS = ["cbc", "glpsol"] as const;
/** A program of DIRECT_PROGRAMS. */
export type DirectProgram = (typeof DIRECT_PROGRAMS)[number];

/** What a native program says when it reads a model file itself, without byzopt's reader in between. */
export interface DirectVerdict {
  /** The program. */
  readonly program: DirectProgram;
  /** Its verdict in byzopt's words, or `refused` when it could not read the file. */
  readonly status: SolveStatus | "refused";
  /** Its objective, as it printed it; null without a solution. */
  readonly objective: number | null;
  /** Seconds the program ran. */
  readonly seconds: number;
  /** The program's own words: why it refused, or its verdict line. */
  readonly message: string;
}

/**
 * Hands a model file to CBC (`cbc FILE solve`) or glpsol (`--lp`, or `--freemps` then the fixed `--mps`)
 * as it is: a second opinion that shares nothing with byzopt's reader. Their verdicts are not settled
 * the way byzopt's are (solvers/settle.ts): an "unbounded" from them may hide an infeasible model.
 */
export async function solveFileDirectly(program: DirectProgram, path: string, format: ModelFileFormat, options: { timeLimit?: number } = {}): Promise<DirectVerdict> {
  if (!findOnPath(program)) return { program, status: "refused", objective: null, seconds: 0, message: `${program} is not on PATH` };
  const dir = scratchDir(`byzopt-direct-${program}-`);
  try {
    // Both programs tell the format by the extension; a link gives the file the one it has.
    const file = join(dir.path, `model.${format}`);
    symlinkSync(resolve(path), file);
    return program === "cbc" ? await viaCbc(file, dir.path, options) : await viaGlpsol(file, format, dir.path, options);
  } finally {
    dir.remove();
  }
}

async function viaCbc(file: string, dir: string, options: { timeLimit?: number }): Promise<DirectVerdict> {
  const sol = join(dir, "model.sol");
  const args = [file, ...(options.timeLimit !== undefined ? ["timeMode", "elapsed", "sec", String(options.timeLimit)] : []), "solve", "solu", sol];
  const problems: string[] = [];
  const run = await runProgram("cbc", args, {
    scratch: dir,
    timeLimit: options.timeLimit,
    onLine: (line) => {
      if (/Bad image|No match|Unknown image|### ERROR|Current model not valid/.test(line) || /read with -?[1-9]\d* errors/.test(line)) problems.push(line.trim().split(dir).join("<scratch>"));
    },
  });
  const base = { program: "cbc" as const, seconds: run.seconds };
  // CBC solves nothing after an input error ("** Current model not valid"), and may still write a file.
  if (problems.length > 0 || !existsSync(sol) || readFileSync(sol, "utf8").trim() === "") {
    return { ...base, status: "refused", objective: null, message: problems[0] ?? `no solution written (${howItEnded(run)}): ${run.tail.slice(-200)}` };
  }
  const first = readFileSync(sol, "utf8").split("\n")[0] ?? "";
  const { status, hasSolution } = cbcStatusOf(first);
  const m = /objective value\s+(\S+)/.exec(first);
  return { ...base, status, objective: hasSolution && m ? Number(m[1]) : null, message: first.trim() };
}

async function viaGlpsol(file: string, format: ModelFileFormat, dir: string, options: { timeLimit?: number }): Promise<DirectVerdict> {
  const sol = join(dir, "model.sol");
  // GLPK 5's presolvers can abort on an assertion: each format is tried again without them.
  const attempts = (format === "lp" ? [["--lp"]] : [["--freemps"], ["--mps"]]).flatMap((f) => [f, [...f, "--nointopt", "--nopresol"]]);
  const refusals: string[] = [];
  let seconds = 0;
  for (let k = 0; k < attempts.length; k++) {
    const flag = attempts[k]!;
    rmSync(sol, { force: true });
    const log: string[] = [];
    const errors: string[] = [];
    const args = [...flag, file, "-w", sol, ...(options.timeLimit !== undefined ? ["--tmlim", String(Math.max(1, Math.ceil(options.timeLimit)))] : [])];
    const run = await runProgram("glpsol", args, {
      scratch: dir,
      timeLimit: options.timeLimit,
      onLine: (line) => {
        if (/[A-Z]{4,}/.test(line)) log.push(line);
        const e = /model\.(?:lp|mps):(\d+): (.*)$/.exec(line);
        if (e && !/^warning/.test(e[2]!)) errors.push(`line ${e[1]}: ${e[2]}`);
      },
    });
    seconds += run.seconds;
    if (errors.length > 0 || !existsSync(sol)) {
      const aborted = run.signal !== null || /Assertion failed/.test(run.tail);
      if (flag.length === 1) refusals.push(`${flag[0]} ${errors[0] ?? `wrote no solution (${howItEnded(run)})`}`);
      // Without presolvers only after an abort; a file it could not read stays refused.
      if (flag.length === 1 && !aborted) k++;
      continue;
    }
    const read = readGlpsolSolution(readFileSync(sol, "utf8"), glpsolStatusFromLog(log), null);
    const verdict = log.filter((l) => /SOLUTION|FEASIBLE|UNBOUNDED|LIMIT|GAP/.test(l)).slice(-1)[0]?.trim() ?? "";
    return { program: "glpsol", status: read.status, objective: read.objective, seconds, message: `${flag.join(" ")}: ${verdict}` };
  }
  return { program: "glpsol", status: "refused", objective: null, seconds, message: refusals.join("; ") };
}
