/**
 * `make explore-long`: MaxView 2, where TLC ran out of memory, explored as far as 8 GB allows (the
 * explorer stops cleanly at the cap and says how far it got), and the MaxView 1 scope the verdict matrix's
 * state cap leaves open. Hours on 2 cores. Results:
 * bench/results/explore-long.json and the explore-long section of bench/README.md.
 * EXPLORE_LONG_CELLS=label,label picks cells; EXPLORE_LONG_GB sets the cap (default 8).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { explore } from "../verify/dbft/explore/explorer.js";
import { Machine } from "../formulations/dbft2/variants/machine.js";
import { stepText } from "../formulations/dbft2/variants/describe.js";
import type { VariantConfig } from "../formulations/dbft2/variants/types.js";
import { machine } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GB = Number(process.env.EXPLORE_LONG_GB ?? 8);
const OUT = join(ROOT, "bench", "results", "explore-long.json");
const base: VariantConfig = { protocol: "dbft2.0", n: 4, maxView: 2, dead: [], faulty: [], pool: "shared", commitCount: "any" };

const CELLS: readonly { label: string; config: VariantConfig }[] = [
  { label: "dbft2.0 all good", config: base },
  { label: "dbft2.0 RMDead {0}", config: { ...base, dead: [0] } },
  { label: "antimev RMDead {0}", config: { ...base, protocol: "antimev", dead: [0] } },
  { label: "cv3 all good", config: { ...base, protocol: "cv3" } },
  { label: "cv3 RMDead {0}", config: { ...base, protocol: "cv3", dead: [0] } },
  { label: "ccv all good", config: { ...base, protocol: "ccv" } },
  // ccv with a bad node: the MaxView 1 scope the verdict matrix's cap leaves open with no violation found.
  { label: "ccv RMFault {0} at MaxView 1", config: { ...base, protocol: "ccv", maxView: 1, faulty: [0] } },
];

type Row = Record<string, unknown> & { label: string };

function main(): void {
  const wanted = process.env.EXPLORE_LONG_CELLS?.split(",").map((s) => s.trim());
  const unknown = wanted?.filter((w) => !CELLS.some((c) => c.label === w)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`explore-long: no scope named ${unknown.map((u) => JSON.stringify(u)).join(", ")}; the scopes: ${CELLS.map((c) => c.label).join(", ")}\n`);
    process.exit(2);
  }
  // Read again before every write: two runs with different EXPLORE_LONG_CELLS may share the file.
  const stored = (): Map<string, Row> => new Map((existsSync(OUT) ? (JSON.parse(readFileSync(OUT, "utf8")) as { rows: Row[] }).rows : []).map((r) => [r.label, r]));
  let rows = stored();
  for (const cell of CELLS) {
    if (wanted && !wanted.includes(cell.label)) continue;
    process.stderr.write(`explore-long: ${cell.label}\n`);
    const started = performance.now();
    const r = explore({ config: cell.config, memoryCap: GB * 2 ** 30, onProgress: (p) => process.stderr.write(`  ${p.states} states, depth ${p.depth + 1}, ${(p.bytes / 2 ** 30).toFixed(2)} GiB\n`), progressEvery: 10_000_000 });
    const seconds = (performance.now() - started) / 1000;
    const m = new Machine(cell.config);
    const words = (w: typeof r.firstLock) => (w ? w.steps.map((s) => stepText(m, s)) : null);
    rows = stored();
    rows.set(cell.label, { label: cell.label, config: cell.config, complete: r.complete, stoppedBy: r.stoppedBy, states: r.states, expanded: r.expanded, transitions: r.transitions, depth: r.depth + 1, forks: r.forks, locks: r.locks, cuts: r.cuts, keys: r.keys, keyBytes: r.keyBytes, gigabytes: Number((r.bytes / 2 ** 30).toFixed(2)), bytesPerState: Number((r.bytes / r.states).toFixed(1)), seconds: Number(seconds.toFixed(1)), statesPerSecond: Math.round(r.expanded / seconds), shortestFork: words(r.firstFork), shortestLock: words(r.firstLock), machine: machine() });
    // Written after every cell: a run of hours keeps what it measured.
    writeTextAtomically(OUT, JSON.stringify({ capGB: GB, rows: [...rows.values()] }, null, 2) + "\n");
  }
  rows = stored();
  const list = CELLS.map((c) => rows.get(c.label)).filter((r): r is Row => r !== undefined);
  const n = (x: unknown) => Number(x).toLocaleString("en-US");
  const table = [
    "### MaxView 2, as far as 8 GB allows (`make explore-long`)",
    "",
    "N = 4, shared pool, MaxView 2 unless the scope says otherwise, symmetry on (none applies at MaxView 2: every node but one leads a view). TLC ran out of memory on the MaxView 2 scopes. A stopped run proves nothing beyond the states it expanded.",
    "",
    "| scope | result | states | depth | forks | locks | time | states/s | memory |",
    "|---|---|---|---|---|---|---|---|---|",
    ...list.map((r) => `| ${r.label} | ${r.complete ? "complete" : `stopped (${String(r.stoppedBy)})`} | ${n(r.states)} | ${String(r.depth)} | ${n(r.forks)} | ${n(r.locks)} | ${Number(r.seconds).toFixed(0)} s | ${n(r.statesPerSecond)} | ${String(r.gigabytes)} GiB (${String(r.bytesPerState)} B/state) |`),
    "",
    `Measured on ${String((list[0]?.machine as { cpu?: string } | undefined)?.cpu ?? "?")}, ${String((list[0]?.machine as { date?: string } | undefined)?.date ?? "?")}.`,
  ];
  updateReadmeSection(join(ROOT, "bench", "README.md"), "explore-long", table.join("\n"));
}

main();
