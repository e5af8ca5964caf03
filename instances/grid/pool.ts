/**
 * Runs the points of a grid on worker threads (piscina): `jobs` at a time, each point a deterministic job
 * whose record does not depend on the thread or the order. A point whose worker throws, crashes or runs
 * out of memory is reported failed with the reason; the others go on.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { PointTask } from "./point-worker.js";

/** Default number of points run at a time: the machine's available parallelism (at least 1). */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Where a worker thread finds the function that runs one point. */
export interface PointRunner {
  /** File URL of the module that exports the point function (a built .js file). */
  module: string;
  /** Name of the export of `module` that takes a point and returns its record. */
  exportName: string;
}

/** How a point ended: its record, or the reason it failed; with the seconds it took either way. */
export type PointOutcome<R> =
  | {
      /** The point ran. */
      ok: true;
      /** Its record. */
      record: R;
      /** Wall-clock seconds it took. */
      seconds: number;
    }
  | {
      /** The point failed (threw, crashed, ran out of memory). */
      ok: false;
      /** Why. */
      reason: string;
      /** Wall-clock seconds until it failed. */
      seconds: number;
    };

/**
 * Calls `onDone` for each point as it finishes (in completion order, so records are written as they come
 * and an interrupted grid resumes). Resolves when every point has finished or failed.
 */
export async function runPointsOnWorkers<P, R>(points: readonly P[], runner: PointRunner, jobs: number, onDone: (point: P, outcome: PointOutcome<R>) => void, maxOldGenerationSizeMb?: number): Promise<void> {
  if (points.length === 0) return;
  const threads = Math.max(1, Math.min(jobs, points.length));
  const pool = new Piscina({
    filename: new URL("./point-worker.js", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // One point per thread at a time: a point is long, and queueing inside a worker would hide failures.
    concurrentTasksPerWorker: 1,
    ...(maxOldGenerationSizeMb ? { resourceLimits: { maxOldGenerationSizeMb } } : {}),
  });
  try {
    await Promise.all(
      points.map(async (point) => {
        const started = performance.now();
        let outcome: PointOutcome<R>;
        try {
          const record = (await pool.run({ module: runner.module, exportName: runner.exportName, point } satisfies PointTask)) as R;
          outcome = { ok: true, record, seconds: (performance.now() - started) / 1000 };
        } catch (err) {
          outcome = { ok: false, reason: (err as Error)?.message ?? String(err), seconds: (performance.now() - started) / 1000 };
        }
        // Outside the try: an error of the caller (say, a record it cannot write) stops the grid.
        onDone(point, outcome);
      }),
    );
  } finally {
    await pool.destroy();
  }
}

/**
 * Every task on the workers, results in the tasks' order (whatever order they finished in). For checks
 * that need all their points: a task that fails makes the whole call fail, naming each failed task.
 */
export async function mapOnWorkers<T, R>(tasks: readonly T[], runner: PointRunner, jobs: number, describe: (task: T) => string, onProgress?: (done: number, total: number, task: T) => void): Promise<R[]> {
  const results = new Map<T, R>();
  const failed: string[] = [];
  await runPointsOnWorkers<T, R>(tasks, runner, jobs, (task, outcome) => {
    if (outcome.ok) results.set(task, outcome.record);
    else failed.push(`${describe(task)}: ${outcome.reason}`);
    onProgress?.(results.size + failed.length, tasks.length, task);
  });
  if (failed.length) throw new Error(`${failed.length} of ${tasks.length} failed on their worker thread: ${failed.join("; ")}`);
  return tasks.map((t) => results.get(t)!);
}
