import { join } from "node:path";
import { Command } from "commander";
import { InputError } from "../lib/model.js";
import { defaultJobs, ensureDir, parseShard, runGrid, shardOf } from "../lib/grid.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { type SlurmFlags, slurmOptions, slurmRequested } from "./slurm-options.js";
import { allViolations, GRID_DEFAULTS, gridExitCode, gridFigures, type GridPoint, type GridRecord, type GridSettings, parseFigures, parsePctList, planGrid, pointsCsv, pointStatuses, runPoint, summaryMarkdown, unlRecordStore } from "../lib/unl.js";
import { integerArg, positiveIntegerArg } from "./options.js";

/** The settings as commander hands them over: axes and figures still as text. */
type GridOptions = Omit<GridSettings, "figures" | "maliciousPcts" | "overlaps"> & SlurmFlags & {
  out: string;
  figure: string;
  maliciousPcts?: string;
  overlaps?: string;
  shard?: string;
  jobs: number;
  summarizeOnly?: boolean;
  json?: boolean;
};

export const SUMMARY_FILE = "summary.md";
export const POINTS_CSV = "points.csv";

function settingsOf(o: GridOptions): GridSettings {
  const { nodes, rpcaNodes, runs, seed, maxTime, ledgers, rpcaMaxTime } = o;
  return {
    figures: parseFigures(o.figure),
    nodes,
    rpcaNodes,
    runs,
    seed,
    maxTime,
    ledgers,
    rpcaMaxTime,
    ...(o.maliciousPcts !== undefined ? { maliciousPcts: parsePctList(o.maliciousPcts, "--malicious-pcts") } : {}),
    ...(o.overlaps !== undefined ? { overlaps: parsePctList(o.overlaps, "--overlaps") } : {}),
  };
}

/**
 * Runs this shard's points that have no up-to-date record, `jobs` at a time on worker threads (in this
 * thread when jobs = 1); one progress line per point on stderr, as it finishes. A point that fails (its
 * worker threw, crashed or ran out of memory) is listed with the reason and has no record; the rest go on.
 */
async function runPoints(out: string, mine: readonly GridPoint[], jobs: number): Promise<{ ran: string[]; skipped: string[]; failed: { name: string; reason: string }[] }> {
  const r = await runGrid<GridPoint, GridRecord>({
    points: mine,
    store: unlRecordStore(out),
    jobs,
    here: runPoint,
    worker: { module: new URL("../verify/unl/grid-point.js", import.meta.url).href, exportName: "runPoint" },
    onSkip: (point) => process.stderr.write(`${point.name}: done already, skipped\n`),
    onDone: (point, outcome, done, total, stale) => {
      const head = `[${done}/${total}] ${point.name}`;
      if (!outcome.ok) process.stderr.write(`${head}: FAILED after ${outcome.seconds.toFixed(1)} s: ${outcome.reason}\n`);
      else process.stderr.write(`${head}: ${point.params.runs} run${point.params.runs === 1 ? "" : "s"}${stale ? " (its old record had other params)" : ""}, ${outcome.seconds.toFixed(1)} s\n`);
    },
  });
  return { ran: r.ran.map((x) => x.point.name), skipped: r.skipped.map((x) => x.point.name), failed: r.failed.map((f) => ({ name: f.point.name, reason: f.reason })) };
}

