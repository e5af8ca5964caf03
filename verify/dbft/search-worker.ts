/**
 * A worker thread of a parallel search (search-parallel.ts): scans one range of run indices and returns
 * the first that breaks a property, or null.
 */
import { type ScanOptions, scanRuns } from "./search.js";

export interface ScanTask extends ScanOptions {
  from: number;
  to: number;
}

export default function scanTask(task: ScanTask): number | null {
  return scanRuns(task, task.from, task.to);
}
