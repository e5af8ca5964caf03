/**
 * `make bench` (parallelism, issue 19): the speed-up of --jobs 2 over --jobs 1 on this machine for a
 * search and for a grid, each beside two independent processes, and the grid runner's overhead per point.
 *
 * - Search: `verify dbft --n 7 --byzantine 2 --property safety --runs 60000` (it holds: every run is done).
 * - Grid: a UNL grid of 28 schwartz points (`unl grid --figure F2 --nodes 200 --runs 6`).
 * - Reference: the same work as two independent processes at once (the search as two of 30,000 runs, the
 *   grid as --shard 1/2 and 2/2), no pool at all; each process pays its own start-up. t(jobs 1) / t(two
 *   processes) is what splitting the work by hand gives on this machine, beside the pool's speed-up.
 * - Overhead: 2,000 points that do nothing, through runGrid with a records directory: in this thread, on
 *   two worker threads, and a resume where every point is already done.
 * Every measurement alternates the variants, five rounds in fresh processes, medians of the wall time.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { jsonRecordStore, runGrid } from "../instances/grid/runner.js";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { trivialPoint } from "./trivial-point.js";
import { machine, measure, type Measured, median } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "dist/cli/bin.js");
const ROUNDS = 5;

const SEARCH = ["verify", "dbft", "--n", "7", "--byzantine", "2", "--property", "safety", "--seed", "1", "--json"];
const GRID = ["unl", "grid", "--figure", "F2", "--nodes", "200", "--runs", "6", "--malicious-pcts", "0:30:5", "--overlaps", "40,70,90,100", "--seed", "1", "--json"];

const cli = async (args: readonly string[]): Promise<Measured> => {
  const m = await measure(process.execPath, [BIN, ...args]);
  if (m.status !== 0) throw new Error(`byzopt ${args.join(" ")} failed: ${m.stderr.trim().split("\n").pop()}`);
  return m;
};
/** Two commands at once; the wall time until both have ended. */
const pair = async (a: readonly string[], b: readonly string[]): Promise<number> => {
  const started = performance.now();
  await Promise.all([cli(a), cli(b)]);
  return (performance.now() - started) / 1000;
};

interface Comparison {
  command: string;
  seconds: { jobs1: number; jobs2: number; twoProcesses: number };
  all: { jobs1: number[]; jobs2: number[]; twoProcesses: number[] };
  speedup: number;
  ceiling: number;
  targetMet: boolean;
  sameResult: boolean;
}

async function compare(what: string, command: string, one: (k: number) => Promise<{ seconds: number; result: string }>, two: (k: number) => Promise<{ seconds: number; result: string }>, processes: (k: number) => Promise<number>): Promise<Comparison> {
  const all = { jobs1: [] as number[], jobs2: [] as number[], twoProcesses: [] as number[] };
  const results = new Set<string>();
  for (let k = 0; k < ROUNDS; k++) {
    process.stderr.write(`${what}: round ${k + 1}/${ROUNDS} ...\n`);
    const a = await one(k);
    const b = await two(k);
    all.jobs1.push(a.seconds);
    all.jobs2.push(b.seconds);
    results.add(a.result).add(b.result);
    all.twoProcesses.push(await processes(k));
  }
  const seconds = { jobs1: median(all.jobs1), jobs2: median(all.jobs2), twoProcesses: median(all.twoProcesses) };
  const speedup = seconds.jobs1 / seconds.jobs2;
  return { command, seconds, all, speedup, ceiling: seconds.jobs1 / seconds.twoProcesses, targetMet: speedup >= 1.8, sameResult: results.size === 1 };
}

type Overhead = { points: number; hereMs: number; workersMs: number; resumeMs: number; all: { here: number[]; workers: number[]; resume: number[] } };
type Result = { machine: ReturnType<typeof machine>; rounds: number; search: Comparison; grid: Comparison; overhead: Overhead };

