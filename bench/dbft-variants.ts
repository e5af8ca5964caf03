/**
 * `make dbft-variants`: the verdict matrix of docs/dbft-variants.md. For each rule-set model and fault
 * setting at N=4: the exhaustive exploration at MaxView 0 and 1 (with a state cap per cell), the random
 * search at N=4 and N=7, and the scenario replays. Results: docs/dbft-variants/results.json and the
 * table between the markers of docs/dbft-variants.md. Deterministic apart from the times.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { explore, type ExploreResult } from "../verify/dbft/explore/explorer.js";
import { searchWalks } from "../verify/dbft/variants/walk.js";
import { parseSchedule, replaySchedule } from "../verify/dbft/variants/schedule.js";
import { Machine } from "../formulations/dbft2/variants/machine.js";
import { stepText } from "../formulations/dbft2/variants/describe.js";
import type { Protocol, VariantConfig } from "../formulations/dbft2/variants/types.js";
import { machine } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAX_STATES = Number(process.env.DBFT_VARIANTS_MAX_STATES ?? 2e7);
const MULTIPOOL_MAX_STATES = Number(process.env.DBFT_VARIANTS_MULTIPOOL_MAX_STATES ?? 1e8);
const RUNS = Number(process.env.DBFT_VARIANTS_RUNS ?? 20_000);
const MEMORY = 8 * 2 ** 30;
/** DBFT_VARIANTS_ONLY=label,label recomputes those variants (or "multipool undelivered", the sweep of MaxUndeliveredMessages) and keeps the other rows of results.json. */
const ONLY = process.env.DBFT_VARIANTS_ONLY?.split(",").map((x) => x.trim());
/** Where results go (DBFT_VARIANTS_RESULTS; default docs/dbft-variants/results.json). */
const RESULTS = process.env.DBFT_VARIANTS_RESULTS ?? join(ROOT, "docs", "dbft-variants", "results.json");

interface Variant {
  readonly label: string;
  readonly protocol: Protocol;
  readonly commitCount: "any" | "current";
  readonly pool: "shared" | "local";
}

const VARIANTS: readonly Variant[] = [
  { label: "dbft2.0", protocol: "dbft2.0", commitCount: "any", pool: "shared" },
  { label: "dbft2.0 current", protocol: "dbft2.0", commitCount: "current", pool: "shared" },
  { label: "antimev", protocol: "antimev", commitCount: "any", pool: "shared" },
  { label: "cv3", protocol: "cv3", commitCount: "any", pool: "shared" },
  { label: "ccv", protocol: "ccv", commitCount: "any", pool: "shared" },
  { label: "multipool", protocol: "multipool", commitCount: "any", pool: "local" },
];

const FAULTS: readonly { label: string; dead: number[]; faulty: number[] }[] = [
  { label: "all good", dead: [], faulty: [] },
  { label: "RMDead {0}", dead: [0], faulty: [] },
  { label: "RMDead {1}", dead: [1], faulty: [] },
  { label: "RMFault {0}", dead: [], faulty: [0] },
  { label: "RMFault {1}", dead: [], faulty: [1] },
];

interface ExploreCell {
  readonly variant: string;
  readonly faults: string;
  readonly maxView: number;
  /** multipool: MaxUndeliveredMessages. */
  readonly undelivered?: number;
  readonly complete: boolean;
  readonly stoppedBy: string | null;
  readonly states: number;
  readonly expanded: number;
  readonly depth: number;
  readonly forks: number;
  readonly locks: number;
  readonly cuts: number;
  readonly seconds: number;
  readonly groupSize: number;
  readonly shortestFork: readonly string[] | null;
  readonly shortestLock: readonly string[] | null;
}

