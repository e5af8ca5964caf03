/**
 * `byzopt/grid`: the grid runner behind every long job. Points with records, resumable, on worker
 * threads, sharded by hand or by a Slurm array or Kubernetes indexed job.
 * @module
 */
export { collectRecords, type GridRunOptions, type GridRunResult, jsonRecordStore, memoryStore, type RecordState, type RecordStore, runGrid } from "../instances/grid/runner.js";
export { parseShard, type Shard, shardOf } from "../instances/grid/shard.js";
export { defaultJobs, type PointRunner } from "../instances/grid/pool.js";
