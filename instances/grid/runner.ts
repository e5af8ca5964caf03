/**
 * The one grid runner of byzopt. A grid is a list of points, each a deterministic job whose result is one
 * record; a store keeps the records (a directory of JSON files, or memory for a one-off check) and says
 * which are done. The runner skips done points, runs the others `jobs` at a time (on worker threads, or
 * here when their heavy part already runs on its own thread, like a solver's), saves each record as it
 * ends, and reports a point that fails (throws, crashes, runs out of memory) with its reason while the
 * rest go on. Sharding (shard.ts) picks the points before they get here; the merge (`--summarize-only`)
 * reads the store with `collectRecords`.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { type DataFormat, withZod } from "../../formulations/schema.js";
import { join } from "node:path";
import { InputError } from "../../formulations/input-error.js";
import { fsErrorReason, writeTextAtomically } from "../../solvers/atomic-file.js";
import { type PointOutcome, type PointRunner, runPointsOnWorkers } from "./pool.js";

/** What a store holds for a point: a record that answers it (`done`), one for other parameters (`stale`), or none (`missing`). */
export type RecordState<R> =
  | {
      /** A record answers the point. */
      state: "done";
      /** That record. */
      record: R;
    }
  | {
      /** A record exists for other parameters: run the point again. */
      state: "stale";
    }
  | {
      /** No record. */
      state: "missing";
    };

/** Where a grid's records live and when one answers a point. */
export interface RecordStore<P, R> {
  /** Done: a record answers the point; stale: one exists for other parameters (run again); missing. */
  lookup(point: P): RecordState<R>;
  /** Keeps `record` as the answer to `point`, replacing any earlier one. */
  save(point: P, record: R): void;
}

/** runGrid's callbacks: for each point skipped, and for each point that ran. */
export interface GridEvents<P, R> {
  /** For each point skipped because the store already has its record, in plan order. */
  onSkip?(point: P, record: R): void;
  /** After each point that ran, in completion order; `stale` when it replaced a record of other parameters. */
  onDone?(point: P, outcome: PointOutcome<R>, done: number, total: number, stale: boolean): void;
}

/** What runGrid runs and how. */
export interface GridRunOptions<P, R> extends GridEvents<P, R> {
  /** The plan: every point of this run (or shard), in order. */
  points: readonly P[];
  /** Keeps the records and says which points are done. */
  store: RecordStore<P, R>;
  /** Points at a time. */
  jobs: number;
  /** Runs one point in this thread: always when there is no `worker`, else only with jobs = 1. */
  here: (point: P) => R | Promise<R>;
  /** The same function as a module export, for worker threads (a built .js file). */
  worker?: PointRunner;
  /** Heap cap of each worker thread (MB). */
  maxOldGenerationSizeMb?: number;
}

/** The points of a grid run by outcome, each list in plan order. */
export interface GridRunResult<P, R> {
  /** In plan order, whatever order they finished in. */
  ran: {
    /** The point. */
    point: P;
    /** Its new record. */
    record: R;
  }[];
  /** Points whose record was already in the store, with that record. */
  skipped: {
    /** The point. */
    point: P;
    /** The record already stored. */
    record: R;
  }[];
  /** Points that failed (threw, crashed, ran out of memory), with the reason; they have no record. */
  failed: {
    /** The point. */
    point: P;
    /** Why it failed. */
    reason: string;
  }[];
}

/** Runs the points that have no record answering them; see the file comment. */
export async function runGrid<P, R>(o: GridRunOptions<P, R>): Promise<GridRunResult<P, R>> {
  if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new InputError(`--jobs must be a positive integer (got ${o.jobs})`);
  const skipped: { point: P; record: R }[] = [];
  const todo: P[] = [];
  const stale = new Set<P>();
  for (const point of o.points) {
    const had = o.store.lookup(point);
    if (had.state === "done") {
      skipped.push({ point, record: had.record });
      o.onSkip?.(point, had.record);
    } else {
      if (had.state === "stale") stale.add(point);
      todo.push(point);
    }
  }
  const records = new Map<P, R>();
  const failed = new Map<P, string>();
  let finished = 0;
  const onDone = (point: P, outcome: PointOutcome<R>) => {
    if (outcome.ok) {
      o.store.save(point, outcome.record);
      records.set(point, outcome.record);
    } else failed.set(point, outcome.reason);
    o.onDone?.(point, outcome, ++finished, todo.length, stale.has(point));
  };
  // On workers even when one point is left: it may be the one that ran out of memory last time, and a
  // worker's crash fails that point, where this thread's would end the process.
  if (o.worker && o.jobs > 1) await runPointsOnWorkers(todo, o.worker, o.jobs, onDone, o.maxOldGenerationSizeMb);
  else await runHere(todo, o.here, o.worker ? 1 : o.jobs, onDone);
  return {
    ran: todo.filter((p) => records.has(p)).map((point) => ({ point, record: records.get(point)! })),
    skipped,
    failed: todo.filter((p) => failed.has(p)).map((point) => ({ point, reason: failed.get(point)! })),
  };
}

/**
 * `jobs` points at a time in this thread, taken in plan order. An InputError (bad input, a record that
 * cannot be written) or an error of `onDone` stops the grid: no new point starts, the ones running end,
 * then it is thrown.
 */
