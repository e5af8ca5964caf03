import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { activationChart, type Curves, type DelayModel, type ExperimentOptions, figureCsv, figureSvg, fmt, forkingCurves, type ForkingModelParams, forkingParams, formatForkingReport, gapHeatMapSvg, gapRows, gapTable, type LongMode, paperFigures, parseTopology, runExperimentsGrid, runForkingCheck, type RunResult, seriesFromRuns, simParams, simTasks, simulateRun, simulateTopologyRun, stepFunction } from "../lib/forking.js";
import { InputError } from "../lib/model.js";
import { fsErrorReason, readTextFile, writeTextAtomically } from "../solvers/atomic-file.js";
import { lineChartSvg } from "../verify/shared/chart.js";
import { csvRow } from "../verify/shared/csv.js";
import { type CheckGridFlags, checkGridOptions, checkGridSettings, reportIncomplete } from "./grid-options.js";
import { integerArg, nonNegativeIntegerArg, nonNegativeNumberArg, positiveIntegerArg, positiveNumberArg } from "./options.js";

/** Model options shared by every forking command (commander camel-cases the flags). */
interface ModelOptions {
  n: number;
  beta: number;
  ds: number;
  dl: number;
  delta: number;
  step: number;
  tMax?: number;
  apt: "literal" | "min";
  eq11: "corrected" | "literal";
  c: number;
  tauL?: number;
  blockInterval: number;
  attackers: number;
  epsilon: number;
  powerRatio: number;
}

interface SimOptions {
  long: LongMode;
  delay: DelayModel;
  runs: number;
  seed: number;
}

/** The model's constants, shared by every forking command. */
function constantOptions(cmd: Command): Command {
  return cmd
    .option("--ds <Δs>", "short-link delay (the time unit)", positiveNumberArg, 1)
    .option("--dl <Δl>", "long-link delay", positiveNumberArg, 1.5)
    .option("--step <δ>", "time grid step δ of I(t), fr, FR and θ (not scaled with Δ, [E15])", positiveNumberArg, 1)
    .addOption(new Option("--eq11 <form>", "eq. (11): corrected (layer 2 restored, [E12]) or literal").choices(["corrected", "literal"]).default("corrected"))
    .option("--c <c>", "the discount c of eq. (6)", nonNegativeNumberArg, 1)
    .option("--tau-l <τ>", "τ_l of eq. (1), used as given (default Δl·Δ)", positiveNumberArg)
    .option("--block-interval <B>", "the network finds a block every B time units: π_u = 1/(B·N)", positiveNumberArg, 600)
    .option("--attackers <e>", "attackers e of eq. (16)", nonNegativeIntegerArg, 20)
    .option("--epsilon <ε>", "attack success threshold ε of eq. (16)", positiveNumberArg, 0.1)
    .option("--power-ratio <γ/Λ>", "honest over attacker power per node", positiveNumberArg, 1);
}

/** One configuration: n, β, Δ, the grid's end and τ_l's reading, then the constants. */
function modelOptions(cmd: Command): Command {
  return constantOptions(
    cmd
      .option("--n <radius>", "diamond radius: the nodes within Manhattan distance n of the creator (N = 2n²+2n+1)", integerArg, 8)
      .option("--beta <β>", "long-link exponent: a pair at distance d is linked with probability d^−β", nonNegativeNumberArg, 1)
      .option("--delta <Δ>", "the paper's Δ: multiplies both delays (the paper runs 1 and 1.1)", positiveNumberArg, 1)
      .option("--t-max <t>", "end of the time grid (default 2n)", positiveNumberArg)
      .addOption(new Option("--apt <form>", "τ_l of eq. (1): literal as printed, or min(τ_l, τ_s) [E9]").choices(["literal", "min"]).default("literal")),
  );
}

function simOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--long <mode>", "long-link candidates: adjacent layers without the creator (the paper's footnote), or all pairs [E5]").choices(["adjacent", "all"]).default("adjacent"))
    .addOption(new Option("--delay <model>", "each transmission takes its link's delay, or an exponential draw with that mean").choices(["fixed", "exp"]).default("fixed"))
    .option("--runs <R>", "independent runs", positiveIntegerArg, 50)
    .option("--seed <seed>", "run r is seeded from (seed, r)", nonNegativeIntegerArg, 1);
}

