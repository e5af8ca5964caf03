/**
 * `make bench` (strengthening): which `--strengthen` families pay. HiGHS on dbft-2-4-10 and dbft-2-7-5,
 * P1–P7, with the paper's model, the default families, the default minus each of its families, and the
 * default plus each other family. Results: bench/results/strengthen.json and a section of bench/README.md.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDbftModel, CUT_NAMES, type CutName, dbftParams, DEFAULT_CUTS, PRESET_NAMES } from "../formulations/dbft2/index.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { solverNamed, solveModel } from "../solvers/registry.js";
import { machine } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LIMIT = Number(process.env.BENCH_STRENGTHEN_LIMIT ?? 30);
const INSTANCES = [
  { n: 4, tmax: 10 },
  { n: 7, tmax: 5 },
] as const;

interface Config {
  readonly label: string;
  readonly cuts: readonly CutName[];
}

function configs(): Config[] {
  const out: Config[] = [
    { label: "paper's model", cuts: [] },
    { label: `default (${DEFAULT_CUTS.join(", ")})`, cuts: DEFAULT_CUTS },
  ];
  for (const c of DEFAULT_CUTS) out.push({ label: `default − ${c}`, cuts: DEFAULT_CUTS.filter((d) => d !== c) });
  for (const c of CUT_NAMES) if (!DEFAULT_CUTS.includes(c)) out.push({ label: `default + ${c}`, cuts: [...DEFAULT_CUTS, c] });
  return out;
}

interface Run {
  readonly instance: string;
  readonly preset: string;
  readonly config: string;
  readonly status: string;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly seconds: number;
  readonly rows: number;
}

interface Result {
  readonly machine: ReturnType<typeof machine>;
  readonly solver: string;
  readonly limitSeconds: number;
  readonly defaultCuts: readonly CutName[];
  readonly runs: readonly Run[];
}

const RESULTS = join(ROOT, "bench", "results", "strengthen.json");

async function main(): Promise<void> {
  // `--render-only`: rebuild the README section from the saved results, without solving.
  if (process.argv.includes("--render-only")) {
    render(JSON.parse(readFileSync(RESULTS, "utf8")) as Result);
    return;
  }
  const runs: Run[] = [];
  const all = configs();
  for (const { n, tmax } of INSTANCES)
    for (const config of all)
      for (const preset of PRESET_NAMES) {
        const p = dbftParams({ n, tmax, objective: preset, strengthen: config.cuts });
        const { model } = buildDbftModel(p);
        process.stderr.write(`dbft-2-${n}-${tmax} ${preset} ${config.label} ...`);
        const r = await solveModel(solverNamed("highs"), model, { timeLimit: LIMIT });
        process.stderr.write(` ${r.status} ${r.objective} (${r.seconds.toFixed(1)} s)\n`);
        runs.push({ instance: `dbft-2-${n}-${tmax}`, preset, config: config.label, status: r.status, objective: r.objective, bound: r.bound, seconds: Number(r.seconds.toFixed(3)), rows: model.numRows });
      }
  const result: Result = { machine: machine(), solver: "highs", limitSeconds: LIMIT, defaultCuts: DEFAULT_CUTS, runs };
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeTextAtomically(RESULTS, JSON.stringify(result, null, 2) + "\n");
  render(result);
}

function render(result: Result): void {
  const { runs, limitSeconds: limit } = result;
  const all = configs();
  const num = (x: number | null) => (x === null ? "none" : String(Number(x.toFixed(3))));
  const cell = (r: Run) => (r.status === "optimal" ? r.seconds.toFixed(1) : `– (${num(r.objective)}, bound ${num(r.bound)})`);
  const m = result.machine;
  const md = [
    "## Strengthening: which families pay (`make bench`, bench/strengthen.ts)",
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}. HiGHS, limit ${limit} s per run; seconds to prove`,
    "the optimum, or – (incumbent, bound) when the limit was reached. Total: seconds summed, an unproved run counted at the limit.",
    "Derivations: docs/strengthening.md.",
    "",
  ];
  for (const { n, tmax } of INSTANCES) {
    const name = `dbft-2-${n}-${tmax}`;
    md.push(`### ${name}`, "", `| families | rows | ${PRESET_NAMES.join(" | ")} | proved | total s |`, `|---|---:|${PRESET_NAMES.map(() => "---").join("|")}|---:|---:|`);
    for (const config of all) {
      const rs = PRESET_NAMES.map((p) => runs.find((r) => r.instance === name && r.preset === p && r.config === config.label)!);
      const proved = rs.filter((r) => r.status === "optimal").length;
      const total = rs.reduce((s, r) => s + (r.status === "optimal" ? r.seconds : limit), 0);
      md.push(`| ${config.label} | ${rs[0]!.rows} | ${rs.map(cell).join(" | ")} | ${proved}/7 | ${total.toFixed(1)} |`);
    }
    md.push("");
  }
  updateReadmeSection(join(ROOT, "bench", "README.md"), "strengthen", md.join("\n"));
  process.stdout.write(md.join("\n") + "\n");
}

await main();
