/** `--slurm` and its settings, shared by every grid command (commander camel-cases the flags). */
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { InputError } from "../lib/model.js";
import { checkSlurmSettings, ensureDir, SLURM_BOOLEAN_FLAGS, SLURM_FLAGS_WITH_VALUE, submitSlurm, withoutFlags, writeSlurmScripts } from "../lib/grid.js";
import { integerArg } from "./options.js";

export interface SlurmFlags {
  slurm?: boolean;
  slurmTasks: number;
  partition?: string;
  time?: string;
  mem?: string;
  cpusPerTask: number;
  submit?: boolean;
}

export function slurmOptions(cmd: Command): Command {
  return cmd
    .option("--slurm", "run nothing here: write DIR/grid.sbatch (a Slurm array job, one task per shard) and DIR/merge.sbatch (--summarize-only, after the array)")
    .option("--slurm-tasks <n>", "array tasks (shards) of --slurm", integerArg, 16)
    .option("--partition <name>", "Slurm partition of both jobs")
    .option("--time <limit>", "wall-time limit per array task, as sbatch takes it (e.g. 04:00:00)")
    .option("--mem <size>", "memory per array task, as sbatch takes it (e.g. 8G)")
    .option("--cpus-per-task <c>", "cores per array task; each runs that many points at a time", integerArg, 1)
    .option("--submit", "with --slurm: submit both with sbatch (the merge with --dependency=afterany) and print the job ids");
}

/** The root command's arguments as given (the subcommand path and its options). */
function rawArgs(cmd: Command): string[] {
  let root = cmd;
  while (root.parent) root = root.parent;
  return [...((root as unknown as { rawArgs: string[] }).rawArgs ?? [])];
}

/**
 * With --slurm: writes the two scripts into `out` (and submits them with --submit), prints what to do,
 * and returns true; the caller then runs nothing. Without: false.
 */
export function slurmRequested(o: SlurmFlags, cmd: Command, out: string, jobName: string, jobsFlag = true): boolean {
  if (!o.slurm) {
    if (o.submit) throw new InputError("--submit goes with --slurm");
    return false;
  }
  const bin = fileURLToPath(new URL("./bin.js", import.meta.url));
  const args = withoutFlags(rawArgs(cmd), SLURM_FLAGS_WITH_VALUE, SLURM_BOOLEAN_FLAGS);
  const settings = { tasks: o.slurmTasks, cpusPerTask: o.cpusPerTask, jobName, jobsFlag, ...(o.partition ? { partition: o.partition } : {}), ...(o.time ? { time: o.time } : {}), ...(o.mem ? { mem: o.mem } : {}) };
  checkSlurmSettings(settings); // before the directory is made: bad input writes nothing
  ensureDir(out);
  const paths = writeSlurmScripts(settings, out, [process.execPath, bin], args, process.cwd());
  if (o.submit) {
    const ids = submitSlurm(paths);
    process.stdout.write(`submitted: array job ${ids.array} (${o.slurmTasks} tasks), merge job ${ids.merge} (after the array)\n`);
  } else {
    process.stdout.write(`wrote ${paths.grid} and ${paths.merge}; submit with:\n  jid=$(sbatch --parsable ${paths.grid}) && sbatch --dependency=afterany:$jid ${paths.merge}\n`);
  }
  return true;
}
