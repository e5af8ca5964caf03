/**
 * `make bench` (UNL): the `schwartz` default run (1000 nodes, ripple/simulator's constants), five fresh
 * processes, against the upstream C++ simulator's time for the same run on this machine. The C++ figure
 * is recorded, not rebuilt here (no upstream code in this repository): g++ 12.2 -O2 -std=c++11 -include
 * cstddef, measured on the project machine on 2026-11-29 as 26.2 s CPU (25.3 user + 0.9 sys). Then the
 * `rpca` mode's speed in ledgers per second at 100 and 1000 validators.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { machine, measure, median } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const UPSTREAM_CPU_SECONDS = 26.2;

const runs = [];
for (let k = 0; k < 5; k++) {
  process.stderr.write(`schwartz default run ${k + 1}/5 ...\n`);
  const m = await measure(process.execPath, [join(ROOT, "dist/bench/unl-one.js")]);
  if (m.status !== 0) throw new Error(`unl-one failed: ${m.stderr}`);
  runs.push({ ...(JSON.parse(m.stdout) as { seconds: number; deliveries: number; timeMs: number; messagesOnWire: number; messagesPerNode: number }), processSeconds: m.seconds, peakRssMB: m.peakRssMB });
}
// rpca: fully-validated ledgers per second of wall time, at 100 and 1000 validators (three processes each).
const rpca = [];
for (const nodes of [100, 1000]) {
  const each = [];
  for (let k = 0; k < 3; k++) {
    process.stderr.write(`rpca, ${nodes} validators, run ${k + 1}/3 ...\n`);
    const m = await measure(process.execPath, [join(ROOT, "dist/bench/unl-rpca-one.js"), String(nodes)]);
    if (m.status !== 0) throw new Error(`unl-rpca-one failed: ${m.stderr}`);
    each.push({ ...(JSON.parse(m.stdout) as { seconds: number; ledgers: number; simulatedMs: number; messages: number; rounds: number }), peakRssMB: m.peakRssMB });
  }
  const s = median(each.map((r) => r.seconds));
  rpca.push({ nodes, seconds: s, ledgers: each[0].ledgers, ledgersPerSecond: each[0].ledgers / s, simulatedPerWall: each[0].simulatedMs / 1000 / s, messagesPerSecond: each[0].messages / s, peakRssMB: Math.max(...each.map((r) => r.peakRssMB)), runs: each });
}
const seconds = median(runs.map((r) => r.seconds));
const processSeconds = median(runs.map((r) => r.processSeconds));
const first = runs[0];
const result = {
  machine: machine(),
  run: { timeMs: first.timeMs, messagesOnWire: first.messagesOnWire, messagesPerNode: first.messagesPerNode, deliveries: first.deliveries },
  simulateSeconds: seconds,
  processSeconds,
  deliveriesPerSecond: first.deliveries / seconds,
  peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
  upstreamCpuSeconds: UPSTREAM_CPU_SECONDS,
  speedupOverUpstream: UPSTREAM_CPU_SECONDS / processSeconds,
  runs,
  rpca,
};
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeTextAtomically(join(ROOT, "bench", "results", "unl.json"), JSON.stringify(result, null, 2) + "\n");
const m = result.machine;
const md = [
  "## UNL: Ripple's original simulator (`make bench`, bench/unl.ts)",
  "",
  `Machine: ${m.cpu}, ${m.cores} cores (one used), ${m.memoryGB} GiB, Node ${m.node}; run on ${m.date}. The default run of \`byzopt unl simulate\` (ripple/simulator's constants: 1000 nodes, 15 malicious, seed 5489), five fresh processes, medians.`,
  "",
  "| | ours (`schwartz`) | upstream C++ (g++ 12.2 -O2) |",
  "|---|---:|---:|",
  `| result | ${first.timeMs} ms, ${first.messagesOnWire.toLocaleString("en-US")} on the wire, ${first.messagesPerNode} per node | 631 ms, 74,929, 249 |`,
  `| seconds, whole process | ${processSeconds.toFixed(2)} | ${UPSTREAM_CPU_SECONDS} (CPU, measured once, 2026-11-29) |`,
  `| seconds, simulation alone | ${seconds.toFixed(2)} | – |`,
  `| deliveries per second | ${Math.round(result.deliveriesPerSecond).toLocaleString("en-US")} | ${Math.round(first.deliveries / UPSTREAM_CPU_SECONDS).toLocaleString("en-US")} |`,
  `| peak RSS | ${Math.round(result.peakRssMB)} MB | – |`,
  "",
  `Target: faster than the C++ original: **${result.speedupOverUpstream.toFixed(1)}× faster** (${first.deliveries.toLocaleString("en-US")} deliveries in both).`,
  "",
  "`rpca` (rounds, validations, fully-validated ledgers): `core` UNLs at 90 % overlap, no Byzantine, seed 1, until an honest validator fully validated seq 30; three processes, medians.",
  "",
  "| validators | fully-validated ledgers | seconds | ledgers per second | simulated seconds per second | messages per second | peak RSS |",
  "|---:|---:|---:|---:|---:|---:|---:|",
  ...rpca.map((r) => `| ${r.nodes} | ${r.ledgers} | ${r.seconds.toFixed(2)} | ${r.ledgersPerSecond.toFixed(1)} | ${r.simulatedPerWall.toFixed(0)} | ${Math.round(r.messagesPerSecond).toLocaleString("en-US")} | ${Math.round(r.peakRssMB)} MB |`),
];
updateReadmeSection(join(ROOT, "bench", "README.md"), "unl", md.join("\n"));
process.stderr.write(md.join("\n") + "\n");
