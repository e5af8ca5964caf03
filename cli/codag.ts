/**
 * `byzopt codag`: Blockcloud's compacted-DAG ledger. build and select live in codag-dag.ts; race compares
 * the catch-up formulas with the simulations; check runs spec codag.md §5.
 */
import { Command, Option } from "commander";
import { match } from "ts-pattern";
import { catchUpLevelRace, catchUpLundberg, checkGenerateOptions, checkModelB, fmt, formatCodagCheckMarkdown, judgeFrequency, lemma1, lemma1Barrier, lemma2Exact, lemma2Paper, modelB, runCodagCheckGrid, runSeed, separateChannelBound, simulateLemma2Race, simulateModelA, sureCatchUpThreshold, wilsonInterval } from "../lib/codag.js";
import { InputError } from "../lib/model.js";
import { writeTextAtomically, writeTextFilesAtomically } from "../solvers/atomic-file.js";
import { type CheckGridFlags, checkGridOptions, checkGridSettings, reportIncomplete } from "./grid-options.js";
import { lineChartSvg, type LinePoint } from "../verify/shared/chart.js";
import { csvRow } from "../verify/shared/csv.js";
import { codagDagCommands } from "./codag-dag.js";
import { integerArg, integerListArg, positiveNumberArg } from "./options.js";

type RaceModel = "A" | "lemma2" | "B";

interface RaceRow {
  z: number;
  lemma1: number;
  lemma2Paper: number;
  lemma2Exact: number;
  /** (q/p)^(K(z−1)+1) when m = K, else r^z. */
  analysis: number;
  /** The exact level race (model B only: it needs K and m). */
  levelRace: number | null;
  model: RaceModel;
  B?: number;
  /** The exact value of what was simulated. */
  reference: number;
  runs: number;
  hits: number;
  estimate: number;
  lo: number;
  hi: number;
  within4Sigma: boolean;
}

function zRange(value: string): number[] {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(value);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > b) throw new InputError(`--z ${value}: empty range`);
    return Array.from({ length: b - a + 1 }, (_, k) => a + k);
  }
  return integerListArg(value);
}

