/**
 * `node dist/bench/forking-one.js N BETA RUNS` simulates RUNS runs of the forking lattice (adjacent long
 * links, fixed delays) on one core and prints {seconds, runsPerSecond, meanLongLinks, nodes}; the
 * parent (bench/forking.ts) measures its peak RSS.
 */
import { buildDiamond } from "../verify/forking/lattice.js";
import { simulateRun } from "../verify/forking/simulate.js";

const [n, beta, runs] = process.argv.slice(2).map(Number);
const g = buildDiamond(n);
const params = { n, beta, ds: 1, dl: 1.5, scale: 1, long: "adjacent" as const, delay: "fixed" as const, delta: 1, tMax: 2 * n };
const started = performance.now();
let links = 0;
for (let r = 0; r < runs; r++) links += simulateRun(params, 1, r, g).longLinks;
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, runsPerSecond: runs / seconds, meanLongLinks: links / runs, nodes: g.size }) + "\n");
