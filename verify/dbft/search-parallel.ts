/**
 * `verify dbft --jobs N`: the search's runs in chunks on N worker threads (piscina). Run k depends on
 * (seed, k) alone and each chunk reports its first failing run, so the lowest failing index over all
 * chunks is the run the single-threaded search stops at; chunks above a known failure are not started.
 * The failure is then written down and shrunk on this thread exactly as `search` does, so the report is
 * the same for every N (only the time differs).
 */
import { defaultJobs } from "../../instances/grid/pool.js";
import { Piscina } from "piscina";
import { search, type SearchOptions, type SearchReport, violationReport } from "./search.js";
import type { ScanTask } from "./search-worker.js";

/**
 * The largest task, in runs. Tasks start at FIRST_CHUNK runs and double up to it: an early failure is
 * found in a small task with little work in flight beside it, while a long search runs in big tasks,
 * which measured 25 % less CPU than tasks of 4,096 runs.
 */
export const DEFAULT_CHUNK = 16_384;
const FIRST_CHUNK = 256;
const TAIL_CHUNK = 64;

export { defaultJobs };

/** Search options plus the number of worker threads and the largest task size. */
export interface ParallelSearchOptions extends SearchOptions {
  /** Worker threads; 1 runs the plain single-threaded search. */
  readonly jobs: number;
  /** Largest task, in runs (default DEFAULT_CHUNK); tasks start smaller and double up to it. */
  readonly chunk?: number;
}

/** The same search as `search`, with the random runs spread over worker threads; same report for any `jobs`. */
export async function searchParallel(o: ParallelSearchOptions): Promise<SearchReport> {
  const jobs = Math.max(1, Math.floor(o.jobs));
  const chunk = Math.max(1, Math.floor(o.chunk ?? DEFAULT_CHUNK));
  // One thread, or too few runs to share: the plain search (no worker start-up).
  if (jobs === 1 || o.runs <= Math.min(chunk, FIRST_CHUNK)) return search(o);
  const started = performance.now();
  const pool = new Piscina({ filename: new URL("./search-worker.js", import.meta.url).href, minThreads: jobs, maxThreads: jobs });
  const task = { config: o.config, properties: o.properties, seed: o.seed, ...(o.withholdRate !== undefined ? { withholdRate: o.withholdRate } : {}) };
  let best: number | null = null;
  let next = 0;
  let done = 0;
  let lastProgress = started;
  let failure: unknown;
  const inflight = new Set<Promise<void>>();
  try {
    let size = Math.min(chunk, FIRST_CHUNK);
    const launch = () => {
      const from = next;
      // Near the end the chunks shrink to a share of what is left, so that no thread idles while
      // another finishes a big last chunk (with 60,000 runs that tail cost 20 % of the time).
      const to = Math.min(o.runs, from + Math.min(size, Math.max(TAIL_CHUNK, Math.ceil((o.runs - from) / (4 * jobs)))));
      size = Math.min(chunk, 2 * size);
      next = to;
      const p: Promise<void> = (pool.run({ ...task, from, to } satisfies ScanTask) as Promise<number | null>)
        .then(
          (k) => {
            done += to - from;
            if (k !== null && (best === null || k < best)) best = k;
            if (o.onProgress && performance.now() - lastProgress > 250) {
              lastProgress = performance.now();
              o.onProgress(done);
            }
          },
          // Kept, not thrown here: every task's promise settles, so none is left rejected unhandled.
          (err: unknown) => void (failure ??= err),
        )
        .finally(() => inflight.delete(p));
      inflight.add(p);
    };
    for (;;) {
      // Every chunk that starts below the best failure so far must finish: it may hold an earlier one.
      while (failure === undefined && inflight.size < 2 * jobs && next < o.runs && (best === null || next < best)) launch();
      if (inflight.size === 0) break;
      await Promise.race(inflight);
    }
  } finally {
    await pool.destroy();
  }
  if (failure !== undefined) throw new Error(`a search worker failed: ${(failure as Error).message ?? String(failure)}`);
  const seconds = (performance.now() - started) / 1000;
  const k = best as number | null;
  if (k === null) return { verdict: "holds", runs: o.runs, seconds, runsPerSecond: o.runs / seconds, counterexample: null };
  return violationReport(o, k, { runs: k + 1, seconds, runsPerSecond: done / seconds });
}
