/**
 * `make bench` (parallel search): `verify dbft --n 7 --byzantine 2 --property safety --runs 60000` (a
 * search that holds, so every run is done) with --jobs 1 and --jobs 2, alternated five times in fresh
 * processes, medians of the wall time; the ratio is the speed-up of two worker threads on this machine
 * (issue 19's target: ≥ 1.8× on 2 cores). Both runs must report the same verdict and run count.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { machine, measure, median } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARGS = ["verify", "dbft", "--n", "7", "--byzantine", "2", "--property", "safety", "--runs", "60000", "--seed", "1", "--json"];
const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
const verdicts = new Set<string>();
for (let k = 0; k < 5; k++) {
  for (const jobs of [1, 2] as const) {
    process.stderr.write(`search with --jobs ${jobs}, round ${k + 1}/5 ...\n`);
    const m = await measure(process.execPath, [join(ROOT, "dist/cli/bin.js"), ...ARGS, "--jobs", String(jobs)]);
    if (m.status !== 0) throw new Error(`verify dbft --jobs ${jobs} failed: ${m.stderr}`);
    const r = JSON.parse(m.stdout) as { verdict: string; runs: number };
    verdicts.add(`${r.verdict} ${r.runs}`);
    times[jobs].push(m.seconds);
  }
}
if (verdicts.size !== 1) throw new Error(`--jobs changed the report: ${[...verdicts].join(" / ")}`);
const one = median(times[1]);
const two = median(times[2]);
const result = { machine: machine(), command: `byzopt ${ARGS.join(" ")}`, report: [...verdicts][0], seconds: { jobs1: one, jobs2: two }, runs: times, speedup: one / two, targetMet: one / two >= 1.8 };
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeTextAtomically(join(ROOT, "bench", "results", "parallel.json"), JSON.stringify(result, null, 2) + "\n");
const m = result.machine;
const md = [
  "## Parallel search (`make bench`, bench/parallel.ts)",
  "",
  `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}. \`${result.command}\` (it holds: all 60,000 runs are done), --jobs 1 and --jobs 2 alternated five times in fresh processes, medians of the wall time.`,
  "",
  "| --jobs | seconds (median) | all five |",
  "|---:|---:|---|",
  `| 1 | ${one.toFixed(2)} | ${times[1].map((t) => t.toFixed(2)).join(", ")} |`,
  `| 2 | ${two.toFixed(2)} | ${times[2].map((t) => t.toFixed(2)).join(", ")} |`,
  "",
  `Speed-up of two threads: **${result.speedup.toFixed(2)}×** (target ≥ 1.8×: ${result.targetMet ? "met" : "**not met**"}); the report was the same (${result.report}) in all ten runs.`,
];
updateReadmeSection(join(ROOT, "bench", "README.md"), "parallel", md.join("\n"));
process.stderr.write(md.join("\n") + "\n");