function raceCommand(): Command {
  return new Command("race")
    .description("catch-up probability against depth z: Lemma 1, Lemma 2 (paper and exact), the level race, and a simulation")
    .requiredOption("--q <q>", "adversary share of blocks, strictly between 0 and 1", positiveNumberArg)
    .option("--z <list>", "depths, e.g. 1..6 or 1,2,4", zRange, [1, 2, 3, 4, 5, 6])
    .option("--k <K>", "level width K of the honest DAG (Model B)", integerArg, 10)
    .option("--m <m>", "parents per block m (Model B; the private channel is m wide unless --wa)", integerArg, 2)
    .option("--wa <w>", "width of the adversary's private channel (default m)", integerArg)
    .addOption(new Option("--model <model>", "what to simulate: B (real DAGs by Generate), A (Lemma 1's ±1 walk) or lemma2 (per-level races then Model A)").choices(["A", "lemma2", "B"]).default("B"))
    .option("--runs <N>", "simulated races per depth", integerArg, 10_000)
    .option("--seed <S>", "seed; depth k uses runSeed(S, k)", integerArg, 1)
    .option("--csv <FILE>", "write the table as CSV")
    .option("--svg <FILE>", "draw catch-up probability against z: each formula a line, the simulation as points")
    .option("--json", "print the table as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Model B builds the honest DAG by Generate (K wide, m parents) and the adversary's private channel",
        "(w_a wide) forked z levels below a full honest level; it has caught up when its best tip's C reaches",
        "the honest navigator's. With m < K, C only measures height, and above q = m/(K + m) the adversary",
        "catches up for certain whatever z (Lemma 1 says (q/p)^z).",
        "",
        "Examples:",
        "  byzopt codag race --q 0.3 --k 10 --m 2 --z 1..6 --runs 10000 --svg race.svg",
        "  byzopt codag race --q 0.3 --k 10 --m 10 --z 1..3",
        "  byzopt codag race --q 0.3 --model lemma2 --z 2,5 --runs 100000 --json",
        "",
      ].join("\n"),
    )
    .action(async (o: { q: number; z: number[]; k: number; m: number; wa?: number; model: RaceModel; runs: number; seed: number; csv?: string; svg?: string; json?: boolean }) => {
      if (!(o.q > 0 && o.q < 1)) throw new InputError(`--q must lie strictly between 0 and 1 (got ${o.q})`);
      checkGenerateOptions({ K: o.k, m: o.m });
      if (o.z.some((z) => z < 1)) throw new InputError("--z: depths must be integers >= 1");
      if (!Number.isInteger(o.runs) || o.runs < 1) throw new InputError(`--runs must be a positive integer (got ${o.runs})`);
      if (o.model !== "B" && o.q >= 0.5) throw new InputError(`--model ${o.model} needs q < 1/2: the walk has no barrier that stands for infinity`);
      const wa = o.wa ?? o.m;
      // The level race is model B's exact value; solving it first also refuses a size it cannot solve
      // before minutes of simulation.
      const levelRaces = o.model === "B" ? o.z.map((z) => catchUpLevelRace(o.q, z, o.k, wa)) : null;
      if (o.model === "B") checkModelB({ q: o.q, z: 1, K: o.k, m: o.m, wa, runs: o.runs, seed: o.seed });
      const rows: RaceRow[] = o.z.map((z, k) => {
        const seed = runSeed(o.seed, k);
        const sim = match(o.model)
          .with("A", () => {
            const B = lemma1Barrier(o.q, z);
            return { B, hits: simulateModelA(o.q, z, B, seed, o.runs).hits, reference: lemma1(o.q, z) };
          })
          .with("lemma2", () => {
            const B = lemma1Barrier(o.q, z);
            return { B, hits: simulateLemma2Race(o.q, z, B, seed, o.runs).hits, reference: lemma2Exact(o.q, z) };
          })
          .with("B", () => ({ B: undefined, hits: modelB({ q: o.q, z, K: o.k, m: o.m, wa, runs: o.runs, seed }).caughtUp, reference: levelRaces![k]! }))
          .exhaustive();
        const w = wilsonInterval(sim.hits, o.runs);
        return {
          z,
          lemma1: lemma1(o.q, z),
          lemma2Paper: lemma2Paper(o.q, z),
          lemma2Exact: lemma2Exact(o.q, z),
          analysis: o.m === o.k && wa === o.m ? separateChannelBound(o.q, z, o.k) : catchUpLundberg(o.q, z, o.k, wa),
          levelRace: levelRaces ? levelRaces[k]! : null,
          model: o.model,
          ...(sim.B !== undefined ? { B: sim.B } : {}),
          reference: sim.reference,
          runs: o.runs,
          hits: sim.hits,
          estimate: sim.hits / o.runs,
          lo: w.lo,
          hi: w.hi,
          within4Sigma: judgeFrequency(sim.hits, o.runs, sim.reference).pass,
        };
      });
      const setting = `q = ${o.q}, K = ${o.k}, m = ${o.m}${wa !== o.m ? `, w_a = ${wa}` : ""}`;
      const files: { path: string; text: string }[] = [];
      if (o.csv) {
        const cols = ["z", "lemma1", "lemma2Paper", "lemma2Exact", "analysis", "levelRace", "model", "reference", "runs", "hits", "estimate", "lo", "hi", "within4Sigma"] as const;
        files.push({ path: o.csv, text: [csvRow([...cols]), ...rows.map((r) => csvRow(cols.map((c) => String(r[c] ?? ""))))].join("\n") + "\n" });
      }
      if (o.svg) files.push({ path: o.svg, text: await raceChart(rows, setting, o.model) });
      writeTextFilesAtomically(files);
      if (o.json) {
        process.stdout.write(JSON.stringify({ q: o.q, K: o.k, m: o.m, wa, model: o.model, seed: o.seed, threshold: sureCatchUpThreshold(wa, o.k), rows }, null, 2) + "\n");
        return;
      }
      const out = [`catch-up probability, ${setting}; threshold m/(K + m) = ${fmt(sureCatchUpThreshold(wa, o.k))}${o.model === "B" && o.q > sureCatchUpThreshold(wa, o.k) ? " < q: certain catch-up" : ""}`];
      out.push("  z    Lemma 1   Lemma 2   L2 exact   analysis  level race   simulated (95 %)                     vs exact");
      for (const r of rows) {
        const sim = `${fmt(r.estimate)} (${fmt(r.lo)}–${fmt(r.hi)}) ${r.hits}/${r.runs}`;
        out.push(`${String(r.z).padStart(3)}  ${[r.lemma1, r.lemma2Paper, r.lemma2Exact, r.analysis, r.levelRace].map((x) => (x === null ? "–" : fmt(x)).padStart(9)).join(" ")}   ${sim.padEnd(36)} ${r.within4Sigma ? "within 4σ" : "OUTSIDE 4σ"}`);
      }
      out.push(`simulated: model ${o.model}, compared with ${o.model === "A" ? "Lemma 1" : o.model === "lemma2" ? "Lemma 2 exact" : "the level race"}; analysis: ${o.m === o.k && wa === o.m ? "(q/p)^(K(z−1)+1)" : "Cramér–Lundberg r^z"}`);
      process.stdout.write(out.join("\n") + "\n");
    });
}

