import { Command, Option } from "commander";
import { bestStart, buildDbftModel, type DbftParams, describeObjective, describeVariant, formatTimeline, horizonWarmStart, instanceName, keepStart, POLISH_SHARE, polishByViews, type PolishReport, renderExecutionHtml, renderExecutionSvg, saveSolution, startFromFile, type Trace, traceCounts, traceFromMilp, traceObjective, WARM_START_SHARE, warmStartPoint, type WarmStartReport, writeDbftInstance } from "../lib/dbft.js";
import { familyStats, FILE_FORMATS, formatOfPath, InputError, modelStats, parseFileFormat } from "../lib/model.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { SOLVER_NAMES, type SolveResult, solverNamed } from "../lib/solvers.js";
import { dbftParamsFromOptions, DBFT_OPTION_HELP, type DbftModelOptions, horizonArg, integerArg, integerListArg, NODE_LIMIT_HELP, nonNegativeIntegerArg, nonNegativeNumberArg, numberListArg, positiveNumberArg } from "./options.js";
import { resultLine, solutionCheck, solveWithProgress } from "./solve-output.js";

function addModelOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--n <N>", DBFT_OPTION_HELP.n, integerArg)
    .requiredOption("--tmax <T>", DBFT_OPTION_HELP.tmax, integerArg)
    .option("--objective <preset>", DBFT_OPTION_HELP.objective)
    .option("--weights <w1,w2,w3>", DBFT_OPTION_HELP.weights, numberListArg)
    .option("--direction <min|max>", DBFT_OPTION_HELP.direction)
    .option("--deliver <list>", DBFT_OPTION_HELP.deliver, integerListArg)
    .option("--strengthen [families]", DBFT_OPTION_HELP.strengthen)
    .option("--rotation <neo[:H]>", DBFT_OPTION_HELP.rotation);
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

function statsCommand(): Command {
  return addModelOptions(new Command("stats"))
    .description("count variables, constraints and non-zeros of the dBFT 2.0 MILP, as the paper's Table 1 does (no file is written)")
    .option("--json", "print exactly {vars, binaries, integers, constraints, equalities, inequalities, nonzeros}")
    .option("--families", "also list rows and non-zeros per constraint family")
    .addHelpText("after", "\nExamples:\n  byzopt dbft stats --n 19 --tmax 25 --json\n  byzopt dbft stats --n 4 --tmax 5 --rotation neo --families\n")
    .action((o: DbftModelOptions & { json?: boolean; families?: boolean }) => {
      const p = dbftParamsFromOptions(o);
      const { model } = buildDbftModel(p);
      const stats = modelStats(model);
      if (o.json) {
        printJson(o.families ? { ...stats, families: familyStats(model) } : stats);
        return;
      }
      const lines = [
        `${instanceName(p)}  (${[describeObjective(p.objective), describeVariant(p)].filter(Boolean).join("; ")})`,
        `variables    ${stats.vars}  (${stats.binaries} binary, ${stats.integers} integer)`,
        `constraints  ${stats.constraints}  (${stats.equalities} =, ${stats.inequalities} <= or >=)`,
        `non-zeros    ${stats.nonzeros}`,
      ];
      if (o.families) {
        lines.push("", "family                                     sense    rows  non-zeros");
        for (const f of familyStats(model)) lines.push(`${f.name.padEnd(42)} ${f.sense.padEnd(4)} ${String(f.rows).padStart(7)} ${String(f.nonzeros).padStart(10)}`);
      }
      process.stdout.write(lines.join("\n") + "\n");
    });
}

