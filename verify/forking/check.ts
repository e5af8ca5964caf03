import { match } from "ts-pattern";
import { type DwRow, deckerWattenhoferChecks, gapRows, type GapRow, modelClaimChecks, monteCarloForkChecks, paperFigureChecks, shapeItemsAll, simulatedClaimChecks } from "./check-claims.js";
import { type CheckItem, coupledChecks, determinismCheck, linkCountChecks, runChecks, structureChecks } from "./check-structure.js";
import { fmt } from "./claims.js";
import { type ExperimentOptions, type Experiments, modelParams, PAPER_NS, runExperiments, simParams } from "./experiments.js";

/** Options of {@link runForkingCheck}: the experiments' plus the sample sizes of the extra checks. */
export interface CheckOptions extends ExperimentOptions {
  /** Seeds for the mean long-link counts (spec: 200). */
  linkSeeds: number;
  /** Runs compared with Dijkstra per configuration. */
  dijkstraRuns: number;
  /** Coupled runs per n and long-link mode. */
  coupledRuns: number;
  /** Monte Carlo trials per configuration for the Decker–Wattenhofer fork frequency. */
  mcTrials: number;
}

/** The outcome of every check of spec forking.md §5–6, as JSON-ready data. */
export interface ForkingReport {
  /** Format tag of the JSON report. */
  readonly format: "byzopt-forking-check/1";
  /** The options the check ran with. */
  readonly options: {
    /** Simulated runs per configuration. */
    runs: number;
    /** Master seed. */
    seed: number;
    /** Delay model, "fixed" or "exp". */
    delay: string;
    /** Long-link modes simulated. */
    longModes: readonly string[];
    /** Seeds for the mean long-link counts. */
    linkSeeds: number;
    /** Runs compared with Dijkstra per configuration. */
    dijkstraRuns: number;
    /** Coupled runs per n and long-link mode. */
    coupledRuns: number;
    /** Monte Carlo trials per configuration for the Decker–Wattenhofer fork frequency. */
    mcTrials: number;
  };
  /** Every check with its verdict (held, contradicted, not comparable). */
  readonly items: CheckItem[];
  /** Theory against simulation per configuration (spec §5, "Theory vs simulation"). */
  readonly gaps: GapRow[];
  /** Decker–Wattenhofer P_DW beside FR(t_max) per configuration, modelled and simulated (spec §6). */
  readonly decker: DwRow[];
  /** Internal consistency (structure, simulation, coupled runs, Decker–Wattenhofer): must all hold. */
  readonly consistent: boolean;
}

const INTERNAL = new Set<CheckItem["section"]>(["structure", "simulation", "coupled", "decker-wattenhofer"]);

/**
 * Every check of spec §5 and §6: the internal ones (which must hold; a failure is a bug of byzopt) and
 * the paper's claims on the model and on simulation (which may be contradicted; that is a finding).
 */
export function runForkingCheck(o: CheckOptions, e: Experiments = runExperiments(o)): ForkingReport {
  const items: CheckItem[] = [...structureChecks(), ...linkCountChecks(o.linkSeeds, o.seed)];
  for (const s of e.sims) {
    const label = `n=${s.n} β=${s.beta} Δ=${s.scale} --long ${s.long}`;
    items.push(...runChecks(label, s.series.params, s.series.runs, o.dijkstraRuns, s.series.seed));
  }
  const first = e.sims[0].series.params;
  items.push(determinismCheck(first, o.seed));
  for (const n of PAPER_NS) {
    for (const long of o.longModes) {
      items.push(...coupledChecks(simParams(modelParams(o.base, { n, beta: 1, scale: 1 }, "literal"), long, o.delay), o.coupledRuns, o.seed));
    }
  }
  const dw = deckerWattenhoferChecks(e);
  items.push(...dw.items, ...monteCarloForkChecks(e, o.mcTrials), ...modelClaimChecks(e), ...simulatedClaimChecks(e), ...shapeItemsAll(e), ...paperFigureChecks(e));
  return {
    format: "byzopt-forking-check/1",
    options: { runs: o.runs, seed: o.seed, delay: o.delay, longModes: o.longModes, linkSeeds: o.linkSeeds, dijkstraRuns: o.dijkstraRuns, coupledRuns: o.coupledRuns, mcTrials: o.mcTrials },
    items,
    gaps: gapRows(e),
    decker: dw.rows,
    consistent: items.every((i) => !INTERNAL.has(i.section) || i.verdict !== "contradicted"),
  };
}

