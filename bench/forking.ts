/**
 * `make bench` (forking): simulator runs per second at n = 8, 16, 64, 128 (β = 1 and 2) with peak memory,
 * each in a fresh process on one core; the long-link sampler's time against the links it draws (it must
 * be linear in links, not in candidate pairs), against the coupled sampler that visits every pair as the
 * baseline. Results: bench/results/forking.json and the forking section of bench/README.md.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { Prng } from "../verify/shared/prng.js";
import { buildDiamond } from "../verify/forking/lattice.js";
import { LinkList, sampleLongLinks, sampleLongLinksCoupled } from "../verify/forking/links.js";
import { machine, measure, median } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TARGET_SECONDS = 30; // n = 128, β = 2, 50 runs, one core

async function rate(n: number, beta: number, runs: number) {
  process.stderr.write(`simulator n=${n} β=${beta}: ${runs} runs ...\n`);
  const m = await measure(process.execPath, [join(ROOT, "dist/bench/forking-one.js"), String(n), String(beta), String(runs)]);
  if (m.status !== 0) throw new Error(`forking-one failed: ${m.stderr}`);
  const r = JSON.parse(m.stdout) as { seconds: number; runsPerSecond: number; meanLongLinks: number; nodes: number };
  return { n, nodes: r.nodes, beta, runs, seconds: r.seconds, runsPerSecond: r.runsPerSecond, meanLongLinks: r.meanLongLinks, peakRssMB: m.peakRssMB };
}

/** Median of 3 timings of one sampler call; returns seconds and the links drawn. */
function timeSampler(draw: (list: LinkList, seed: number) => number | void): { seconds: number; links: number; landings: number | null } {
  const times: number[] = [];
  let links = 0;
  let landings: number | null = null;
  for (let k = 0; k < 3; k++) {
    const list = new LinkList();
    const t0 = performance.now();
    const l = draw(list, k + 1);
    times.push((performance.now() - t0) / 1000);
    links = list.count;
    landings = typeof l === "number" ? l : null;
  }
  return { seconds: median(times), links, landings };
}

/** Least-squares line y = a + b·x and its R². */
function fit(xs: number[], ys: number[]) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const b = sxy / sxx;
  return { intercept: my - b * mx, slope: b, r2: (sxy * sxy) / (sxx * syy) };
}

const rates = [];
for (const n of [8, 16, 64, 128]) for (const beta of [1, 2]) rates.push(await rate(n, beta, n <= 16 ? 500 : 50));

// The sampler alone at n = 128 over β: links drawn span two orders of magnitude.
const g128 = buildDiamond(128);
const sampler = [1, 1.25, 1.5, 2, 2.5, 3, 4].map((beta) => {
  process.stderr.write(`sampler n=128 β=${beta} ...\n`);
  return { n: 128, beta, ...timeSampler((list, seed) => sampleLongLinks(g128, beta, "adjacent", new Prng(seed), list)) };
});
const line = fit(
  sampler.map((s) => s.links),
  sampler.map((s) => s.seconds),
);
// Baseline: the coupled sampler draws one uniform per candidate pair, whatever β.
const g32 = buildDiamond(32);
const coupled = [1, 2, 4].map((beta) => {
  process.stderr.write(`coupled baseline n=32 β=${beta} ...\n`);
  const fast = timeSampler((list, seed) => sampleLongLinks(g32, beta, "adjacent", new Prng(seed), list));
  const slow = timeSampler((list, seed) => sampleLongLinksCoupled(g32, [beta], "adjacent", new Prng(seed), [list]));
  return { n: 32, beta, fastSeconds: fast.seconds, fastLinks: fast.links, coupledSeconds: slow.seconds, coupledLinks: slow.links, ratio: slow.seconds / fast.seconds };
});

const target = rates.find((r) => r.n === 128 && r.beta === 2)!;
const result = { machine: machine(), targetSeconds: TARGET_SECONDS, target: { seconds: target.seconds, met: target.seconds < TARGET_SECONDS }, rates, sampler, samplerFit: line, coupledBaseline: coupled };
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeTextAtomically(join(ROOT, "bench", "results", "forking.json"), JSON.stringify(result, null, 2) + "\n");
const m = result.machine;
const f = (x: number, d = 2): string => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const md = [
  "## Forking simulator (`make bench`, bench/forking.ts)",
  "",
  `Machine: ${m.cpu}, ${m.cores} cores (one used), ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}. Adjacent long links, fixed delays, one fresh process per row.`,
  "",
  "| n | nodes | β | runs | seconds | runs per second | mean long links | peak RSS (MB) |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rates.map((r) => `| ${r.n} | ${r.nodes.toLocaleString("en-US")} | ${r.beta} | ${r.runs} | ${f(r.seconds)} | ${f(r.runsPerSecond, 1)} | ${Math.round(r.meanLongLinks).toLocaleString("en-US")} | ${Math.round(r.peakRssMB)} |`),
  "",
  `Target: n = 128 (33,025 nodes), β = 2, 50 runs in under ${TARGET_SECONDS} s on one core: **${f(target.seconds)} s, ${result.target.met ? "met" : "NOT met"}**.`,
  "",
  "The long-link sampler alone at n = 128 (median of 3): its time against the links it draws.",
  "",
  "| β | links drawn | ring landings | seconds | ns per link |",
  "|---:|---:|---:|---:|---:|",
  ...sampler.map((s) => `| ${s.beta} | ${s.links.toLocaleString("en-US")} | ${(s.landings ?? 0).toLocaleString("en-US")} | ${f(s.seconds, 4)} | ${Math.round((s.seconds / Math.max(1, s.links)) * 1e9)} |`),
  "",
  `Least squares: seconds = ${line.intercept.toExponential(2)} + ${line.slope.toExponential(2)} × links, R² = ${line.r2.toFixed(4)}: linear in the links drawn. Baseline, n = 32: the coupled sampler (one uniform per candidate pair, what coupled runs need) against the default one:`,
  "",
  "| β | links | default (s) | coupled (s) | coupled / default |",
  "|---:|---:|---:|---:|---:|",
  ...coupled.map((c) => `| ${c.beta} | ${c.fastLinks.toLocaleString("en-US")} | ${f(c.fastSeconds, 4)} | ${f(c.coupledSeconds, 4)} | ${f(c.ratio, 1)} |`),
];
updateReadmeSection(join(ROOT, "bench", "README.md"), "forking", md.join("\n"));
process.stderr.write(md.join("\n") + "\n");
