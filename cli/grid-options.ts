/**
 * The options every grid shares: --jobs, and for the statistical checks their records directory,
 * --shard, --summarize-only and --slurm (cli/slurm-options.ts). The runner is instances/grid/runner.ts.
 */
import { Command } from "commander";
import { type CheckGridResult, type CheckGridSettings, defaultJobs, parseShard } from "../lib/grid.js";
import { InputError } from "../lib/model.js";
import { positiveIntegerArg } from "./options.js";
import { type SlurmFlags, slurmOptions, slurmRequested } from "./slurm-options.js";

export function jobsOption(cmd: Command, what: string): Command {
  return cmd.option("--jobs <N>", `${what} at a time (default: the cores, here ${defaultJobs()}); the results are the same for every N`, positiveIntegerArg, defaultJobs());
}

export interface CheckGridFlags extends SlurmFlags {
  jobs: number;
  records?: string;
  shard?: string;
  summarizeOnly?: boolean;
}

/** --jobs, --records, --shard, --summarize-only and the Slurm options of a statistical check. */
export function checkGridOptions(cmd: Command, what: string): Command {
  return slurmOptions(
    jobsOption(cmd, `${what}, each on a worker thread,`)
      .option("--records <DIR>", `keep one JSON record per ${what.replace(/s$/, "")} in DIR/records (resumable: a task with an up-to-date record is not run again); needed by --shard, --summarize-only and --slurm`)
      .option("--shard <i/n|auto>", "with --records: run tasks i, i+n, … only (1-based); the report is written once every task has a record; auto: from the Slurm array task or Kubernetes indexed job")
      .option("--summarize-only", "with --records: run nothing; write the report from the records (every task must have one)"),
  );
}

/** The grid settings, or null when --slurm wrote (and maybe submitted) the jobs instead. */
export function checkGridSettings(o: CheckGridFlags, cmd: Command, jobName: string): CheckGridSettings | null {
  if (o.slurm) {
    if (!o.records) throw new InputError("--slurm needs --records DIR (the array tasks' records meet there)");
    slurmRequested(o, cmd, o.records, jobName);
    return null;
  }
  if (o.submit) throw new InputError("--submit goes with --slurm");
  return {
    jobs: o.jobs,
    ...(o.records ? { records: o.records } : {}),
    ...(o.shard !== undefined ? { shard: parseShard(o.shard) } : {}),
    ...(o.summarizeOnly ? { summarizeOnly: true } : {}),
  };
}

/**
 * A check that is not complete yet (a shard ran, or records are missing): says so on stderr and sets the
 * exit code — 1 if a task failed here, 2 for --summarize-only with records missing, else 0 (a shard that
 * did its part).
 */
export function reportIncomplete(r: CheckGridResult<unknown>, s: CheckGridSettings): void {
  if (r.complete) return;
  for (const f of r.failed) process.stderr.write(`FAILED ${f.key}: ${f.reason}\n`);
  const head = `${r.total - r.missing.length} of ${r.total} tasks have a record in ${s.records}`;
  if (s.summarizeOnly) throw new InputError(`${head}; missing: ${r.missing.slice(0, 5).join(", ")}${r.missing.length > 5 ? ", …" : ""}: run the missing shards first`);
  const next = r.failed.length ? "run the same command again to retry the failed ones" : "run the other shards, then --summarize-only";
  process.stderr.write(`${head} (${r.ran} run here, ${r.skipped} done already); the report is written when every task has one (${next})\n`);
  process.exitCode = r.failed.length ? 1 : 0;
}