const mark = (v: CheckItem["verdict"]): string =>
  match(v)
    .with("held", () => "held        ")
    .with("contradicted", () => "CONTRADICTED")
    .with("not comparable", () => "not compar. ")
    .exhaustive();

/** The report as text: one line per check, grouped by section, then the gap table. */
export function formatForkingReport(r: ForkingReport, verbose = false): string {
  const out: string[] = [];
  let section = "";
  for (const i of r.items) {
    if (!verbose && i.section === "shapes" && i.verdict === "held") continue;
    if (i.section !== section) {
      section = i.section;
      out.push("", `## ${section}`);
    }
    out.push(`${mark(i.verdict)}  ${i.name}: ${i.detail}`);
  }
  const shapes = r.items.filter((i) => i.section === "shapes");
  if (!verbose) out.push("", `## shapes`, `${shapes.filter((i) => i.verdict === "held").length} of ${shapes.length} shape checks held (--verbose lists them)`);
  out.push("", "## theory vs simulation (mean of runs)", gapTable(r.gaps));
  out.push("", "## Decker–Wattenhofer beside FR (FR summed to saturation; simulated: mean over runs)", dwTable(r.decker));
  const tally = (v: CheckItem["verdict"]): number => r.items.filter((i) => i.verdict === v).length;
  out.push("", `${r.items.length} checks: ${tally("held")} held, ${tally("contradicted")} contradicted, ${tally("not comparable")} not comparable. Internal consistency: ${r.consistent ? "all held" : "FAILED (a bug)"}.`);
  out.push(`Runs per configuration: ${r.options.runs}, seed ${r.options.seed}, --delay ${r.options.delay}.`);
  return out.join("\n").trimStart() + "\n";
}

/** The Decker–Wattenhofer rows as a Markdown table: configuration, source, FR, P_DW and their difference. */
export function dwTable(rows: readonly DwRow[]): string {
  return ["| configuration | source | FR | P_DW | FR − P_DW |", "|---|---|---|---|---|", ...rows.map((d) => `| ${d.config} | ${d.source} | ${fmt(d.FR)} | ${fmt(d.pDW)} | ${fmt(d.FR - d.pDW)} |`)].join("\n");
}

/** The theory-vs-simulation rows as a Markdown table, one line per configuration and `apt`. */
export function gapTable(rows: readonly GapRow[]): string {
  const head = "| n | β | Δ | long | apt | max I gap | area gap Σ·δ/N | T(j) model | T_sim(j) | max fr gap | max FR gap | max θ gap | all informed: model / sim |";
  const lines = [head, "|" + head.split("|").slice(1, -1).map(() => "---").join("|") + "|"];
  for (const g of rows) {
    const ts = (xs: number[]): string => xs.map((x) => fmt(x)).join(", ");
    lines.push(
      `| ${g.n} | ${g.beta} | ${g.scale} | ${g.long} | ${g.apt} | ${fmt(g.maxAbsI)} | ${fmt(g.areaI)} | ${ts(g.Tmodel)} | ${ts(g.Tsim)} | ${fmt(g.maxAbsFr)} | ${fmt(g.maxAbsFR)} | ${g.maxAbsTheta === null ? "–" : fmt(g.maxAbsTheta)} | ${g.saturationModel ?? "–"} / ${g.saturationSim ?? "–"} |`,
    );
  }
  return lines.join("\n");
}
