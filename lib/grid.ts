/**
 * `byzopt/grid`: the grid runner behind every long job. Points with records, resumable, on worker
 * threads, sharded by hand or by a Slurm array or Kubernetes indexed job.
 * @module
 */
export { collectRecords, ensureDir, type GridEvents, type GridRunOptions, type GridRunResult, jsonRecordStore, memoryStore, type RecordState, type RecordStore, runGrid } from "../instances/grid/runner.js";
export { parseShard, type Shard, shardOf } from "../instances/grid/shard.js";
export { defaultJobs, type PointOutcome, type PointRunner } from "../instances/grid/pool.js";
export { type CheckGridResult, type CheckGridSettings } from "../instances/grid/check-grid.js";
export { checkSlurmSettings, SLURM_BOOLEAN_FLAGS, SLURM_FLAGS_WITH_VALUE, type SlurmSettings, submitSlurm, withoutFlags, writeSlurmScripts } from "../instances/grid/slurm.js";
