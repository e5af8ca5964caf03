/**
 * `make bench` (explore): the exhaustive explorer's speed and memory on fixed scopes, as states per second
 * and bytes per state (the explorer's own arrays: keys, parents, table, queue), each beside the first
 * scope's rate. `make explore-long` (bench/explore-long.ts) goes to 8 GB at MaxView 2.
 * Results: bench/results/explore.json and the explore section of bench/README.md.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { explore } from "../verify/dbft/explore/explorer.js";
import type { VariantConfig } from "../formulations/dbft2/variants/types.js";
import { machine } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const base: VariantConfig = { protocol: "dbft2.0", n: 4, maxView: 1, dead: [], faulty: [], pool: "shared", commitCount: "any" };

const SCOPES: readonly { label: string; config: VariantConfig; symmetry: boolean; maxStates?: number }[] = [
  { label: "dbft2.0, MaxView 1, RMDead {0}, no symmetry (the spec's 167,048)", config: { ...base, dead: [0] }, symmetry: false },
  { label: "dbft2.0, MaxView 1, RMDead {0}, symmetry", config: { ...base, dead: [0] }, symmetry: true },
  { label: "cv3, MaxView 1, all good, symmetry", config: { ...base, protocol: "cv3" }, symmetry: true },
  { label: "cv3, MaxView 2, all good, first 5·10⁶ states", config: { ...base, protocol: "cv3", maxView: 2 }, symmetry: true, maxStates: 5e6 },
  { label: "ccv, MaxView 1, all good (hashed keys), first 2·10⁶ states", config: { ...base, protocol: "ccv" }, symmetry: true, maxStates: 2e6 },
  { label: "dbft2.0, MaxView 0, local pools, first 10⁶ states", config: { ...base, maxView: 0, pool: "local" }, symmetry: true, maxStates: 1e6 },
];

function main(): void {
  const rows = SCOPES.map((s) => {
    process.stderr.write(`explore: ${s.label}\n`);
    const started = performance.now();
    const r = explore({ config: s.config, symmetry: s.symmetry, ...(s.maxStates ? { maxStates: s.maxStates } : {}) });
    const seconds = (performance.now() - started) / 1000;
    return { label: s.label, complete: r.complete, states: r.states, expanded: r.expanded, transitions: r.transitions, keys: r.keys, keyBytes: r.keyBytes, seconds: Number(seconds.toFixed(3)), statesPerSecond: Math.round(r.expanded / seconds), bytesPerState: Number((r.bytes / r.states).toFixed(1)) };
  });
  const baseline = rows[0]!.statesPerSecond;
  writeTextAtomically(join(ROOT, "bench", "results", "explore.json"), JSON.stringify({ machine: machine(), rows: rows.map((r) => ({ ...r, rateVsFirst: Number((r.statesPerSecond / baseline).toFixed(2)) })) }, null, 2) + "\n");
  const m = machine();
  const table = [
    `### Exhaustive explorer (\`verify explore\`)`,
    "",
    `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GiB, Node ${m.node}, ${m.date}. One thread. Bytes per state: the explorer's arrays (keys, parent ids, hash table, queue) over the states held, chunks of 2¹⁸ states included, so small runs show more.`,
    "",
    "| scope | states | complete | keys | states/s | vs first | bytes/state |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.label} | ${r.states.toLocaleString("en-US")} | ${r.complete ? "yes" : "no (cap)"} | ${r.keys}, ${r.keyBytes} B | ${r.statesPerSecond.toLocaleString("en-US")} | ${(r.statesPerSecond / baseline).toFixed(2)} | ${r.bytesPerState} |`),
  ];
  updateReadmeSection(join(ROOT, "bench", "README.md"), "explore", table.join("\n"));
}

main();