function toModel(o: ModelOptions): ForkingModelParams {
  return forkingParams({
    n: o.n,
    beta: o.beta,
    ds: o.ds,
    dl: o.dl,
    scale: o.delta,
    delta: o.step,
    ...(o.tMax !== undefined ? { tMax: o.tMax } : {}),
    apt: o.apt,
    eq11: o.eq11,
    c: o.c,
    ...(o.tauL !== undefined ? { tauL: o.tauL } : {}),
    blockInterval: o.blockInterval,
    attackers: o.attackers,
    epsilon: o.epsilon,
    powerRatio: o.powerRatio,
  });
}


/** Curves as CSV: one row per grid t. */
function curvesCsv(cols: Record<string, Curves>): string {
  const names = Object.keys(cols);
  const first = cols[names[0]];
  const head = ["t", ...names.flatMap((n) => ["I", "fr", "FR", "theta"].map((q) => (names.length > 1 ? `${n}_${q}` : q)))];
  const rows = first.t.map((t, i) => [String(t), ...names.flatMap((n) => [cols[n].I[i], cols[n].fr[i], cols[n].FR[i], cols[n].theta[i]].map((v) => (v === null ? "" : String(v))))].join(","));
  return [head.join(","), ...rows].join("\n") + "\n";
}

function curveTable(label: string, c: Curves): string {
  const lines = [`t      ${label.padEnd(10)} fr          FR          θ`];
  c.t.forEach((t, i) => lines.push(`${fmt(t).padEnd(6)} ${fmt(c.I[i]).padEnd(10)} ${fmt(c.fr[i]).padEnd(11)} ${fmt(c.FR[i]).padEnd(11)} ${c.theta[i] === null ? "unbounded" : fmt(c.theta[i]!)}`));
  return lines.join("\n");
}

function theoryCommand(): Command {
  return modelOptions(new Command("theory").description("the paper's closed-form model: T(j), I(t), fr, FR, θ and Decker–Wattenhofer's P_fork"))
    .option("--json", "print the result as JSON")
    .option("--csv <file>", "write the curves (t, I, fr, FR, θ) as CSV")
    .option("--svg <file>", "draw I(t) (Vega-Lite, standalone SVG)")
    .addHelpText("after", ["", "Examples:", "  byzopt forking theory --n 8 --beta 1 --apt min", "  byzopt forking theory --n 16 --beta 10 --delta 1.1 --json", ""].join("\n"))
    .action(async (o: ModelOptions & { json?: boolean; csv?: string; svg?: string }) => {
      const p = toModel(o);
      const c = forkingCurves(p);
      const curves: Curves = { t: c.t, I: c.I, fr: c.fr, FR: c.FR, theta: c.theta };
      if (o.csv) writeTextAtomically(o.csv, curvesCsv({ theory: curves }));
      if (o.svg) writeTextAtomically(o.svg, await lineChartSvg(activationChart(`I(t), model: n=${p.n} β=${p.beta} Δ=${p.scale} --apt ${p.apt}`, curves, null)));
      if (o.json) {
        process.stdout.write(JSON.stringify({ params: p, ...c }, null, 2) + "\n");
        return;
      }
      process.stdout.write(`T(j), j = 0..${c.T.length - 1}: ${c.T.map(fmt).join(", ")}\n${curveTable("I", curves)}\nFR(t_max) = ${fmt(c.FRmax)}, P_DW = ${fmt(c.pDW)} (Decker–Wattenhofer)\n`);
    });
}

interface SimulateOptions extends ModelOptions, SimOptions {
  json?: boolean;
  csv?: string;
  svg?: string;
  topology?: string;
  creator?: string;
  run?: number;
  events?: string;
  coupled?: boolean;
}

function runJson(r: RunResult, names?: string[]): object {
  const label = (v: number): string | number => (names ? names[v] : v);
  const events = Array.from(r.propagation.order.subarray(0, r.informed)).map((v) => ({
    t: r.time[v],
    node: label(v),
    from: r.propagation.from[v] < 0 ? null : label(r.propagation.from[v]),
    link: ["short", "long", "link"][r.propagation.via[v]] ?? null,
  }));
  return { run: r.run, shortLinks: r.shortLinks, longLinks: r.longLinks, meanExpansivity: r.meanExpansivity, informed: r.informed, nodes: r.nodes, layerFirst: r.layerFirst, curve: r.curve, steps: stepFunction(r.time), uninformedIntegral: r.uninformedIntegral, events };
}