/** Every measurement; about 8 minutes on 2 cores. */
async function measureAll(): Promise<Result> {
  const scratch = mkdtempSync(join(tmpdir(), "byzopt-bench-parallel-"));
  const search = await compare(
    "search",
    `byzopt ${SEARCH.join(" ")} --runs 60000`,
    async () => {
      const m = await cli([...SEARCH, "--runs", "60000", "--jobs", "1"]);
      const r = JSON.parse(m.stdout) as { verdict: string; runs: number };
      return { seconds: m.seconds, result: `${r.verdict} ${r.runs}` };
    },
    async () => {
      const m = await cli([...SEARCH, "--runs", "60000", "--jobs", "2"]);
      const r = JSON.parse(m.stdout) as { verdict: string; runs: number };
      return { seconds: m.seconds, result: `${r.verdict} ${r.runs}` };
    },
    () => pair([...SEARCH, "--runs", "30000", "--jobs", "1"], [...SEARCH, "--runs", "30000", "--jobs", "1"]),
  );

  /** The grid's records, for the check that --jobs does not change them. */
  const gridRecords = async (dir: string): Promise<string> => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const d = join(dir, "records");
    return readdirSync(d)
      .sort()
      .map((f) => readFileSync(join(d, f), "utf8"))
      .join("");
  };
  const grid = await compare(
    "grid",
    `byzopt ${GRID.join(" ")} --out DIR`,
    async (k) => {
      const out = join(scratch, `g1-${k}`);
      const m = await cli([...GRID, "--out", out, "--jobs", "1"]);
      return { seconds: m.seconds, result: await gridRecords(out) };
    },
    async (k) => {
      const out = join(scratch, `g2-${k}`);
      const m = await cli([...GRID, "--out", out, "--jobs", "2"]);
      return { seconds: m.seconds, result: await gridRecords(out) };
    },
    (k) => pair([...GRID, "--out", join(scratch, `gp-${k}`), "--jobs", "1", "--shard", "1/2"], [...GRID, "--out", join(scratch, `gp-${k}`), "--jobs", "1", "--shard", "2/2"]),
  );

  /** Per-point overhead of runGrid with a records directory: ms per point. */
  async function overhead(): Promise<{ points: number; hereMs: number; workersMs: number; resumeMs: number; all: { here: number[]; workers: number[]; resume: number[] } }> {
    const points = Array.from({ length: 2000 }, (_, id) => ({ id }));
    const worker = { module: new URL("./trivial-point.js", import.meta.url).href, exportName: "trivialPoint" };
    const all = { here: [] as number[], workers: [] as number[], resume: [] as number[] };
    for (let k = 0; k < ROUNDS; k++) {
      for (const [name, jobs] of [["here", 1], ["workers", 2]] as const) {
        const store = jsonRecordStore(join(scratch, `o-${name}-${k}`), { name: "bench", version: 1 }, (p: { id: number }) => `p${p.id}`, (p) => p);
        const started = performance.now();
        const r = await runGrid({ points, store, jobs, here: trivialPoint, worker });
        if (r.ran.length !== points.length) throw new Error(`${name}: ${r.failed.length} points failed`);
        all[name].push((performance.now() - started) / points.length);
        if (name === "here") {
          const again = performance.now();
          const s = await runGrid({ points, store, jobs, here: trivialPoint, worker });
          if (s.skipped.length !== points.length) throw new Error("resume ran points again");
          all.resume.push((performance.now() - again) / points.length);
        }
      }
    }
    return { points: points.length, hereMs: median(all.here), workersMs: median(all.workers), resumeMs: median(all.resume), all };
  }
  const perPoint = await overhead();
  rmSync(scratch, { recursive: true, force: true });

  return { machine: machine(), rounds: ROUNDS, search, grid, overhead: perPoint };
}

const RESULTS = join(ROOT, "bench", "results", "parallel.json");
// --render: only rewrite the README section from the saved results.
const result: Result = process.argv.includes("--render") ? (JSON.parse(readFileSync(RESULTS, "utf8")) as Result) : await measureAll();
if (!process.argv.includes("--render")) writeTextAtomically(RESULTS, JSON.stringify(result, null, 2) + "\n");

const m = result.machine;
const row = (name: string, c: Comparison) =>
  `| ${name} | ${c.seconds.jobs1.toFixed(2)} | ${c.seconds.jobs2.toFixed(2)} | ${c.seconds.twoProcesses.toFixed(2)} | **${c.speedup.toFixed(3)}×** | ${c.ceiling.toFixed(3)}× | ${c.targetMet ? "met" : "**not met**"} | ${c.sameResult ? "yes" : "**NO**"} |`;
const { search, grid, overhead: perPoint } = result;
const md = [
  "## Parallel search and grid (`make bench`, bench/parallel.ts)",
  "",
  `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}. Each variant ${ROUNDS} times, alternated, in fresh processes; medians of the wall time in seconds. "Two processes" runs the same work as two independent processes at once (half the runs each; the grid's --shard 1/2 and 2/2), without any pool: what splitting the work by hand gives on this machine, each process paying its own start-up.`,
  "",
  "| | --jobs 1 | --jobs 2 | two processes | speed-up of --jobs 2 | speed-up of two processes | target ≥ 1.8× | same result |",
  "|---|---:|---:|---:|---:|---:|---|---|",
  row("search: verify dbft N=7, 2 Byzantine, 60,000 runs", search),
  row("grid: unl grid, 28 schwartz points, 200 nodes, 6 runs", grid),
  "",
  `All times: search --jobs 1 ${search.all.jobs1.map((t) => t.toFixed(2)).join(", ")}; --jobs 2 ${search.all.jobs2.map((t) => t.toFixed(2)).join(", ")}; two processes ${search.all.twoProcesses.map((t) => t.toFixed(2)).join(", ")}. Grid --jobs 1 ${grid.all.jobs1.map((t) => t.toFixed(2)).join(", ")}; --jobs 2 ${grid.all.jobs2.map((t) => t.toFixed(2)).join(", ")}; two processes ${grid.all.twoProcesses.map((t) => t.toFixed(2)).join(", ")}.`,
  "",
  `Runner overhead per point (runGrid with a records directory, ${perPoint.points} points that do nothing, median of ${ROUNDS}): ${perPoint.hereMs.toFixed(3)} ms in this thread (look up, run, write the record atomically), ${perPoint.workersMs.toFixed(3)} ms on two worker threads (plus the hand-over to the thread and back), ${perPoint.resumeMs.toFixed(3)} ms to skip a point that is done (read and compare its record).`,
];
updateReadmeSection(join(ROOT, "bench", "README.md"), "parallel", md.join("\n"));
process.stderr.write(md.join("\n") + "\n");