function exploreCell(v: Variant, f: (typeof FAULTS)[number], maxView: number, undelivered = 6): ExploreCell {
  const config: VariantConfig = { protocol: v.protocol, n: 4, maxView, dead: f.dead, faulty: f.faulty, pool: v.pool, commitCount: v.commitCount, ...(v.protocol === "multipool" ? { undelivered } : {}) };
  const started = performance.now();
  const r: ExploreResult = explore({ config, memoryCap: MEMORY, maxStates: v.protocol === "multipool" ? MULTIPOOL_MAX_STATES : MAX_STATES });
  const seconds = (performance.now() - started) / 1000;
  const m = new Machine(config);
  const words = (w: ExploreResult["firstLock"]) => (w ? w.steps.map((s) => stepText(m, s)) : null);
  process.stderr.write(`explore ${v.label} ${f.label} MaxView ${maxView}${v.protocol === "multipool" ? `, undelivered ${undelivered}` : ""}: ${r.states} states${r.complete ? "" : " (stopped)"}, ${r.forks} forks, ${r.locks} locks, ${seconds.toFixed(1)} s\n`);
  return { variant: v.label, faults: f.label, maxView, ...(v.protocol === "multipool" ? { undelivered } : {}), complete: r.complete, stoppedBy: r.stoppedBy, states: r.states, expanded: r.expanded, depth: r.depth + 1, forks: r.forks, locks: r.locks, cuts: r.cuts, seconds: Number(seconds.toFixed(2)), groupSize: r.groupSize, shortestFork: words(r.firstFork), shortestLock: words(r.firstLock) };
}

/** multipool at MaxView 1, all nodes good, under the rest of the spec's range of MaxUndeliveredMessages (6 is the matrix's cell). */
function undeliveredSweep(): ExploreCell[] {
  const multipool = VARIANTS.find((v) => v.protocol === "multipool")!;
  return [3, 4, 5].map((undelivered) => exploreCell(multipool, FAULTS[0]!, 1, undelivered));
}

interface SearchCell {
  readonly variant: string;
  readonly n: number;
  readonly faults: string;
  readonly runs: number;
  readonly verdict: string;
  readonly property: string | null;
  readonly foundInRun: number | null;
  readonly steps: number | null;
  readonly seconds: number;
}

