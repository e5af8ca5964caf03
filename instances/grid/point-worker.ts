/**
 * The worker thread of a grid pool (pool.ts): imports the module that runs a system's points and calls
 * its export on one point. The point and its record cross the thread boundary by structured clone.
 */
export interface PointTask {
  /** File URL of the module. */
  module: string;
  exportName: string;
  point: unknown;
}

export default async function runPointTask(task: PointTask): Promise<unknown> {
  const m = (await import(task.module)) as Record<string, (point: unknown) => unknown>;
  const run = m[task.exportName];
  if (typeof run !== "function") throw new Error(`${task.module} has no function ${task.exportName}`);
  return run(task.point);
}
