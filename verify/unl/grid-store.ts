/**
 * The grid's files: DIR/records/<point>.json, written atomically, one per point; a record is "done" when its
 * params equal the plan's, "stale" when they differ (run again), "missing" when absent or unreadable.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type DataFormat, withZod } from "../../formulations/schema.js";
import { writeTextAtomically } from "../../solvers/atomic-file.js";
import { canonicalJson, ensureDir, type RecordStore } from "../../instances/grid/runner.js";
import { type GridPoint, type GridRecord, RECORD_VERSION } from "./grid.js";

export const RECORDS_DIR = "records";

/** The schema of a UNL grid record: its point, one entry per run and the summary (verify/unl/grid.ts, GridRecord). */
const unlGridRecordFileSchema = withZod((z) => {
  const unlGridRecordSchema = z.object({
    version: z.literal(RECORD_VERSION),
    name: z.string().min(1).describe("the point's name, also the file's"),
    params: z.looseObject({ mode: z.enum(["schwartz", "rpca"]), seed: z.int(), runs: z.int().min(1) }).describe("the point's configuration"),
    perRun: z.array(z.record(z.string(), z.unknown())).describe("one entry per run"),
    summary: z.record(z.string(), z.unknown()).describe("medians, quantiles, rates and counts over the runs"),
    violations: z.array(z.record(z.string(), z.unknown())).optional().describe("rpca points: forks the bounds rule out (P2), never filtered"),
  });
  return unlGridRecordSchema;
});

/** `unl grid` records, OUT/records/<point>.json. */
export const UNL_GRID_RECORD_FILE_FORMAT: DataFormat = {
  name: "unl-grid-record",
  description: "One point of byzopt unl grid (OUT/records/<point>.json): the simulator (schwartz or rpca) and its parameters, every run, and the summary the figures are drawn from.",
  get schema() {
    return unlGridRecordFileSchema();
  },
};

export type RecordState = { state: "done"; record: GridRecord } | { state: "stale"; record: GridRecord } | { state: "missing" };

/** A planned grid point and the state of its record on disk. */
export interface PointStatus {
  /** The planned point. */
  point: GridPoint;
  /** The record on disk, if its params are the plan's. */
  record: GridRecord | null;
  /** "done" (record matches the plan), "stale" (other params: run again) or "missing". */
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
  if (!unlGridRecordFileSchema().safeParse(record).success) return { state: "missing" };
  return canonicalJson(record.params) === canonicalJson(point.params) ? { state: "done", record } : { state: "stale", record };
}

/** Reads the record of every point from the output directory `out` and classifies it. */
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
