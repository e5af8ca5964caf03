/**
 * `--slurm` on a grid: the grid as a Slurm array job (DIR/grid.sbatch, one task per shard, each running
 * its shard with `--shard auto` on its cores) and the merge (DIR/merge.sbatch, `--summarize-only`), to be
 * submitted with `--dependency=afterany` on the array so it runs once every task has ended, whatever
 * their exit codes. `--submit` calls sbatch and returns both job ids.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { InputError } from "../../formulations/input-error.js";
import { writeTextFilesAtomically } from "../../solvers/atomic-file.js";

/** The Slurm array of a grid: tasks (shards), partition, wall time, memory and cores per task, and the job name. */
export interface SlurmSettings {
  /** Array tasks (shards). */
  tasks: number;
  /** Slurm partition; absent: the cluster's default. */
  partition?: string;
  /** Wall-time limit per task, as sbatch takes it (e.g. 02:00:00). */
  time?: string;
  /** Memory per task, as sbatch takes it (e.g. 8G). */
  mem?: string;
  /** Cores per task. */
  cpusPerTask: number;
  /** Name of the array job (the merge job is named after it). */
  jobName: string;
  /** The command takes --jobs (points at a time); without it each task runs one thing at a time. */
  jobsFlag: boolean;
}

/** The flags of the grid command that the scripts set themselves, dropped from the user's command line. */
export const SLURM_FLAGS_WITH_VALUE = ["--shard", "--jobs", "--slurm-tasks", "--partition", "--time", "--mem", "--cpus-per-task"] as const;
/** Likewise for the grid command's boolean flags. */
export const SLURM_BOOLEAN_FLAGS = ["--slurm", "--submit", "--summarize-only"] as const;

/** argv without the listed flags (both `--flag value` and `--flag=value`). */
export function withoutFlags(argv: readonly string[], withValue: readonly string[], boolean: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const name = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
    if (boolean.includes(a)) continue;
    if (withValue.includes(name)) {
      if (!a.includes("=")) k++;
      continue;
    }
    out.push(a);
  }
  return out;
}

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`);

function header(s: SlurmSettings, dir: string, name: string, log: string, extra: string[]): string[] {
  return [
    "#!/bin/bash",
    `#SBATCH --job-name=${quote(name)}`,
    ...extra,
    `#SBATCH --output=${quote(join(dir, log))}`,
    ...(s.partition ? [`#SBATCH --partition=${quote(s.partition)}`] : []),
    ...(s.time ? [`#SBATCH --time=${quote(s.time)}`] : []),
    ...(s.mem ? [`#SBATCH --mem=${quote(s.mem)}`] : []),
    "set -euo pipefail",
  ];
}

/**
 * The two scripts. `command` is how to start byzopt (node and its bin file, absolute), `args` the grid's
 * arguments without the flags above, `cwd` where relative paths of the command line point.
 */
export function slurmScripts(s: SlurmSettings, dir: string, command: readonly string[], args: readonly string[], cwd: string): { grid: string; merge: string } {
  const run = (more: string[]) => [...command, ...args, ...more].map(quote).join(" ");
  const grid = [
    // %A: the array's job id, %a: the task's index.
    ...header(s, dir, s.jobName, `${s.jobName}-%A_%a.out`, [`#SBATCH --array=1-${s.tasks}`, `#SBATCH --cpus-per-task=${s.cpusPerTask}`]),
    `cd ${quote(cwd)}`,
    `# Task i of ${s.tasks} runs points i, i+${s.tasks}, … (--shard auto reads SLURM_ARRAY_TASK_ID)${s.jobsFlag ? ", one per core" : ""}.`,
    s.jobsFlag ? `exec ${run(["--shard", "auto", "--jobs"])} "\${SLURM_CPUS_PER_TASK:-${s.cpusPerTask}}"` : `exec ${run(["--shard", "auto"])}`,
    "",
  ].join("\n");
  const merge = [
    ...header({ ...s, time: s.time ?? "00:30:00" }, dir, `${s.jobName}-merge`, `${s.jobName}-merge-%j.out`, ["#SBATCH --cpus-per-task=1"]),
    `cd ${quote(cwd)}`,
    "# After every array task has ended (afterany): the summary and figures from whatever records exist.",
    `exec ${run(["--summarize-only"])}`,
    "",
  ].join("\n");
  return { grid, merge };
}

/** InputError on settings sbatch would refuse. */
export function checkSlurmSettings(s: SlurmSettings): void {
  if (!Number.isInteger(s.tasks) || s.tasks < 1) throw new InputError(`--slurm-tasks must be a positive integer (got ${s.tasks})`);
  if (!Number.isInteger(s.cpusPerTask) || s.cpusPerTask < 1) throw new InputError(`--cpus-per-task must be a positive integer (got ${s.cpusPerTask})`);
}

/** Checks the settings, writes DIR/grid.sbatch (the array) and DIR/merge.sbatch (the merge) atomically; returns their paths. */
export function writeSlurmScripts(
  s: SlurmSettings,
  dir: string,
  command: readonly string[],
  args: readonly string[],
  cwd: string,
): {
  /** Path of the array job's script. */
  grid: string;
  /** Path of the merge job's script. */
  merge: string;
} {
  checkSlurmSettings(s);
  const abs = resolve(dir);
  const scripts = slurmScripts(s, abs, command, args, cwd);
  const paths = { grid: join(abs, "grid.sbatch"), merge: join(abs, "merge.sbatch") };
  writeTextFilesAtomically([
    { path: paths.grid, text: scripts.grid },
    { path: paths.merge, text: scripts.merge },
  ]);
  return paths;
}

/** sbatch the array, then the merge after it; returns the two job ids. */
export function submitSlurm(paths: { grid: string; merge: string }): {
  /** Job id of the array. */
  array: string;
  /** Job id of the merge. */
  merge: string;
} {
  const sbatch = (args: string[]): string => {
    const r = spawnSync("sbatch", ["--parsable", ...args], { encoding: "utf8" });
    if (r.error) throw new InputError(`cannot run sbatch: ${(r.error as NodeJS.ErrnoException).code === "ENOENT" ? "not found on PATH (is this a Slurm login node?)" : r.error.message}`);
    if (r.status !== 0) throw new InputError(`sbatch ${args.join(" ")} failed: ${r.stderr.trim().split("\n")[0] ?? `exit ${r.status}`}`);
    return r.stdout.trim().split(";")[0]!;
  };
  const array = sbatch([paths.grid]);
  return { array, merge: sbatch([`--dependency=afterany:${array}`, paths.merge]) };
}
