import { existsSync, statSync } from "node:fs";
import { totalmem } from "node:os";
import { join } from "node:path";
import { Command, Option } from "commander";
import { type CutName, dbftParams, executeRun, finishedRecord, HIGHS_MAX_NONZEROS, mayStartFrom, parseInstanceList, parseObjectiveList, planSweep, POLISH_SHARE, startNote, SUMMARY_CSV, SUMMARY_MD, SUMMARY_SVG, summaryMarkdown, SWEEP_SOLVERS, sweepFigureSvg, type SweepRecord, sweepRecordStore, type SweepRun, type SweepSolver, type Variant, WARM_START_SHARE, writeSummary } from "../lib/dbft.js";
import { InputError } from "../lib/model.js";
import { defaultJobs, ensureDir, type GridRunResult, parseShard, runGrid, shardOf } from "../lib/grid.js";
import { type SlurmFlags, slurmOptions, slurmRequested } from "./slurm-options.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { solverNamed } from "../lib/solvers.js";
import { DBFT_OPTION_HELP, horizonArg, integerListArg, positiveIntegerArg, positiveNumberArg, strengthenList } from "./options.js";
import { formatGap, liveProgress } from "./progress.js";

interface SweepOptions extends SlurmFlags {
  instances: string;
  objectives: string;
  deliver?: number[];
  solver: SweepSolver;
  strengthen?: boolean | string;
  compare?: boolean;
  timeLimit: number;
  shard?: string;
  jobs: number;
  out: string;
  retryErrors?: boolean;
  warmStart?: number;
  reuseSolutions?: boolean;
  poolDir?: string[];
  polish?: boolean;
  summarizeOnly?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const SWEEP_GIB_PER_JOB = 2.5;

/** The cores, but no more runs than the memory holds at HiGHS's 2 GiB heap each (and the model). */
function sweepDefaultJobs(): number {
  return Math.max(1, Math.min(defaultJobs(), Math.floor(totalmem() / (SWEEP_GIB_PER_JOB * 2 ** 30))));
}

/** summary.svg, drawn once a sweep (or a merge) ends: after every run it would cost a second each. */
async function writeSummaryFigure(dir: string, records: readonly SweepRecord[]): Promise<void> {
  if (records.length) writeTextAtomically(join(dir, SUMMARY_SVG), await sweepFigureSvg(records));
}

const num = (x: number | null) => (x === null ? "-" : String(Number(x.toFixed(6))));

function line(r: SweepRecord): string {
  return `${r.status}  value ${num(r.value)}  bound ${num(r.bound)}  gap ${formatGap(r.gap)}  ${r.seconds.toFixed(1)} s (${r.solver}${startNote(r) ? `, ${startNote(r)}` : ""})`;
}

export function sweepCommand(): Command {
  return slurmOptions(
    new Command("sweep")
      .description("solve many dBFT 2.0 instances and objectives, one JSON result per run, with a summary table (Markdown and CSV); resumable and shardable")
      .requiredOption("--instances <list>", "paper (the twelve of Table 1), dbft-2-N-tmax names or N,tmax pairs, separated by spaces or ;")
      .option("--objectives <list>", "presets: P1..P7, P1,P3 or all", "P1..P7")
      .option("--deliver <list>", DBFT_OPTION_HELP.deliver, integerListArg)
      .addOption(new Option("--solver <name>", "backend; auto = HiGHS while the model fits its 2 GiB WebAssembly heap, else native CBC through an LP file; a run HiGHS fails (out of heap mid-search) is run again with CBC, and its record says so").choices(SWEEP_SOLVERS).default("auto"))
      .option("--strengthen [families]", `run the strengthened model instead of the paper's; ${DBFT_OPTION_HELP.strengthen}`)
      .option("--compare", "run both the paper's model and the strengthened one, side by side in the summary")
      .option("--time-limit <seconds>", "per run; a run cut short reports its incumbent, bound and gap", positiveNumberArg, 600)
      .addOption(
        new Option("--warm-start [tmax]", `start every run with a longer horizon from the same run at tmax steps per view (default 5): solved first with up to ${WARM_START_SHARE * 100}% of the time limit, extended with idle steps, checked against every row, then given to HiGHS or CBC as a MIP start; its seconds count in the run's`)
          .preset("5")
          .argParser(horizonArg),
      )
      .option("--reuse-solutions", "also start each run from the best solution other runs saved in --out (<run>.sol.gz): same N, delivery and variant, any objective, a horizon no longer; each is checked against every row of the run's model first. With --warm-start, a saved solution of the shorter run itself is used instead of solving it again")
      .option("--pool-dir <DIR...>", "with --reuse-solutions: also reuse the solutions saved in these directories (read only), e.g. a sweep of shorter horizons kept apart from this table")
      .option("--polish", `before the full solve, improve the start (warm or reused) by sub-MIPs that free a window of views and fix the others to it (the last view, the last two, three, then each pair of neighbours; again while a pass improves it), with up to ${POLISH_SHARE * 100}% of the time limit; models above ${HIGHS_MAX_NONZEROS / 1e6} M non-zeros are not polished`)
      .option("--jobs <N>", `runs at a time, each solve on its own thread or process (default: the cores, at most one per ${SWEEP_GIB_PER_JOB} GiB of memory, here ${sweepDefaultJobs()}: a HiGHS solve may take 2 GiB). A run that may start from others' solutions (--reuse-solutions, --warm-start) waits for the earlier ones it could use, so a proved record is the same for every N; a time-limited one depends on the machine's load`, positiveIntegerArg, sweepDefaultJobs())
      .option("--shard <i/n|auto>", "take runs i, i+n, i+2n, ... of the plan (1-based); auto: i and n of the Slurm array task (or Kubernetes indexed job) that started this process")
      .requiredOption("--out <DIR>", "directory for <run>.json, summary.md, summary.csv and summary.svg (the gap of every run as a heat map; created if missing)")
      .option("--retry-errors", "run again the runs whose saved result is an error")
      .option("--summarize-only", "solve nothing: rebuild summary.md and summary.csv from the results in --out (after merging shards)")
      .option("--dry-run", "list this shard's runs and whether each is already done, then stop")
      .option("--json", "print this invocation's results as JSON (done and skipped runs)")
      .addHelpText(
        "after",
        [
          "",
          "Each run writes <out>/dbft-2-N-tmax-P#[-dDELIVERY]-<reference|strengthened>-<solver>.json as soon as it",
          "ends, with its solution beside it (.sol.gz: 'name value' lines for the non-zero columns, gzipped),",
          "and summary.md/summary.csv are rewritten from every result in <out>. Runs that already have a",
          "result are skipped, so an interrupted sweep (Ctrl-C, a killed job) continues where it stopped.",
          "Shards write into the same directory or into separate ones (copy the JSON files together, then",
          "--summarize-only). Runs go smallest instance first; the plan is the same for every shard.",
          "",
          "A run is 'optimal' only when it is proved: by the solver, or by a bound the solver proved meeting",
          "its incumbent at the time limit or the checked start it was given (the solver is then stopped at",
          "once); the record's message and the table say which. Every solution is checked against the rows.",
          "",
          "--reuse-solutions lets runs help each other: an execution is an execution whatever the objective,",
          "so the best saved one (e.g. P7's 16 views of floods, scored as P4) is handed to the solver, and a",
          "solver's bound meeting it proves it. The record's 'pool' lists every candidate and its value.",
          "--polish then searches around that start, a window of views at a time: dbft-2-16-5 P1 goes from",
          "P7's 16 views (1600) to a block in the last view (2600, the bound) in 2 s.",
          "",
          "Examples:",
          "  byzopt sweep --instances paper --objectives P1..P7 --compare --time-limit 600 --out sweep-paper",
          "  byzopt sweep --instances 16,5 --strengthen --warm-start --reuse-solutions --polish --out sweep-paper",
          "  byzopt sweep --instances '4,5 4,10 7,5' --objectives P1,P3 --strengthen --time-limit 60 --out s",
          "  byzopt sweep --instances paper --compare --shard auto --out shared/sweep     (in a Slurm array job)",
          "",
        ].join("\n"),
      )
      .action(async (o: SweepOptions, cmd: Command) => {
        const instances = parseInstanceList(o.instances);
        const objectives = parseObjectiveList(o.objectives);
        const cuts = strengthenList(o.strengthen === undefined && o.compare ? true : o.strengthen);
        // Validates delivery and family names before anything is written.
        const strengthen: readonly CutName[] = dbftParams({ n: 4, tmax: 2, deliver: o.deliver, strengthen: cuts }).strengthen;
        const variants: Variant[] = o.compare ? ["reference", "strengthened"] : o.strengthen ? ["strengthened"] : ["reference"];
        const runs = planSweep({ instances, objectives, deliver: o.deliver ?? [], variants, strengthen, solver: o.solver, warmStart: o.warmStart ?? null, reuseSolutions: o.reuseSolutions ?? false, poolDirs: o.poolDir ?? [], polish: o.polish ?? false });
        if (slurmRequested(o, cmd, o.out, "byzopt-sweep")) return;
        const mine = o.shard ? shardOf(runs, parseShard(o.shard)) : runs;
        if (o.summarizeOnly) {
          const records = writeSummary(o.out);
          await writeSummaryFigure(o.out, records);
          process.stdout.write(`${summaryMarkdown(records)}wrote ${join(o.out, SUMMARY_MD)}, ${SUMMARY_CSV} and ${SUMMARY_SVG} from ${records.length} results\n`);
          return;
        }
        if (o.dryRun) {
          for (const run of mine) process.stdout.write(`${run.key}  ${finishedRecord(o.out, run, o.timeLimit, o.retryErrors ?? false) ? "done" : "to run"}\n`);
          return;
        }
        if (o.solver !== "auto") solverNamed(o.solver);
        if (o.poolDir && !o.reuseSolutions) throw new InputError("--pool-dir needs --reuse-solutions");
        for (const d of o.poolDir ?? []) if (!existsSync(d) || !statSync(d).isDirectory()) throw new InputError(`--pool-dir ${d}: no such directory`);
        ensureDir(o.out);
        const controller = new AbortController();
        const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
        process.on("SIGINT", onSigint);
        const head = (run: SweepRun) => `[${mine.indexOf(run) + 1}/${mine.length}] ${run.key}`;
        const notStarted = "not started: the sweep was interrupted";
        // Each run's end, for the later runs that may start from its solution (mayStartFrom).
        const ended = new Map(mine.map((run) => [run, signal()]));
        let grid: GridRunResult<SweepRun, SweepRecord>;
        try {
          grid = await runGrid<SweepRun, SweepRecord>({
            points: mine,
            store: sweepRecordStore(o.out, o.timeLimit, o.retryErrors ?? false),
            jobs: o.jobs,
            // Runs share this thread: each solve runs on its own worker thread (HiGHS) or process (CBC).
            here: async (run) => {
              const k = mine.indexOf(run);
              try {
                await Promise.all(mine.slice(0, k).flatMap((e) => (mayStartFrom(run, e) ? [ended.get(e)!.promise] : [])));
                if (controller.signal.aborted) throw new Error(notStarted);
                const progress = o.jobs === 1 ? liveProgress(head(run)) : null;
                try {
                  return await executeRun(run, o.out, o.timeLimit, { ...(progress ? { onProgress: progress.update } : {}), signal: controller.signal });
                } finally {
                  progress?.stop();
                }
              } finally {
                ended.get(run)!.resolve();
              }
            },
            onSkip: (run, saved) => {
              ended.get(run)!.resolve();
              process.stderr.write(`${head(run)}: already done, ${line(saved)}\n`);
            },
            onDone: (run, outcome) => {
              if (!outcome.ok) {
                if (outcome.reason !== notStarted) process.stderr.write(`${head(run)}: FAILED: ${outcome.reason}\n`);
                return;
              }
              process.stderr.write(`${head(run)}: ${line(outcome.record)}\n`);
              if (outcome.record.status !== "interrupted") writeSummary(o.out);
            },
          });
        } finally {
          process.off("SIGINT", onSigint);
        }
        if (controller.signal.aborted) {
          process.stderr.write("interrupted: the runs cut short are not saved; the same command continues the sweep\n");
          process.exitCode = 130;
        }
        const done = [...grid.skipped, ...grid.ran].sort((a, b) => mine.indexOf(a.point) - mine.indexOf(b.point)).map((x) => x.record).filter((r) => r.status !== "interrupted");
        const failed = grid.failed.filter((f) => f.reason !== notStarted);
        const records = writeSummary(o.out);
        await writeSummaryFigure(o.out, records);
        if ((failed.length || done.some((r) => r.status === "error")) && process.exitCode === undefined) process.exitCode = 1;
        if (o.json) process.stdout.write(JSON.stringify(done, null, 2) + "\n");
        else process.stdout.write(`${summaryMarkdown(records)}results in ${o.out} (${SUMMARY_MD}, ${SUMMARY_CSV}, ${SUMMARY_SVG})\n`);
      }),
  );
}
