import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Counts as a reader reports them after parsing a file. */
export interface ReadCounts {
  rows: number;
  cols: number;
  nonzeros: number;
  integers: number;
  binaries: number;
}

function grab(text: string, re: RegExp, what: string): RegExpExecArray {
  const m = re.exec(text);
  if (!m) throw new Error(`could not find ${what} in:\n${text.slice(0, 2000)}`);
  return m;
}

/** `glpsol --check` parses without solving and prints the problem's size. */
export function glpsolCounts(path: string): ReadCounts {
  const flag = path.endsWith(".mps") ? "--freemps" : "--lp";
  const out = execFileSync("glpsol", [flag, path, "--check"], { encoding: "utf8" });
  const rows = grab(out, /Number of rows\s*=\s*(\d+)/, "rows");
  const cols = grab(out, /Number of columns\s*=\s*(\d+)/, "columns");
  const nz = grab(out, /Number of non-zeros \(matrix\)\s*=\s*(\d+)/, "non-zeros");
  const ints = grab(out, /(\d+) integer variables?, (all|none|one|\d+) of which (?:is|are) binary/, "integers");
  const bin = ints[2] === "all" ? Number(ints[1]) : ints[2] === "none" ? 0 : ints[2] === "one" ? 1 : Number(ints[2]);
  return { rows: Number(rows[1]), cols: Number(cols[1]), nonzeros: Number(nz[1]), integers: Number(ints[1]), binaries: bin };
}

/** `cbc FILE presolve off stat` reports the model as read. */
export function cbcCounts(path: string): ReadCounts {
  const out = execFileSync("cbc", [path, "presolve", "off", "stat"], { encoding: "utf8" });
  const size = grab(out, /Problem has (\d+) rows, (\d+) columns .*?and (\d+) elements/, "problem size");
  const ints = grab(out, /Original problem has (\d+) integers \((\d+) of which binary\)/, "integers");
  return { rows: Number(size[1]), cols: Number(size[2]), nonzeros: Number(size[3]), integers: Number(ints[1]), binaries: Number(ints[2]) };
}

/** Optimal objective as glpsol reports it (asserts the MIP was solved to optimality). */
export function glpsolOptimum(path: string, solutionFile: string): number {
  const flag = path.endsWith(".mps") ? "--freemps" : "--lp";
  spawnSync("glpsol", [flag, path, "--tmlim", "300", "-w", solutionFile], { encoding: "utf8" });
  const line = grab(readFileSync(solutionFile, "utf8"), /^s mip \d+ \d+ (\w) (\S+)$/m, "solution line");
  if (line[1] !== "o") throw new Error(`glpsol did not prove optimality (status ${line[1]})`);
  return Number(line[2]);
}

/** Optimal objective as CBC reports it. */
export function cbcOptimum(path: string, solutionFile: string): number {
  execFileSync("cbc", [path, "sec", "300", "solve", "solu", solutionFile], { encoding: "utf8" });
  const first = readFileSync(solutionFile, "utf8").split("\n")[0]!;
  const m = grab(first, /^Optimal - objective value (\S+)/, "optimal status");
  return Number(m[1]);
}