function generateCommand(): Command {
  return addModelOptions(new Command("generate"))
    .description("write the dBFT 2.0 MILP as a CPLEX LP or free MPS file that HiGHS, CBC and glpsol read")
    .requiredOption("--out <FILE>", "file to write; it appears only once complete")
    .addOption(new Option("--format <lp|mps>", "file format (default: from the --out extension, else lp)").choices(FILE_FORMATS))
    .option("--json", "print what was written as JSON")
    .addHelpText(
      "after",
      [
        "",
        "MPS has no portable objective sense: a max model is written as the minimisation of its",
        "negation (a comment line says so), so solvers report -1400 where the LP file gives 1400.",
        "",
        "Examples:",
        "  byzopt dbft generate --n 4 --tmax 5 --objective P3 --out dbft-2-4-5.lp",
        "  byzopt dbft generate --n 7 --tmax 10 --weights 1000,-100,-1 --direction min --deliver 3,4 --out m.mps",
        "  byzopt dbft generate --n 4 --tmax 5 --rotation neo:2 --out neo.lp   # adds rows primaryRotation(i,v)",
        "",
      ].join("\n"),
    )
    .action((o: DbftModelOptions & { out: string; format?: string; json?: boolean }) => {
      const p = dbftParamsFromOptions(o);
      const format = o.format ? parseFileFormat(o.format) : (formatOfPath(o.out) ?? "lp");
      const written = writeDbftInstance(p, o.out, format);
      if (o.json) printJson({ path: written.path, format, bytes: written.bytes, ...written.stats });
      else process.stdout.write(`wrote ${written.path} (${format}, ${written.bytes} bytes): ${written.stats.vars} variables, ${written.stats.constraints} constraints, ${written.stats.nonzeros} non-zeros\n`);
    });
}

/** What `dbft solve --json` prints; `blocks` and `views` are null without a solution. */
export function solveSummary(p: DbftParams, r: SolveResult, e: Trace | null, check: ReturnType<typeof solutionCheck>) {
  const counts = e ? traceCounts(e) : null;
  return {
    instance: instanceName(p),
    n: p.n,
    tmax: p.tmax,
    objectiveSpec: p.objective,
    deliver: p.deliver,
    strengthen: p.strengthen,
    rotation: p.rotation,
    solver: r.solver,
    status: r.status,
    objective: r.objective,
    bound: r.bound,
    gap: r.gap,
    seconds: Number(r.seconds.toFixed(3)),
    nodes: r.nodes,
    blocks: counts ? counts.blocks : null,
    views: counts ? counts.rounds : null,
    primaries: e ? e.views.filter((v) => v.primary !== null).map((v) => ({ view: v.view, node: v.primary })) : null,
    check,
    ...(r.message ? { message: r.message } : {}),
  };
}

/** The heading and verdict lines of a solve, as printed and as put at the top of the HTML page. */
function summaryLines(p: DbftParams, r: SolveResult, e: Trace | null, check: ReturnType<typeof solutionCheck>): string[] {
  const lines = [[instanceName(p), describeObjective(p.objective), describeVariant(p)].filter(Boolean).join("  "), resultLine(r)];
  if (check && !check.feasible) lines.push(`warning: the solver's values break the model (row violation ${check.rowViolation}, integrality ${check.integralityViolation}, worst row ${check.worstRow})`);
  if (e && r.objective !== null) {
    const recomputed = traceObjective(e, p.objective);
    if (Math.abs(recomputed - r.objective) > 1e-6 * Math.max(1, Math.abs(recomputed))) lines.push(`warning: the objective recomputed from the decoded execution is ${recomputed}, not ${r.objective}`);
  }
  return lines;
}

/** "started from dbft-2-10-5 (optimal 2000, 77.4 s): start 2000" or why there was no start. */
function warmStartLine(w: WarmStartReport): string {
  const num = (x: number | null) => (x === null ? "none" : String(Number(x.toFixed(6))));
  const from = `${w.from} (${w.status} ${num(w.value)}, ${w.seconds.toFixed(1)} s)`;
  return w.used ? `started from ${from}: start ${num(w.startValue)}` : `no start from ${from}: ${w.note ?? "unused"}`;
}

/** Seconds --polish may spend when no --time-limit is given. */
const POLISH_DEFAULT_SECONDS = 60;

/** "polished 1600 -> 2600 in 23.0 s: 1 of 17 windows improved it (view 16)". */
function polishLine(r: PolishReport): string {
  const which = r.improvements.map((w) => (w.first === w.last ? `view ${w.first}` : `views ${w.first}-${w.last}`)).join(", ");
  return `polished ${r.from} -> ${r.value} in ${r.seconds.toFixed(1)} s: ${r.improvements.length} of ${r.windows} windows improved it${which ? ` (${which})` : ""}`;
}