export function gridCommand(): Command {
  const d = GRID_DEFAULTS;
  return slurmOptions(
    new Command("grid")
      .description("malicious % × UNL overlap: one JSON record per point (resumable, shardable), the spec's figures F1–F5 as SVG and summary.md with P1, P2 and P5")
      .requiredOption("--out <DIR>", "directory for records/<point>.json, F1.svg … F5.svg, summary.md and points.csv (created if missing)")
      .option("--figure <list>", "figures to run and draw: F1,F2,F3,F4,F5 or all", "all")
      .option("--nodes <N>", "schwartz nodes (F1, F2)", integerArg, d.nodes)
      .option("--rpca-nodes <N>", "rpca validators (F3, F4)", integerArg, d.rpcaNodes)
      .option("--runs <k>", "runs per point; run k is seeded runSeed(seed, k), the same at every point", integerArg, d.runs)
      .option("--seed <seed>", "base seed", integerArg, d.seed)
      .option("--malicious-pcts <list>", "malicious % axis of every figure: from:to:step ranges and/or values, e.g. 0:35:2.5 (the default) or 0,20,30")
      .option("--overlaps <list>", "overlap % axis of every figure (F1 keeps its random series), e.g. 10,40,70,90,99; defaults: F1 10,40,70,90,99; F2 10:90:10,95,99,100; F3 50,80,95; F4 10:90:10,95,100")
      .option("--max-time <ms>", "schwartz: a run without consensus by then is censored", integerArg, d.maxTime)
      .option("--ledgers <k>", "rpca: stop when an honest validator fully validates this seq", integerArg, d.ledgers)
      .option("--rpca-max-time <ms>", "rpca: or at this simulated time", integerArg, d.rpcaMaxTime)
      .option("--shard <i/n|auto>", "run points i, i+n, i+2n, … of the plan (1-based); the plan is the same for every shard; auto: i and n of the Slurm array task (or Kubernetes indexed job) that started this process")
      .option("--jobs <N>", `points at a time, each on its own worker thread (default: the cores, here ${defaultJobs()}); the records are the same for every N`, positiveIntegerArg, defaultJobs())
      .option("--summarize-only", "run nothing: draw the figures and summary.md from the records in --out (missing points are listed)")
      .option("--json", "print what this invocation did as JSON")
      .addHelpText(
        "after",
        [
          "",
          "Points: F1 schwartz, core UNLs at each overlap plus upstream's random UNLs; F2 schwartz core, malicious ×",
          "overlap; F3 rpca core, contrarian Byzantine (ids); F4 rpca clusters, equivocating Byzantine in the core,",
          "with Theorem 8, counting and csf per run; F5 the closed-form worst overlap (no simulation). F1 and F2",
          "share their points. A record whose params equal the plan's is skipped; one with other params is run again.",
          "",
          "Exit code 3 (after writing everything) when a record holds a P2 violation: a fork while Theorem 8 holds",
          "for every honest pair, or a same-seq fork the counting bound excludes. Bad input: exit 2, nothing written.",
          "",
          "Examples:",
          "  byzopt unl grid --out grid --figure F1,F2 --nodes 200 --runs 20",
          "  byzopt unl grid --out grid --shard auto      (in each task of a Slurm array), then: byzopt unl grid --out grid --summarize-only",
          "  byzopt unl grid --out small --nodes 40 --runs 2 --malicious-pcts 0,20,30 --overlaps 40,90 --figure F1",
          "",
        ].join("\n"),
      )
      .action(async (o: GridOptions, cmd: Command) => {
        const settings = settingsOf(o);
        const plan = planGrid(settings);
        if (slurmRequested(o, cmd, o.out, "byzopt-unl-grid")) return;
        const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
        if (o.summarizeOnly && shard) throw new InputError("--summarize-only reads every record: drop --shard");
        const mine = shard ? shardOf(plan, shard) : plan;
        ensureDir(o.out);
        const { ran, skipped, failed } = o.summarizeOnly ? { ran: [], skipped: [], failed: [] } : await runPoints(o.out, mine, o.jobs);
        const statuses = pointStatuses(o.out, plan);
        const figures = await gridFigures(settings.figures, statuses);
        for (const f of figures) writeTextAtomically(join(o.out, f.file), f.svg);
        const files = [...figures.map((f) => f.file), SUMMARY_FILE, POINTS_CSV];
        writeTextAtomically(join(o.out, SUMMARY_FILE), summaryMarkdown(settings, statuses, figures.map((f) => f.file)));
        writeTextAtomically(join(o.out, POINTS_CSV), pointsCsv(statuses));
        const missing = statuses.filter((s) => !s.record).map((s) => s.point.name);
        const violations = allViolations(statuses).length;
        if (o.json) {
          process.stdout.write(JSON.stringify({ out: o.out, points: plan.length, shardPoints: mine.length, ran, skipped, failed, missing, violations, files }, null, 2) + "\n");
        } else {
          process.stdout.write(
            `${plan.length} points (${o.summarizeOnly ? "summarized only" : `${ran.length} run, ${skipped.length} done already`}), ${missing.length} missing; wrote ${files.join(", ")} to ${o.out}\n` +
              (violations ? `P2: ${violations} violation(s), listed first in ${SUMMARY_FILE}\n` : "") +
              (failed.length ? `${failed.length} point(s) failed: ${failed.map((f) => f.name).join(", ")}\n` : ""),
          );
        }
        // A P2 violation (3) outranks a failed point (1): both leave the grid unfinished.
        process.exitCode = Math.max(gridExitCode(statuses), failed.length ? 1 : 0);
      }),
  );
}
