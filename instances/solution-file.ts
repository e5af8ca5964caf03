import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { KIND_CODE, type Model } from "../formulations/model/index.js";
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
    const v = model.colKind[c] === KIND_CODE.continuous ? raw : Math.round(raw);
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
