import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { placeByName } from "../formulations/dbft2/extend.js";
import { instanceName, type DbftParams } from "../formulations/dbft2/params.js";
import { checkSolution, isIntegerKind, type Model } from "../formulations/model/index.js";
import { InputError } from "../formulations/input-error.js";
import { fsErrorReason, writeTextAtomically } from "../solvers/atomic-file.js";

export const SOLUTION_FORMAT = "byzopt.solution/1";

/** What a solution file says about itself, e.g. instance dbft-2-16-5, objective P7, value -10230. */
export type SolutionHeader = Readonly<Record<string, string>>;

export interface SolutionFile {
  readonly header: SolutionHeader;
  /** Non-zero columns by name, in the model's column order. */
  readonly entries: readonly (readonly [string, number])[];
}

/**
 * A MIP point as text: `# byzopt.solution/1`, then `# key value` header lines, then `name value` for every
 * non-zero column in column order. Integer columns are written rounded, so the same point gives the same
 * bytes whichever solver found it within its tolerances.
 */
export function solutionText(model: Model, values: ArrayLike<number>, header: Record<string, string | number>): string {
  if (values.length !== model.numCols) throw new RangeError(`expected ${model.numCols} values, got ${values.length}`);
  const lines = [`# ${SOLUTION_FORMAT}`];
  for (const [k, v] of Object.entries(header)) {
    if (!/^[a-z][\w-]*$/i.test(k) || /[\n\r]/.test(String(v))) throw new RangeError(`bad solution header ${k}`);
    lines.push(`# ${k} ${v}`);
  }
  const names = model.colNames();
  for (let c = 0; c < model.numCols; c++) {
    const raw = values[c]!;
    const v = isIntegerKind(model.colKind[c]!) ? Math.round(raw) : raw;
    if (Math.abs(v) > 1e-12) lines.push(`${names[c]} ${v}`);
  }
  return lines.join("\n") + "\n";
}

/** Gzipped (no timestamp in Node's gzip header, so the bytes stay deterministic), written atomically. */
export function writeSolutionFile(path: string, model: Model, values: ArrayLike<number>, header: Record<string, string | number>): void {
  writeTextAtomically(path, gzipSync(solutionText(model, values, header), { level: 9 }));
}

export function parseSolutionText(text: string, source = "solution"): SolutionFile {
  const lines = text.split("\n");
  if (lines[0] !== `# ${SOLUTION_FORMAT}`) throw new InputError(`${source}: not a ${SOLUTION_FORMAT} file`);
  const header: Record<string, string> = {};
  const entries: [string, number][] = [];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (line === "") continue;
    if (line.startsWith("# ")) {
      const sp = line.indexOf(" ", 2);
      header[line.slice(2, sp < 0 ? undefined : sp)] = sp < 0 ? "" : line.slice(sp + 1);
      continue;
    }
    const m = /^(\S+) (\S+)$/.exec(line);
    const value = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(value)) throw new InputError(`${source}: line ${k + 1} is not "name value": ${JSON.stringify(line.slice(0, 80))}`);
    entries.push([m[1]!, value]);
  }
  return { header, entries };
}

/** Reads a file written by writeSolutionFile (gzipped or not). */
export function readSolutionFile(path: string): SolutionFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${fsErrorReason(err, "read")}`);
  }
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch (err) {
    throw new InputError(`cannot read ${path}: ${(err as Error).message}`);
  }
  return parseSolutionText(text, path);
}

/** A saved dBFT solution as a point of `model`: placed by column name (a shorter horizon extended), then checked. */
export type CheckedStart = { readonly values: Float64Array; readonly value: number } | { readonly error: string };

export function checkedStart(file: SolutionFile, from: Pick<DbftParams, "n" | "tmax">, to: { readonly model: Model; readonly params: DbftParams }, index?: ReadonlyMap<string, number>): CheckedStart {
  let values: Float64Array;
  try {
    values = placeByName(file.entries, from, to, index);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const check = checkSolution(to.model, values);
  if (check.feasible) return { values, value: check.objective };
  return { error: `breaks ${check.worstRow === null ? "a bound or integrality" : to.model.rowName(check.worstRow)}` };
}

/** N and tmax of the instance a solution file names in its header (`# instance dbft-2-N-tmax`). */
export function solutionInstance(file: SolutionFile): { n: number; tmax: number } | null {
  const m = /^dbft-2-(\d+)-(\d+)$/.exec(file.header.instance ?? "");
  return m ? { n: Number(m[1]), tmax: Number(m[2]) } : null;
}

/**
 * A user's --start file as a checked point of the model: the file must name an instance of the same N
 * and a horizon no longer, and the point must satisfy every row. Anything else is bad input.
 */
export function startFromFile(
  path: string,
  p: DbftParams,
  model: Model,
): {
  /** One value per column of `model`. */
  values: Float64Array;
  /** Its objective in `model`. */
  value: number;
} {
  const file = readSolutionFile(path);
  const from = solutionInstance(file);
  const target = instanceName(p);
  if (!from) throw new InputError(`--start ${path}: no "# instance dbft-2-N-tmax" line, so it cannot be placed in ${target}`);
  if (from.n !== p.n) throw new InputError(`--start ${path} is a solution of ${file.header.instance}: it needs --n ${from.n}, not ${p.n}`);
  if (from.tmax > p.tmax) throw new InputError(`--start ${path} is a solution of ${file.header.instance}: it needs --tmax ${from.tmax} or more, not ${p.tmax}`);
  const placed = checkedStart(file, from, { model, params: p });
  if ("error" in placed) throw new InputError(`--start ${path} is not a solution of ${target}${p.strengthen.length ? " (strengthened)" : ""}: ${placed.error}`);
  return placed;
}

/** Writes a solution for --save-solution: gzipped when the name ends in .gz, plain text otherwise. */
export function saveSolution(path: string, model: Model, values: ArrayLike<number>, header: Record<string, string | number>): void {
  if (path.endsWith(".gz")) writeSolutionFile(path, model, values, header);
  else writeTextAtomically(path, solutionText(model, values, header));
}
