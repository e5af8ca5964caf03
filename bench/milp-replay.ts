/**
 * `make milp-replay`: the proved dbft-2-4-5 optima P1–P7 with Neo's rotation fixed (height 0), each re-run
 * in the simulator (verify replay of a MILP attack) and compared. Results: docs/dbft-variants/milp-replay.json
 * and the table between the milp-replay markers of docs/dbft-variants.md.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTextAtomically } from "../solvers/atomic-file.js";
import { buildDbftModel, dbftParams, PRESET_NAMES } from "../formulations/dbft2/index.js";
import { solveModel, solverNamed } from "../solvers/registry.js";
import { traceFromMilp } from "../verify/dbft/milp-trace.js";
import { replayMilp } from "../verify/dbft/milp-replay.js";
import { machine } from "./measure.js";
import { updateReadmeSection } from "./readme.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The differences that explain a changed outcome: relays, views, and sends other than the primary's PrepareResponse. */
function essential(differences: readonly string[]): string {
  const picked = differences.filter((d) => !/the MILP's primary sends a PrepareResponse/.test(d));
  return picked.slice(0, 4).join("; ").replace(/\|/g, "/");
}

async function main(): Promise<void> {
  const rows = [];
  for (const objective of PRESET_NAMES) {
    const p = dbftParams({ n: 4, tmax: 5, objective, rotation: { height: 0 } });
    const { model } = buildDbftModel(p);
    process.stderr.write(`milp-replay: ${objective}\n`);
    const r = await solveModel(solverNamed("highs"), model, {});
    if (!r.values) throw new Error(`${objective}: no solution (${r.status})`);
    const milp = traceFromMilp(p, r.values, { objective });
    const replay = replayMilp(milp);
    rows.push({ objective, status: r.status, value: r.objective, relays: replay.relays, views: replay.views, same: replay.same, outcome: replay.result.outcome, differences: replay.differences });
  }
  mkdirSync(join(ROOT, "docs", "dbft-variants"), { recursive: true });
  writeTextAtomically(join(ROOT, "docs", "dbft-variants", "milp-replay.json"), JSON.stringify({ machine: machine(), rows }, null, 2) + "\n");
  const table = [
    `dbft-2-4-5 with \`--rotation neo:0\`, solved by HiGHS, each optimum re-run by \`verify replay\` (10 ticks per step). Measured ${machine().date}.`,
    "",
    "| objective | optimum | relays MILP → simulator | views reached MILP → simulator | differences (first four, the primary's PrepareResponse left out) |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.objective} | ${r.status} ${r.value} | ${r.relays.milp.join(", ") || "none"} → ${r.relays.simulator.join(", ") || "none"} | ${r.views.milp.join(",")} → ${r.views.simulator.join(",")} | ${r.same ? "same relays and views" : essential(r.differences)} |`),
  ];
  updateReadmeSection(join(ROOT, "docs", "dbft-variants.md"), "milp-replay", table.join("\n"));
}

void main();
