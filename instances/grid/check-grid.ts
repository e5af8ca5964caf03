/**
 * A statistical check (codag, pos, forking) as a grid: its independently seeded tasks are the points, run
 * by the grid runner. Without a records directory the records live in memory and the check needs all of
 * them (a failed task fails the check); with one, each task's record is a file, so the check resumes,
 * shards (`--shard`, a Slurm array) and is assembled later by `--summarize-only`.
 */
import { InputError } from "../../formulations/input-error.js";
import type { PointRunner } from "./pool.js";
import { collectRecords, ensureDir, jsonRecordStore, memoryStore, runGrid } from "./runner.js";
import { type Shard, shardOf } from "./shard.js";

export interface CheckGridSpec<T, R> {
  /** Names the records (`system` field): records of another check never count. */
  system: string;
  /** Of the check's code: bump it when a fix changes results, and older records are run again. */
  version: number;
  tasks: readonly T[];
  /** A file-safe name, unique within the check. */
  key: (task: T) => string;
  here: (task: T) => R;
  worker: PointRunner;
}

/** How a statistical check runs as a grid. */
export interface CheckGridSettings {
  /** Tasks at a time (worker threads). */
  jobs: number;
  /** Directory of the records (DIR/records/<key>.json); absent: in memory, this invocation only. */
  records?: string;
  /** Run only this shard's tasks (needs `records`). */
  shard?: Shard;
  /** Run nothing; assemble from the records. */
  summarizeOnly?: boolean;
  /** Called after each task that ran, with the count done, the count to run, and the task's key. */
  onProgress?: (done: number, total: number, key: string) => void;
}

/** A check grid's outcome: every task's result, or the tasks still missing. */
export type CheckGridResult<R> =
  | {
      /** Every task has a record. */
      complete: true;
      /** Every task's result, in task order. */
      results: R[];
      /** Tasks run by this invocation. */
      ran: number;
      /** Tasks skipped because their record was already there. */
      skipped: number;
    }
  | {
      /** Some task has no record yet. */
      complete: false;
      /** Keys of the tasks without a record. */
      missing: string[];
      /** Tasks of the whole check. */
      total: number;
      /** Tasks run by this invocation. */
      ran: number;
      /** Tasks skipped because their record was already there. */
      skipped: number;
      /** Tasks of this invocation that failed. */
      failed: {
        /** The task's key. */
        key: string;
        /** Why it failed. */
        reason: string;
      }[];
    };

export function checkGridSettingsError(s: CheckGridSettings): string | null {
  if (!s.records && s.shard) return "--shard needs --records DIR (the shards' results meet there)";
  if (!s.records && s.summarizeOnly) return "--summarize-only needs --records DIR";
  if (s.shard && s.summarizeOnly) return "--summarize-only reads every record: drop --shard";
  return null;
}

/** Runs the check's tasks (this shard's, those without a record) and returns every result, or what is missing. */
export async function runCheckGrid<T, R>(spec: CheckGridSpec<T, R>, s: CheckGridSettings): Promise<CheckGridResult<R>> {
  const error = checkGridSettingsError(s);
  if (error) throw new InputError(error);
  const store = s.records ? jsonRecordStore<T, R>(s.records, { name: spec.system, version: spec.version }, spec.key, (t) => t) : memoryStore<T, R>();
  // A directory that cannot be made fails now, not after the first task has run for minutes.
  if (s.records && !s.summarizeOnly) ensureDir(s.records);
  let ran = 0;
  let skipped = 0;
  let failed: { key: string; reason: string }[] = [];
  if (!s.summarizeOnly) {
    const mine = s.shard ? shardOf(spec.tasks, s.shard) : spec.tasks;
    const r = await runGrid<T, R>({
      points: mine,
      store,
      jobs: s.jobs,
      here: spec.here,
      worker: spec.worker,
      onDone: (t, _o, done, total) => s.onProgress?.(done, total, spec.key(t)),
    });
    ran = r.ran.length;
    skipped = r.skipped.length;
    failed = r.failed.map((f) => ({ key: spec.key(f.point), reason: f.reason }));
    // Without records a failed task leaves nothing to resume from: the check fails, naming each one.
    if (!s.records && failed.length) throw new Error(`${failed.length} of ${mine.length} tasks failed: ${failed.map((f) => `${f.key}: ${f.reason}`).join("; ")}`);
  }
  const { records, missing } = collectRecords(spec.tasks, store);
  if (missing.length) return { complete: false, missing: missing.map(spec.key), total: spec.tasks.length, ran, skipped, failed };
  return { complete: true, results: records as R[], ran, skipped };
}
