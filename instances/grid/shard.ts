/**
 * Which points of a grid this process runs: `--shard i/n` takes points i, i+n, i+2n, … (1-based) of a plan
 * that is the same for every shard; `--shard auto` reads i and n from the scheduler that started it.
 */
import { InputError } from "../../formulations/input-error.js";

/** Shard `index` of `count`: the points at positions index, index+count, … (1-based) of the plan. */
export interface Shard {
  /** Which shard, 1-based: 1 <= index <= count. */
  index: number;
  /** Number of shards the plan is split into (>= 1). */
  count: number;
}

/**
 * From the environment: a Slurm array task (SLURM_ARRAY_TASK_ID counted from SLURM_ARRAY_TASK_MIN, of
 * SLURM_ARRAY_TASK_COUNT), or a Kubernetes indexed job (JOB_COMPLETION_INDEX from 0; Kubernetes does not
 * tell a pod the number of completions, so BYZOPT_SHARD_COUNT must).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): Shard {
  const int = (name: string): number => {
    const v = env[name];
    if (v === undefined || !/^\d+$/.test(v.trim())) throw new InputError(`--shard auto: ${name} is ${v === undefined ? "not set" : JSON.stringify(v)}`);
    return Number(v);
  };
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? int("SLURM_ARRAY_TASK_MIN") : 0;
    return checked(int("SLURM_ARRAY_TASK_ID") - min + 1, int("SLURM_ARRAY_TASK_COUNT"), "auto (Slurm)");
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) return checked(int("JOB_COMPLETION_INDEX") + 1, int("BYZOPT_SHARD_COUNT"), "auto (Kubernetes)");
  throw new InputError("--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm array job) nor JOB_COMPLETION_INDEX (a Kubernetes indexed job) is set");
}

function checked(index: number, count: number, what: string): Shard {
  if (count < 1 || index < 1 || index > count) throw new InputError(`--shard ${what}: task ${index} of ${count}, need 1 <= i <= n`);
  return { index, count };
}

/** "i/n" or "auto". */
export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env): Shard {
  if (value.trim() === "auto") return shardFromEnv(env);
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new InputError(`--shard expects i/n, e.g. 2/8, or auto (got ${JSON.stringify(value)})`);
  return checked(Number(m[1]), Number(m[2]), value);
}

/** The points of the plan that `shard` runs, in plan order. */
export function shardOf<T>(points: readonly T[], shard: Shard): T[] {
  return points.filter((_, k) => k % shard.count === shard.index - 1);
}