async function runHere<P, R>(todo: readonly P[], run: (point: P) => R | Promise<R>, jobs: number, onDone: (point: P, outcome: PointOutcome<R>) => void): Promise<void> {
  let next = 0;
  let fatal: { error: unknown } | null = null;
  const lane = async () => {
    while (next < todo.length && !fatal) {
      const point = todo[next++]!;
      const started = performance.now();
      let outcome: PointOutcome<R>;
      try {
        outcome = { ok: true, record: await run(point), seconds: (performance.now() - started) / 1000 };
      } catch (err) {
        if (err instanceof InputError) {
          fatal ??= { error: err };
          return;
        }
        outcome = { ok: false, reason: (err as Error)?.message ?? String(err), seconds: (performance.now() - started) / 1000 };
      }
      try {
        onDone(point, outcome);
      } catch (err) {
        fatal ??= { error: err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, lane));
  if (fatal) throw (fatal as { error: unknown }).error;
}

/** The records of the plan in plan order, and the points without one. */
export function collectRecords<P, R>(
  points: readonly P[],
  store: RecordStore<P, R>,
): {
  /** The record of each point, in plan order; null where there is none. */
  records: (R | null)[];
  /** The points without a record, in plan order. */
  missing: P[];
} {
  const records = points.map((p) => {
    const s = store.lookup(p);
    return s.state === "done" ? s.record : null;
  });
  return { records, missing: points.filter((_, k) => records[k] === null) };
}

/** A store for a grid that keeps nothing between invocations (a check run without a records directory). */
export function memoryStore<P, R>(): RecordStore<P, R> {
  const saved = new Map<P, R>();
  return {
    lookup: (p) => (saved.has(p) ? { state: "done", record: saved.get(p)! } : { state: "missing" }),
    save: (p, r) => void saved.set(p, r),
  };
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

/** Creates `dir` (and its parents) if needed; InputError when it cannot be made or is not a directory. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create ${dir}: ${fsErrorReason(err)}`);
  }
  if (!statSync(dir).isDirectory()) throw new InputError(`${dir} is not a directory`);
}

const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array } as const;
type TypedName = keyof typeof TYPED;

/**
 * JSON that gives back exactly what a worker thread would have handed over: typed arrays, ±Infinity, NaN
 * and −0 are tagged ({"$typed": …}, {"$number": "Infinity"}), so a report assembled from records on disk
 * equals one assembled in memory.
 */
export function recordJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? "-0" : String(v) };
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        const name = v.constructor.name as TypedName;
        if (name in TYPED) return { $typed: name, values: Array.from(v as unknown as ArrayLike<number>) };
      }
      return v;
    },
  );
}

export function parseRecordJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$number === "string" && Object.keys(o).length === 1) return Number(o.$number);
      if (typeof o.$typed === "string" && o.$typed in TYPED && Array.isArray(o.values)) return TYPED[o.$typed as TypedName].from(o.values as number[]);
    }
    return v;
  });
}

/** The record format of grids without one of their own (the statistical checks). */
export const GRID_RECORD_FORMAT = "byzopt.grid-record/1";

/**
 * The schema of a grid record file (built on first use). Numbers JSON cannot hold are written `{"$number": "NaN"}` (also
 * "Infinity", "-Infinity", "-0") and typed arrays `{"$typed": "Float64Array", "values": […]}` (recordJson).
 */
const gridRecordFileSchema = withZod((z) => {
  const gridRecordSchema = z.object({
    format: z.literal(GRID_RECORD_FORMAT),
    system: z.string().min(1).describe("the check the record belongs to, e.g. codag or pos"),
    version: z.int().min(0).describe("of the check's code: a fix that changes results bumps it, and older records run again"),
    key: z.string().min(1),
    params: z.unknown().describe("what the point computes (seeds, run counts)"),
    result: z.unknown().describe("what it found, in the check's own shape"),
  });
  return gridRecordSchema;
});

/** A check's point record, DIR/records/<check>/<key>.json (codag, pos and forking checks with --records). */
export const GRID_RECORD_FILE_FORMAT: DataFormat = {
  name: "grid-record",
  description: `One point of a statistical check run with --records (${GRID_RECORD_FORMAT}): the check, its code version, the point's key and parameters, and its result.`,
  get schema() {
    return gridRecordFileSchema();
  },
};

/** One point's record: what it answers (system and its version, key, params) and what it found. */
export interface GridFileRecord<R> {
  format: typeof GRID_RECORD_FORMAT;
  system: string;
  /** Of the system's code: bumped when a fix changes its results, so older records are run again. */
  version: number;
  key: string;
  params: unknown;
  result: R;
}

/**
 * DIR/records/<system>/<key>.json, one per point, written atomically (recordJson). A record is done when
 * its system, version and params equal the point's, stale when the version or params differ; unreadable
 * or foreign files count as missing.
 */
export function jsonRecordStore<P, R>(dir: string, system: { name: string; version: number }, key: (p: P) => string, params: (p: P) => unknown): RecordStore<P, R> {
  // One folder per system: two checks sharing a directory never take (or overwrite) each other's records.
  const folder = join(dir, "records", system.name);
  const path = (p: P) => join(folder, `${key(p)}.json`);
  return {
    lookup(p) {
      let r: GridFileRecord<R>;
      try {
        r = parseRecordJson(readFileSync(path(p), "utf8")) as GridFileRecord<R>;
      } catch {
        return { state: "missing" };
      }
      if (!gridRecordFileSchema().safeParse(r).success || r.system !== system.name || r.key !== key(p)) return { state: "missing" };
      return r.version === system.version && canonicalJson(r.params) === canonicalJson(params(p)) ? { state: "done", record: r.result } : { state: "stale" };
    },
    save(p, result) {
      ensureDir(folder);
      const record: GridFileRecord<R> = { format: GRID_RECORD_FORMAT, system: system.name, version: system.version, key: key(p), params: params(p), result };
      writeTextAtomically(path(p), recordJson(record) + "\n");
    },
  };
}
