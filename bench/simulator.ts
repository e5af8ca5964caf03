/**
 * `make bench` (simulator): simulated dBFT 2.0 executions per second at N=4 and N=7 on one core, and the
 * time the search takes to its first liveness counterexample (found and shrunk). Results:
 * bench/results/simulator.json and the simulator section of bench/README.md.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { type PropertyName, search, type SearchConfig } from "../verify/dbft/search.js";
import { machine, median } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const base = { maxViews: 6, blockTime: 30, maxDelay: 60, eventualDelivery: true } as const;
const cfg = (c: Partial<SearchConfig> & { n: number }): SearchConfig => ({ byzantine: [], dead: [], ...base, ...c });

const RATE_RUNS = Number(process.env.BENCH_SIM_RUNS ?? 200_000);
const TARGET = 10_000;

function rate(label: string, c: SearchConfig) {
  process.stderr.write(`${label}: ${RATE_RUNS} runs ...\n`);
  // Safety is checked on every run and holds here (at most F faulty nodes), so every run is counted.
  const r = search({ config: c, properties: ["safety"], runs: RATE_RUNS, seed: 1 });
  if (r.verdict !== "holds") throw new Error(`${label}: unexpected fork`);
  return { label, runs: r.runs, seconds: r.seconds, runsPerSecond: r.runsPerSecond };
}

function firstCounterexample(label: string, c: SearchConfig, property: PropertyName) {
  const times: number[] = [];
  const runs: number[] = [];
  let shrunk = { delays: 0, events: 0 };
  for (const seed of [1, 2, 3, 4, 5]) {
    const r = search({ config: c, properties: [property], runs: 1_000_000, seed });
    if (r.verdict !== "violated") throw new Error(`${label}: nothing found with seed ${seed}`);
    times.push(r.seconds);
    runs.push(r.runs);
    shrunk = { delays: r.counterexample!.schedule.delays.length, events: r.counterexample!.result.trace!.events.length };
  }
  process.stderr.write(`${label}: first counterexample in ${median(times).toFixed(3)} s (median of 5 seeds)\n`);
  return { label, property, medianSeconds: median(times), maxSeconds: Math.max(...times), medianRuns: median(runs), lastShrunk: shrunk };
}

function holds(label: string, c: SearchConfig, property: PropertyName, runs: number) {
  process.stderr.write(`${label}: ${runs} runs ...\n`);
  const r = search({ config: c, properties: [property], runs, seed: 1 });
  return { label, property, runs: r.runs, verdict: r.verdict, seconds: r.seconds };
}

const rates = [
  rate("N=4, no fault", cfg({ n: 4 })),
  rate("N=4, 1 Byzantine", cfg({ n: 4, byzantine: [4] })),
  rate("N=4, 1 dead", cfg({ n: 4, dead: [4] })),
  rate("N=7, no fault", cfg({ n: 7 })),
  rate("N=7, 2 Byzantine", cfg({ n: 7, byzantine: [6, 7] })),
  rate("N=7, 2 dead", cfg({ n: 7, dead: [6, 7] })),
];
const firsts = [
  firstCounterexample("N=4, 1 dead: liveness lock", cfg({ n: 4, dead: [4] }), "liveness"),
  firstCounterexample("N=4, no fault, recovery off: liveness lock", cfg({ n: 4, recovery: false }), "liveness"),
  firstCounterexample("N=7, 1 dead: liveness lock", cfg({ n: 7, dead: [7] }), "liveness"),
  firstCounterexample("N=7, no fault, recovery off: liveness lock", cfg({ n: 7, recovery: false }), "liveness"),
  firstCounterexample("N=4, 2 Byzantine: fork", cfg({ n: 4, byzantine: [3, 4] }), "safety"),
];
const none = [holds("N=4, no fault, recovery on", cfg({ n: 4 }), "liveness", 1_000_000), holds("N=7, no fault, recovery on", cfg({ n: 7 }), "liveness", 300_000)];

const result = { machine: machine(), targetRunsPerSecondN4: TARGET, rates, firstCounterexample: firsts, noCounterexample: none };
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeTextAtomically(join(ROOT, "bench", "results", "simulator.json"), JSON.stringify(result, null, 2) + "\n");
const m = result.machine;
const n4 = rates[0]!.runsPerSecond;
const md = [
  "## dBFT 2.0 simulator and search (`make bench`, bench/simulator.ts)",
  "",
  `Machine: ${m.cpu}, ${m.cores} cores (one used), ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}. Block time 30 ticks, delays 0..60, 6 views, recovery modelled unless said.`,
  "",
  "| configuration | runs | seconds | executions per second |",
  "|---|---:|---:|---:|",
  ...rates.map((r) => `| ${r.label} | ${r.runs.toLocaleString("en-US")} | ${r.seconds.toFixed(2)} | ${Math.round(r.runsPerSecond).toLocaleString("en-US")} |`),
  "",
  `Target at N=4: at least ${TARGET.toLocaleString("en-US")} executions per second on one core: ${n4 >= TARGET ? "met" : "NOT met"} (${Math.round(n4).toLocaleString("en-US")}).`,
  "",
  "Time to the first counterexample, found and shrunk (median and worst of seeds 1–5):",
  "",
  "| search | median s | worst s | median runs | shrunk schedule (delays, trace events) |",
  "|---|---:|---:|---:|---|",
  ...firsts.map((f) => `| ${f.label} | ${f.medianSeconds.toFixed(3)} | ${f.maxSeconds.toFixed(3)} | ${f.medianRuns} | ${f.lastShrunk.delays}, ${f.lastShrunk.events} |`),
  "",
  "No counterexample:",
  "",
  ...none.map((h) => `- ${h.label}: liveness ${h.verdict} over ${h.runs.toLocaleString("en-US")} runs (${h.seconds.toFixed(1)} s).`),
].join("\n");
updateReadmeSection(join(ROOT, "bench", "README.md"), "simulator", md);
process.stdout.write(md + "\n");
