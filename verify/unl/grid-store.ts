/**
 * The grid's files: DIR/records/<point>.json, written atomically, one per point; a record is "done" when its
 * params equal the plan's, "stale" when they differ (run again), "missing" when absent or unreadable.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeTextAtomically } from "../../solvers/atomic-file.js";
import { canonicalJson, ensureDir, type RecordStore } from "../../instances/grid/runner.js";
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

/** The grid's records as the grid runner (instances/grid/runner.ts) sees them. */
export function unlRecordStore(out: string): RecordStore<GridPoint, GridRecord> {
  return {
    lookup: (point) => {
      const r = readRecord(out, point);
      return r.state === "done" ? r : { state: r.state };
    },
    save: (_point, record) => writeRecord(out, record),
  };
}