function solveCommand(): Command {
  return addModelOptions(new Command("solve"))
    .description("solve the dBFT 2.0 MILP and show the attack the solver found, step by step")
    .addOption(new Option("--solver <name>", "backend: highs (WebAssembly), glpk (glpk.js), jslp (javascript-lp-solver, small models only), cbc or glpsol (native programs on PATH)").choices(SOLVER_NAMES).default("highs"))
    .option("--time-limit <seconds>", "stop after this many seconds and report incumbent, bound and gap", positiveNumberArg)
    .option("--node-limit <nodes>", `${NODE_LIMIT_HELP}; each solve (warm start, polishing window, the run) gets it`, nonNegativeIntegerArg)
    .option("--gap <rel>", "accept a solution within this relative gap (default: the solver's own, 1e-4 for HiGHS and CBC, 0 for GLPK)", nonNegativeNumberArg)
    .addOption(
      new Option("--warm-start [tmax]", `solve the same objective at tmax steps per view first (default 5; with --time-limit, up to ${WARM_START_SHARE * 100}% of it), extend that solution with idle steps and start from it (highs, cbc); the seconds include that solve`)
        .preset("5")
        .argParser(horizonArg),
    )
    .option("--start <FILE>", "start from a saved solution (a sweep's <run>.sol.gz, or --save-solution's): same N, any objective, a horizon up to --tmax (extended with idle steps); checked against every row first (highs, cbc)")
    .option("--polish", `improve the start (--warm-start or --start) first by sub-MIPs that free a window of views and fix the others to it (passes over the windows while one improves it), with ${POLISH_SHARE * 100}% of --time-limit (else ${POLISH_DEFAULT_SECONDS} s)`)
    .option("--json", "print the result as JSON instead of text")
    .option("--save-solution <FILE>", "save the solution (byzopt.solution/1: one 'name value' line per non-zero column; gzipped if FILE ends in .gz), for --start")
    .option("--trace <FILE>", "save the attack as a trace (JSON, byzopt.trace/1) for `byzopt verify trace`")
    .option("--svg <FILE>", "draw the execution: time left to right, views side by side, an arrow per received message")
    .option("--html <FILE>", "one self-contained page with the picture, the result and the timeline")
    .addHelpText(
      "after",
      [
        "",
        "The result is 'optimal' only when the solver proved it, or when a bound the solver proved meets",
        "its incumbent at --time-limit or the checked start (--warm-start, --start; the solver is then",
        "stopped; the message says which). Otherwise a run cut by --time-limit reports 'time_limit' with the best",
        "solution found (incumbent), the proven bound and the gap; one cut by --node-limit reports 'node_limit'",
        "the same way, and gives the same answer on any machine.",
        "Every solution is checked against the model by byzopt itself (JSON: check).",
        "Ctrl-C stops the solver and reports what it had ('interrupted'). Exit code 1 if the solver failed.",
        "",
        "Examples:",
        "  byzopt dbft solve --n 4 --tmax 5 --objective P1 --svg attack.svg",
        "  byzopt dbft solve --n 4 --tmax 10 --objective P3 --deliver 3,4 --time-limit 60 --json",
        "  byzopt dbft solve --n 4 --tmax 5 --objective P2 --solver cbc --html attack.html",
        "  byzopt dbft solve --n 4 --tmax 5 --objective P1 --rotation neo:1   # Neo's primaries at height 1: 2, 1, 4, 3",
        "  byzopt dbft solve --n 4 --tmax 10 --objective P1 --node-limit 200 --json",
        "  byzopt dbft solve --n 10 --tmax 15 --objective P1 --strengthen --warm-start --time-limit 600",
        "  byzopt dbft solve --n 16 --tmax 5 --objective P4 --strengthen --time-limit 600 \\",
        "      --start sweep/dbft-2-16-5-P7-strengthened-auto.sol.gz",
        "",
      ].join("\n"),
    )
    .action(async (o: DbftModelOptions & { solver: string; timeLimit?: number; nodeLimit?: number; gap?: number; warmStart?: number; start?: string; polish?: boolean; json?: boolean; saveSolution?: string; trace?: string; svg?: string; html?: string }) => {
      const p = dbftParamsFromOptions(o);
      const solver = solverNamed(o.solver);
      if (o.warmStart !== undefined && o.warmStart >= p.tmax) throw new InputError(`--warm-start ${o.warmStart} needs fewer steps per view than --tmax ${p.tmax}`);
      if (o.warmStart !== undefined && !solver.takesStart) throw new InputError(`--warm-start: ${solver.name} takes no MIP start; use highs or cbc`);
      if (o.start !== undefined && !solver.takesStart) throw new InputError(`--start: ${solver.name} takes no MIP start; use highs or cbc`);
      if (o.polish && o.start === undefined && o.warmStart === undefined) throw new InputError("--polish improves a start: give --warm-start or --start too");
      const { model } = buildDbftModel(p);
      const given = o.start === undefined ? null : { ...startFromFile(o.start, p, model), label: "--start file" };
      const label = `${instanceName(p)} ${p.objective.preset ?? ""}`.trim();
      const warm =
        o.warmStart === undefined
          ? null
          : await horizonWarmStart(p, model, o.warmStart, (short) => solveWithProgress(solver, short, `${label} warm start at tmax ${o.warmStart}`, { ...(o.timeLimit !== undefined ? { timeLimit: o.timeLimit * WARM_START_SHARE } : {}), nodeLimit: o.nodeLimit, relGap: o.gap }));
      const spent = warm?.report.seconds ?? 0;
      const timeLimit = o.timeLimit === undefined ? undefined : Math.max(1, o.timeLimit - spent);
      const chosen = bestStart(p.objective.direction, warmStartPoint(warm), given);
      const polishing = o.polish && chosen ? await polishByViews(p, model, chosen, o.timeLimit === undefined ? POLISH_DEFAULT_SECONDS : o.timeLimit * POLISH_SHARE, (sub, limit, s) => solveWithProgress(solver, sub, `${label} polish`, { timeLimit: limit, nodeLimit: o.nodeLimit, start: s })) : null;
      const start = polishing?.point ?? chosen;
      const polished = polishing?.report.seconds ?? 0;
      const solved = await solveWithProgress(solver, model, label, { timeLimit: timeLimit === undefined ? undefined : Math.max(1, timeLimit - polished), nodeLimit: o.nodeLimit, relGap: o.gap, ...(start ? { start: start.values } : {}) });
      const result = keepStart({ ...solved, seconds: solved.seconds + spent + polished }, start, o.gap);
      const check = solutionCheck(model, result);
      const decoded = result.values ? traceFromMilp(p, result.values) : null;
      const startReport = given && o.start !== undefined ? { file: o.start, value: given.value, used: chosen === given } : null;
      const summary = { ...solveSummary(p, result, decoded, check), ...(warm ? { warmStart: warm.report } : {}), ...(startReport ? { start: startReport } : {}), ...(polishing ? { polish: polishing.report } : {}) };
      // meta.height lets the protocol rules judge the primaries against this height alone.
      const execution = decoded ? { ...decoded, meta: { ...summary, ...(p.rotation ? { height: p.rotation.height } : {}) } } : null;
      const title = [instanceName(p), p.objective.preset ?? describeObjective(p.objective), describeVariant(p)].filter(Boolean).join(" ");
      if (result.values && o.saveSolution) saveSolution(o.saveSolution, model, result.values, { instance: instanceName(p), objective: p.objective.preset ?? describeObjective(p.objective), status: result.status, value: String(result.objective) });
      if (execution) {
        if (o.trace) writeTextAtomically(o.trace, JSON.stringify(execution, null, 2) + "\n");
        const svg = o.svg || o.html ? renderExecutionSvg(execution, { title }) : "";
        if (o.svg) writeTextAtomically(o.svg, svg);
        if (o.html) {
          const page = renderExecutionHtml({ title, summary: summaryLines(p, result, execution, check).join("\n"), svg, timeline: formatTimeline(execution) });
          writeTextAtomically(o.html, page);
        }
      }
      if (o.json) printJson(summary);
      else {
        const out = summaryLines(p, result, execution, check);
        if (polishing) out.splice(1, 0, polishLine(polishing.report));
        if (startReport) out.splice(1, 0, `${startReport.used ? "started from" : "not started from"} ${startReport.file}: start ${startReport.value}${startReport.used ? "" : " (the warm start was better)"}`);
        if (warm) out.splice(1, 0, warmStartLine(warm.report));
        if (execution) out.push("", formatTimeline(execution).trimEnd());
        process.stdout.write(out.join("\n") + "\n");
      }
      const unwritten = [o.saveSolution, o.trace, o.svg, o.html].filter((f): f is string => f !== undefined && !result.values);
      if (unwritten.length) process.stderr.write(`error: no solution (status ${result.status}), so nothing was written to ${unwritten.join(", ")}\n`);
      if (result.status === "error" || unwritten.length) process.exitCode = 1;
    });
}

export function dbftCommand(): Command {
  return new Command("dbft")
    .description("the dBFT 2.0 attack MILP of Coelho et al. (2020): sizes, files, solutions")
    .addCommand(statsCommand())
    .addCommand(generateCommand())
    .addCommand(solveCommand());
}
