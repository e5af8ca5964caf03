import { describe, expect, it } from "vitest";
import { parseShard, shardOf } from "../../instances/grid/shard.js";

describe("--shard", () => {
  it("i/n takes points i, i+n, … and the shards partition the plan", () => {
    const plan = Array.from({ length: 10 }, (_, k) => k);
    expect(shardOf(plan, parseShard("2/3"))).toEqual([1, 4, 7]);
    expect([1, 2, 3].flatMap((i) => shardOf(plan, { index: i, count: 3 })).sort((a, b) => a - b)).toEqual(plan);
  });

  it("auto: a Slurm array task, numbered from its array's first id", () => {
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "1" })).toEqual({ index: 1, count: 3 });
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "0" })).toEqual({ index: 3, count: 3 });
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({ index: 1, count: 4 });
  });

  it("auto: a Kubernetes indexed job, with the count in BYZOPT_SHARD_COUNT", () => {
    expect(parseShard("auto", { JOB_COMPLETION_INDEX: "4", BYZOPT_SHARD_COUNT: "5" })).toEqual({ index: 5, count: 5 });
    expect(() => parseShard("auto", { JOB_COMPLETION_INDEX: "4" })).toThrow(/BYZOPT_SHARD_COUNT is not set/);
  });

  it.each([
    ["auto", {}, /neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX/],
    ["auto", { SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "1" }, /task 5 of 3/],
    ["auto", { SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_COUNT: "3" }, /SLURM_ARRAY_TASK_ID is "x"/],
    ["3/2", {}, /need 1 <= i <= n/],
    ["2:8", {}, /expects i\/n/],
  ])("%s with %j is refused in one line", (value, env, message) => {
    expect(() => parseShard(value, env)).toThrow(message);
  });
});

describe("--slurm scripts", () => {
  it("sweep: an array of --shard auto tasks without --jobs, and the merge; slurm flags and quoting handled", async () => {
    const { slurmScripts, withoutFlags, SLURM_BOOLEAN_FLAGS, SLURM_FLAGS_WITH_VALUE } = await import("../../instances/grid/slurm.js");
    const args = withoutFlags(["sweep", "--instances", "4,3", "--out", "my dir", "--slurm", "--slurm-tasks=4", "--shard", "1/2", "--time", "01:00:00", "--submit"], SLURM_FLAGS_WITH_VALUE, SLURM_BOOLEAN_FLAGS);
    expect(args).toEqual(["sweep", "--instances", "4,3", "--out", "my dir"]);
    const s = slurmScripts({ tasks: 4, cpusPerTask: 1, jobName: "byzopt-sweep", jobsFlag: false, time: "01:00:00" }, "/d", ["node", "bin.js"], args, "/w");
    expect(s.grid).toContain("#SBATCH --array=1-4");
    expect(s.grid).toContain("#SBATCH --time=01:00:00");
    expect(s.grid).toMatch(/^exec node bin\.js sweep --instances 4,3 --out 'my dir' --shard auto$/m);
    expect(s.merge).toMatch(/^exec node bin\.js sweep --instances 4,3 --out 'my dir' --summarize-only$/m);
    expect(s.merge).toContain("#SBATCH --output=/d/byzopt-sweep-merge-%j.out");
  });
});