function simulateCommand(): Command {
  return simOptions(modelOptions(new Command("simulate").description("seeded event-driven propagation on the lattice (or a network of yours), beside the model")))
    .option("--topology <file>", "simulate on this network instead: one link per line, \"u v delay\"")
    .option("--creator <node>", "with --topology: the node that finds the block (default: the first node of the file)")
    .option("--coupled", "draw one uniform per candidate pair in id order, so that the same seed gives nested graphs for every β (slower: every pair)")
    .option("--run <r>", "simulate run r alone (replays it: run r is seeded from (seed, r))", nonNegativeIntegerArg)
    .option("--events <file>", "write every run's events {t, node, from, link} and arrival times as JSON")
    .option("--json", "print the result as JSON")
    .option("--csv <file>", "write the mean curves (t, I, fr, FR, θ) as CSV")
    .option("--svg <file>", "draw I(t): the simulated mean and the model")
    .addHelpText(
      "after",
      ["", "Examples:", "  byzopt forking simulate --n 16 --beta 1 --runs 50 --seed 7", "  byzopt forking simulate --n 8 --long all --delay exp --svg fig.svg", "  byzopt forking simulate --topology net.txt --creator a --runs 20", ""].join("\n"),
    )
    .action(async (o: SimulateOptions) => {
      const model = toModel(o);
      const first = o.run ?? 0;
      const count = o.run !== undefined ? 1 : o.runs;
      const progress = process.stderr.isTTY && count > 1;
      const runs: RunResult[] = [];
      let names: string[] | undefined;
      if (o.topology) {
        const topo = parseTopology(readTextFile(o.topology), o.topology);
        names = topo.names;
        const creator = o.creator === undefined ? 0 : topo.names.indexOf(o.creator);
        if (creator < 0) throw new InputError(`--creator ${o.creator} is not a node of ${o.topology}`);
        for (let r = first; r < first + count; r++) {
          runs.push(simulateTopologyRun(topo, creator, { scale: model.scale, delay: o.delay, delta: model.delta, tMax: o.tMax ?? model.tMax! }, o.seed, r));
          if (progress) process.stderr.write(`\rrun ${r - first + 1}/${count}`);
        }
      } else {
        if (o.creator !== undefined) throw new InputError("--creator needs --topology");
        const params = { ...simParams(model, o.long, o.delay), coupled: o.coupled === true };
        for (let r = first; r < first + count; r++) {
          runs.push(simulateRun(params, o.seed, r));
          if (progress) process.stderr.write(`\rrun ${r - first + 1}/${count}`);
        }
      }
      if (progress) process.stderr.write("\n");
      const series = seriesFromRuns(simParams(model, o.long, o.delay), model, o.seed, runs);
      const total = runs[0].nodes;
      const sim = series.mean;
      const theory = o.topology ? null : forkingCurves(model);
      const th: Curves | null = theory ? { t: theory.t, I: theory.I, fr: theory.fr, FR: theory.FR, theta: theory.theta } : null;
      if (o.events) writeTextAtomically(o.events, JSON.stringify({ format: "byzopt-forking-events/1", seed: o.seed, runs: runs.map((r) => runJson(r, names)) }) + "\n");
      if (o.csv) writeTextAtomically(o.csv, curvesCsv(th ? { simulation: sim, theory: th } : { simulation: sim }));
      if (o.svg) writeTextAtomically(o.svg, await lineChartSvg(activationChart(o.topology ? `I(t) on ${o.topology}: mean of ${runs.length} runs` : `I(t): n=${model.n} β=${model.beta} Δ=${model.scale}, mean of ${runs.length} runs (--long ${o.long}, --delay ${o.delay}) and the model (--apt ${model.apt})`, th, sim)));
      const summary = {
        nodes: total,
        runs: runs.length,
        firstRun: first,
        seed: o.seed,
        meanShortLinks: series.meanShortLinks,
        meanLongLinks: series.meanLongLinks,
        meanExpansivity: mean(runs.map((r) => r.meanExpansivity)),
        meanLayerFirst: o.topology ? null : series.layerFirst,
        modelT: theory?.T ?? null,
        pDW: runs.reduce((acc, r) => acc - Math.expm1(-r.uninformedIntegral / model.blockInterval), 0) / runs.length,
        grid: series.mean.t,
        simulated: sim,
        theory: th,
      };
      if (o.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      const lines = [
        `${total} nodes, ${runs.length} run(s) from seed ${o.seed}; mean links: ${fmt(series.meanShortLinks)} ${o.topology ? "" : `short, ${fmt(series.meanLongLinks)} long`}`,
        ...(o.topology ? [] : [`T_sim(j), mean: ${series.layerFirst.map(fmt).join(", ")}   model T(j): ${theory!.T.map(fmt).join(", ")}`]),
        "simulated mean:",
        curveTable("I_sim", sim),
        `P_DW (exact, mean over runs) = ${fmt(summary.pDW)}`,
      ];
      process.stdout.write(lines.join("\n") + "\n");
    });
}

function mean(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
}

interface GridOptions extends Omit<ModelOptions, "n" | "beta" | "delta">, SimOptions {
  jobs?: number;
}

function experimentOptions(o: GridOptions, longModes: LongMode[]): ExperimentOptions {
  const progress = process.stderr.isTTY;
  return {
    runs: o.runs,
    seed: o.seed,
    delay: o.delay,
    longModes,
    base: { ds: o.ds, dl: o.dl, delta: o.step, c: o.c, eq11: o.eq11, blockInterval: o.blockInterval, attackers: o.attackers, epsilon: o.epsilon, powerRatio: o.powerRatio, ...(o.tauL !== undefined ? { tauL: o.tauL } : {}) },
    ...(progress ? { onProgress: (d: number, t: number, label: string) => process.stderr.write(`\r${d}/${t} ${label}`.padEnd(60) + (d === t ? "\n" : "")) } : {}),
  };
}

/** The grid commands run the paper's N, β and Δ; the model's constants still apply. */
function gridOptions(cmd: Command): Command {
  return checkGridOptions(constantOptions(simOptions(cmd)), "simulated configurations");
}

function checkCommand(): Command {
  return gridOptions(new Command("check").description("every check of the spec: structure, simulator, coupled runs, Decker–Wattenhofer, and the paper's claims (held / contradicted / not comparable)"))
    .addOption(new Option("--long-modes <modes>", "long-link modes to run").choices(["both", "adjacent", "all"]).default("both"))
    .option("--link-seeds <k>", "seeds for the mean long-link counts", positiveIntegerArg, 200)
    .option("--dijkstra-runs <k>", "runs per configuration compared with Dijkstra", nonNegativeIntegerArg, 3)
    .option("--coupled-runs <k>", "coupled runs per n and long-link mode", positiveIntegerArg, 50)
    .option("--mc-trials <k>", "Monte Carlo trials per configuration for the Decker–Wattenhofer fork frequency", positiveIntegerArg, 10000)
    .option("--verbose", "list every shape check, not only the failed ones")
    .option("--json", "print the report as JSON")
    .option("--out <file>", "also write the report (Markdown, or JSON if the name ends in .json)")
    .option("--csv <file>", "write every check as CSV: section, name, verdict, detail")
    .option("--svg <file>", "draw the theory-vs-simulation area gap of every configuration as a heat map")
    .addHelpText(
      "after",
      [
        "",
        "Runs N ∈ {145, 545} × β ∈ {1, 10} × Δ ∈ {1, 1.1}, theory (--apt literal and min) and simulation.",
        "Exit code 1 if an internal check fails (a bug of byzopt); a contradicted paper claim is a finding, exit 0.",
        "",
        "Examples:",
        "  byzopt forking check --runs 50 --seed 1",
        "  byzopt forking check --delay exp --long-modes adjacent --json",
        "",
      ].join("\n"),
    )
    .action(async (o: GridOptions & CheckGridFlags & { longModes: string; linkSeeds: number; dijkstraRuns: number; coupledRuns: number; mcTrials: number; verbose?: boolean; json?: boolean; out?: string; csv?: string; svg?: string }, cmd: Command) => {
      const longModes: LongMode[] = o.longModes === "both" ? ["adjacent", "all"] : [o.longModes as LongMode];
      const checkOptions = { ...experimentOptions(o, longModes), linkSeeds: o.linkSeeds, dijkstraRuns: o.dijkstraRuns, coupledRuns: o.coupledRuns, mcTrials: o.mcTrials };
      simTasks(checkOptions); // bad constants fail here, before --slurm writes jobs that would fail
      const settings = checkGridSettings(o, cmd, "byzopt-forking-check");
      if (!settings) return;
      const { experiments, grid } = await runExperimentsGrid(checkOptions, settings, "forking-check");
      if (!experiments) return reportIncomplete(grid, settings);
      const report = runForkingCheck(checkOptions, experiments);
      const text = o.json ? JSON.stringify(report, null, 2) + "\n" : formatForkingReport(report, o.verbose);
      if (o.out) writeTextAtomically(o.out, o.out.endsWith(".json") ? JSON.stringify(report, null, 2) + "\n" : formatForkingReport(report, true));
      if (o.csv) writeTextAtomically(o.csv, checksCsv(report.items));
      if (o.svg) writeTextAtomically(o.svg, await gapHeatMapSvg(report.gaps, longModes[0]));
      process.stdout.write(text);
      if (!report.consistent) process.exitCode = 1;
    });
}

function checksCsv(items: readonly { section: string; name: string; verdict: string; detail: string }[]): string {
  return ["section,name,verdict,detail", ...items.map((i) => csvRow([i.section, i.name, i.verdict, i.detail]))].join("\n") + "\n";
}

function figuresCommand(): Command {
  return gridOptions(new Command("figures").description("redraw the paper's Figs. 4–10, theory and simulation together, as SVG with their data as CSV"))
    .requiredOption("--out <dir>", "directory for fig4.svg … fig10.svg, figN.csv, gaps-*.svg and gaps.md")
    .addOption(new Option("--apt <form>", "τ_l of the theory curves in Figs. 5–10 (Fig. 4 shows both)").choices(["literal", "min"]).default("literal"))
    .option("--json", "print the list of files and the gap table as JSON")
    .addHelpText("after", ["", "Examples:", "  byzopt forking figures --out docs/forking", "  byzopt forking figures --out figs --apt min --long all --runs 200", ""].join("\n"))
    .action(async (o: GridOptions & CheckGridFlags & { out: string; apt: "literal" | "min"; json?: boolean }, cmd: Command) => {
      const options = experimentOptions(o, [o.long]);
      simTasks(options);
      const settings = checkGridSettings(o, cmd, "byzopt-forking-figures");
      if (!settings) return;
      const { experiments: e, grid } = await runExperimentsGrid(options, settings, "forking-figures");
      if (!e) return reportIncomplete(grid, settings);
      try {
        mkdirSync(o.out, { recursive: true });
      } catch (err) {
        throw new InputError(`cannot create ${o.out}: ${fsErrorReason(err)}`);
      }
      const files: string[] = [];
      for (const f of paperFigures(e, o.apt, o.long)) {
        writeTextAtomically(join(o.out, `${f.name}.svg`), await figureSvg(f));
        writeTextAtomically(join(o.out, `${f.name}.csv`), figureCsv(f));
        files.push(`${f.name}.svg`, `${f.name}.csv`);
      }
      const gaps = gapRows(e);
      writeTextAtomically(join(o.out, `gaps-${o.long}.svg`), await gapHeatMapSvg(gaps, o.long));
      writeTextAtomically(join(o.out, "gaps.md"), gapTable(gaps) + "\n");
      files.push(`gaps-${o.long}.svg`, "gaps.md");
      if (o.json) process.stdout.write(JSON.stringify({ out: o.out, files, gaps }, null, 2) + "\n");
      else process.stdout.write(`wrote ${files.length} files to ${o.out}: ${files.join(", ")}\n`);
    });
}

export function forkingCommand(): Command {
  return new Command("forking")
    .description("forking on a spatial overlay (Wang et al.): the closed-form model, a propagation simulator, the paper's claims checked")
    .addCommand(theoryCommand())
    .addCommand(simulateCommand())
    .addCommand(checkCommand())
    .addCommand(figuresCommand());
}