async function raceChart(rows: RaceRow[], setting: string, model: RaceModel): Promise<string> {
  const floor = 1e-12; // log scale: zeros are drawn at the floor, not dropped
  const points: LinePoint[] = [];
  const series: [string, (r: RaceRow) => number | null][] = [
    ["Lemma 1 (q/p)^z", (r) => r.lemma1],
    ["Lemma 2 as printed", (r) => r.lemma2Paper],
    ["Lemma 2 exact", (r) => r.lemma2Exact],
    ["level race (exact)", (r) => r.levelRace],
  ];
  for (const [name, f] of series) {
    for (const r of rows) {
      const y = f(r);
      if (y !== null) points.push({ x: r.z, y: Math.max(floor, y), series: name });
    }
  }
  const simName = `simulated (model ${model})`;
  for (const r of rows) points.push({ x: r.z, y: Math.max(floor, r.estimate), series: simName, kind: "simulation" });
  return lineChartSvg({
    title: `Catch-up probability against depth z (${setting})`,
    xTitle: "levels behind z",
    yTitle: "P(adversary catches up)",
    yScale: "log",
    points,
    seriesOrder: [...series.map(([n]) => n).filter((n) => points.some((p) => p.series === n)), simName],
  });
}

function checkCommand(): Command {
  return checkGridOptions(
    new Command("check")
    .description("spec codag.md §5: checks 1–5 and 8 as fast-check properties, check 6 by simulation, and the paper's claims they decide")
    .option("--runs <N>", "runs per Model A and Lemma 2 point (the spec: 100000)", integerArg, 100_000)
    .option("--model-b-runs <N>", "runs per Model B point (default: --runs)", integerArg)
    .option("--property-runs <N>", "random cases per property", integerArg, 1000)
    .option("--seed <S>", "seed: the same seed gives the same report", integerArg, 1)
    .option("--out <FILE>", "also write the report as Markdown")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Exit code 0 when every implementation check passes, whatever the paper's claims (a refuted claim is a",
        "finding); 1 when a property fails or a simulation leaves 4σ of its exact value. A shard that did its part",
        "exits 0 without a report; --summarize-only with records missing exits 2.",
        "",
        "Examples:",
        "  byzopt codag check --runs 10000 --model-b-runs 2000",
        "  byzopt codag check --out docs/codag-check.md        (the spec's 10^5 runs a point: minutes)",
        "  byzopt codag check --records cc --slurm --slurm-tasks 16 --submit --out cc/report.md   (one task per point on a cluster)",
        "",
        "The check is a grid of 16 independently seeded tasks (the properties, Model A, the Lemma 2 race, and 13",
        "Model B points): with --records each keeps its record, so the check resumes, shards and merges.",
        "",
      ].join("\n"),
    ),
    "tasks",
  ).action(async (o: CheckGridFlags & { runs: number; modelBRuns?: number; propertyRuns: number; seed: number; out?: string; json?: boolean }, cmd: Command) => {
      for (const [flag, v] of [["--runs", o.runs], ["--model-b-runs", o.modelBRuns ?? 1], ["--property-runs", o.propertyRuns]] as const) {
        if (!Number.isInteger(v) || v < 1) throw new InputError(`${flag} must be a positive integer (got ${v})`);
      }
      const settings = checkGridSettings(o, cmd, "byzopt-codag-check");
      if (!settings) return;
      const started = Date.now();
      const onProgress = process.stderr.isTTY ? (what: string) => process.stderr.write(`\r\x1b[K${((Date.now() - started) / 1000).toFixed(0)} s: ${what}`) : undefined;
      const { report, grid } = await runCodagCheckGrid({ seed: o.seed >>> 0, runs: o.runs, ...(o.modelBRuns !== undefined ? { modelBRuns: o.modelBRuns } : {}), propertyRuns: o.propertyRuns, ...(onProgress ? { onProgress } : {}) }, settings);
      if (onProgress) process.stderr.write("\r\x1b[K");
      if (!report) return reportIncomplete(grid, settings);
      const markdown = formatCodagCheckMarkdown(report);
      if (o.out) writeTextAtomically(o.out, markdown);
      if (o.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
      else {
        const out: string[] = [];
        for (const c of report.claims) out.push(`${c.verdict.toUpperCase().padEnd(15)} ${c.claim}`, `                ${c.evidence}`);
        out.push("");
        for (const p of report.properties) out.push(`${p.verdict === "held" ? "held   " : "REFUTED"}  check ${p.check} ${p.id} (${p.runs} cases)${p.counterexample ? `: ${p.counterexample}` : ""}`);
        const stats = [...report.modelA, ...report.lemma2];
        out.push(`check 6: Model A and Lemma 2 race, ${stats.filter((p) => p.pass).length} of ${stats.length} points within 4σ of exact (${o.runs} runs each)`);
        out.push(`check 6: Model B, ${report.modelB.filter((p) => p.matchesExact).length} of ${report.modelB.length} points within 4σ of the level race, spec assertions ${report.modelB.filter((p) => p.assertion && p.asserted).length} of ${report.modelB.filter((p) => p.assertion).length} held (${report.modelBRuns} runs each)`);
        for (const p of report.modelB.filter((p) => !p.matchesExact || !p.asserted)) out.push(`  FAILED: K = ${p.K}, m = ${p.m}, q = ${p.q}, z = ${p.z}: ${p.hits}/${p.runs} = ${fmt(p.estimate)}, exact ${fmt(p.exact)}${p.assertion ? `, ${p.assertion}` : ""}`);
        for (const p of stats.filter((p) => !p.pass)) out.push(`  FAILED: q = ${p.q}, z = ${p.z}: ${fmt(p.estimate)}, exact ${fmt(p.exact)}`);
        out.push("", report.ok ? "every implementation check passed" : "AN IMPLEMENTATION CHECK FAILED");
        process.stdout.write(out.join("\n") + "\n");
      }
      if (!report.ok) process.exitCode = 1;
    });
}

export function codagCommand(): Command {
  const cmd = new Command("codag").description("Blockcloud's compacted-DAG ledger: build it, select candidates, race an adversary, check the paper's claims");
  for (const make of codagDagCommands) cmd.addCommand(make());
  return cmd.addCommand(raceCommand()).addCommand(checkCommand());
}
