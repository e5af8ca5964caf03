/**
 * The grid's files: DIR/records/<point>.json, written atomically, one per point; a record is "done" when its
 * params equal the plan's, "stale" when they differ (run again), "missing" when absent or unreadable.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../formulations/input-error.js";
import { fsErrorReason, writeTextAtomically } from "../../solvers/atomic-file.js";
import { type GridPoint, type GridRecord, RECORD_VERSION } from "./grid.js";

export const RECORDS_DIR = "records";

export type RecordState = { state: "done"; record: GridRecord } | { state: "stale"; record: GridRecord } | { state: "missing" };

export interface PointStatus {
  point: GridPoint;
  /** The record on disk, if its params are the plan's. */
  record: GridRecord | null;
  state: RecordState["state"];
}

export const recordPath = (out: string, name: string): string => join(out, RECORDS_DIR, `${name}.json`);

export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create ${dir}: ${fsErrorReason(err)}`);
  }
  if (!statSync(dir).isDirectory()) throw new InputError(`${dir} is not a directory`);
}

/** JSON with keys sorted at every level: two params objects are equal iff their canonical texts are. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

export function readRecord(out: string, point: GridPoint): RecordState {
  let text: string;
  try {
    text = readFileSync(recordPath(out, point.name), "utf8");
  } catch {
    return { state: "missing" };
  }
  let record: GridRecord;
  try {
    record = JSON.parse(text) as GridRecord;
  } catch {
    return { state: "missing" };
  }
  if (record?.version !== RECORD_VERSION || typeof record.params !== "object" || !Array.isArray(record.perRun)) return { state: "missing" };
  return canonicalJson(record.params) === canonicalJson(point.params) ? { state: "done", record } : { state: "stale", record };
}

export function pointStatuses(out: string, points: readonly GridPoint[]): PointStatus[] {
  return points.map((point) => {
    const r = readRecord(out, point);
    return { point, record: r.state === "done" ? r.record : null, state: r.state };
  });
}

/** One key per line, one run per line: valid JSON that diffs well and stays small. */
export function recordText(r: GridRecord): string {
  const { perRun, ...head } = r;
  const lines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const runs = (perRun as unknown[]).map((x, i) => `    ${JSON.stringify(x)}${i + 1 < perRun.length ? "," : ""}`);
  return ["{", ...lines, '  "perRun": [', ...runs, "  ]", "}", ""].join("\n");
}

export function writeRecord(out: string, r: GridRecord): void {
  ensureDir(join(out, RECORDS_DIR));
  writeTextAtomically(recordPath(out, r.name), recordText(r));
}