function searchCell(v: Variant, n: number, dead: number[], faulty: number[], label: string): SearchCell {
  const config: VariantConfig = { protocol: v.protocol, n, maxView: 2, dead, faulty, pool: v.pool, commitCount: v.commitCount, ...(v.protocol === "multipool" ? { undelivered: 6 } : {}) };
  const started = performance.now();
  const r = searchWalks({ config, properties: ["safety", "liveness"], runs: RUNS, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`search ${v.label} N=${n} ${label}: ${r.verdict} after ${r.runs} runs, ${seconds.toFixed(1)} s\n`);
  return { variant: v.label, n, faults: label, runs: r.runs, verdict: r.verdict, property: r.failure?.property ?? null, foundInRun: r.failure ? r.failure.run + 1 : null, steps: r.failure?.steps.length ?? null, seconds: Number(seconds.toFixed(2)) };
}

function exploreText(c: ExploreCell | undefined): string {
  if (!c) return "–";
  const n = c.states.toLocaleString("en-US");
  const found = [c.forks ? `**fork** (${c.shortestFork!.length} steps)` : "", c.locks ? `**lock** (${c.shortestLock!.length} steps)` : ""].filter(Boolean).join(", ");
  if (c.complete) return `${found || "none: proved within bound"}; ${n} states, ${c.seconds.toFixed(0)} s`;
  return `${found ? `found ${found}` : "not found"}; stopped at ${n} states, ${c.seconds.toFixed(0)} s`;
}

function main(): void {
  const previous = ONLY && existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, "utf8")) as { explored: ExploreCell[]; searches: SearchCell[]; multipoolUndelivered?: ExploreCell[] }) : { explored: [], searches: [] };
  const redo = (label: string) => !ONLY || ONLY.includes(label);
  const explored: ExploreCell[] = [];
  const searches: SearchCell[] = [];
  let multipoolUndelivered: ExploreCell[] = previous.multipoolUndelivered ?? [];
  const save = () => {
    mkdirSync(dirname(RESULTS), { recursive: true });
    const keep = (label: string) => !redo(label);
    const all = { explored: [...previous.explored.filter((c) => keep(c.variant)), ...explored], searches: [...previous.searches.filter((c) => keep(c.variant)), ...searches], multipoolUndelivered };
    writeTextAtomically(RESULTS, JSON.stringify({ machine: machine(), maxStates: MAX_STATES, multipoolMaxStates: MULTIPOOL_MAX_STATES, runs: RUNS, ...all }, null, 2) + "\n");
    return all;
  };
  for (const v of VARIANTS) {
    if (!redo(v.label)) continue;
    for (const f of FAULTS) for (const maxView of v.protocol === "multipool" ? [1] : [0, 1]) explored.push(exploreCell(v, f, maxView));
    save(); // a run of an hour keeps what it measured
  }
  if (redo("multipool undelivered")) {
    multipoolUndelivered = undeliveredSweep();
    save();
  }
  for (const v of VARIANTS) {
    if (!redo(v.label)) continue;
    searches.push(searchCell(v, 4, [], [], "all good"), searchCell(v, 4, [3], [], "1 dead"), searchCell(v, 4, [], [3], "1 faulty"));
    searches.push(searchCell(v, 7, [5, 6], [], "2 dead"), searchCell(v, 7, [], [5, 6], "2 faulty"));
    save();
  }
  const merged = save();
  const dir = join(ROOT, "instances", "dbft-scenarios");
  const replays = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const s = parseSchedule(JSON.parse(readFileSync(join(dir, f), "utf8")), f);
      const r = replaySchedule(s);
      return { file: f, name: s.name, protocol: s.config.protocol, pool: s.config.pool, outcome: r.final.kind, blockedAt: r.blockedAt, reproduced: r.reproduced };
    });
  writeTextAtomically(RESULTS, JSON.stringify({ machine: machine(), maxStates: MAX_STATES, multipoolMaxStates: MULTIPOOL_MAX_STATES, runs: RUNS, ...merged, replays }, null, 2) + "\n");

  const rows = [`Measured by \`make dbft-variants\` on ${machine().cpu} (${machine().cores} cores), ${machine().date}; state cap ${MAX_STATES.toExponential(0)} per cell${MULTIPOOL_MAX_STATES === MAX_STATES ? "" : ` (multipool ${MULTIPOOL_MAX_STATES.toExponential(0)})`}, symmetry on; search ${RUNS.toLocaleString("en-US")} runs, seed 1, MaxView 2.`, "", "| variant | faults | MaxView 0 | MaxView 1 | search N=4 |", "|---|---|---|---|---|"];
  for (const v of VARIANTS) {
    for (const f of FAULTS) {
      const cell = (mv: number) => exploreText(merged.explored.find((c) => c.variant === v.label && c.faults === f.label && c.maxView === mv));
      const searchLabel = f.label === "all good" ? "all good" : f.label.startsWith("RMDead") ? "1 dead" : "1 faulty";
      const s = merged.searches.find((c) => c.variant === v.label && c.n === 4 && c.faults === searchLabel);
      const st = s ? (s.verdict === "violated" ? `**${s.property === "safety" ? "fork" : "lock"}** in run ${s.foundInRun}` : `not found in ${s.runs.toLocaleString("en-US")} runs`) : "–";
      rows.push(`| ${v.label} | ${f.label} | ${cell(0)} | ${cell(1)} | ${f.label.endsWith("{1}") ? "(as {0})" : st} |`);
    }
  }
  rows.push("", "| variant | N=7, 2 dead | N=7, 2 faulty |", "|---|---|---|");
  for (const v of VARIANTS) {
    const s = (label: string) => {
      const c = merged.searches.find((x) => x.variant === v.label && x.n === 7 && x.faults === label);
      if (!c) return "–";
      return c.verdict === "violated" ? `**${c.property === "safety" ? "fork" : "lock"}** in run ${c.foundInRun} (${c.steps} steps)` : `not found in ${c.runs.toLocaleString("en-US")} runs`;
    };
    rows.push(`| ${v.label} | ${s("2 dead")} | ${s("2 faulty")} |`);
  }
  const matrixCell = merged.explored.find((c) => c.variant === "multipool" && c.faults === "all good" && c.maxView === 1);
  const sweep = [...merged.multipoolUndelivered, ...(matrixCell ? [matrixCell] : [])];
  if (merged.multipoolUndelivered.length > 0) {
    rows.push("", "multipool, all good, MaxView 1, by MaxUndeliveredMessages (the spec's range 3–6; 6 is the matrix's cell above):", "", "| undelivered ≤ | result | states | depth | cut | time |", "|---|---|---|---|---|---|");
    for (const c of sweep) {
      const found = [c.forks ? `${c.forks} fork states` : "", c.locks ? `${c.locks} lock states` : ""].filter(Boolean).join(", ");
      rows.push(`| ${c.undelivered ?? 6} | ${c.complete ? found || "none: proved within bound" : `${found || "not found"}; stopped`} | ${c.states.toLocaleString("en-US")} | ${c.depth} | ${c.cuts.toLocaleString("en-US")} | ${c.seconds.toFixed(1)} s |`);
    }
  }
  updateReadmeSection(join(ROOT, "docs", "dbft-variants.md"), "verdicts", rows.join("\n"));
}

main();
