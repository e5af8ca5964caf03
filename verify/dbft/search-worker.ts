/**
 * A worker thread of a parallel search (search-parallel.ts): scans one range of run indices and returns
 * the first that breaks a property, or null.
 */
import { type ScanOptions, scanRuns, simulators } from "./search.js";

export interface ScanTask extends ScanOptions {
  from: number;
  to: number;
}

// A worker serves every chunk of one search: its simulators (one per height) are built once, not per chunk.
let cached: { key: string; sim: ReturnType<typeof simulators> } | null = null;

export default function scanTask(task: ScanTask): number | null {
  const key = JSON.stringify(task.config);
  if (cached?.key !== key) cached = { key, sim: simulators(task.config) };
  return scanRuns(task, task.from, task.to, undefined, cached.sim);
}
