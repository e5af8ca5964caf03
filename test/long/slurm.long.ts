import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { byzopt, type CliRun, tempDir } from "../helpers/cli.js";
import { snapshotDir } from "../helpers/snapshot.js";
import { type SlurmCluster, startSlurmCluster, stopSlurmClusters, WAIT_BUDGET_MS } from "../helpers/slurm-cluster.js";

// `--slurm --submit` end to end: a real single-node Slurm cluster (munged, slurmctld, slurmd in a temporary
// directory), the grids submitted through byzopt's own flags, the merge job awaited, and the merged
// results compared with what one local process writes. Without Slurm the cases are skipped with the
// reason; CI sets BYZOPT_REQUIRE_SLURM=1 so that there a missing or broken cluster fails instead.
const REQUIRE = process.env.BYZOPT_REQUIRE_SLURM === "1";
// Hang guards only, never a verdict: a case's waits for its jobs end this long after the case began at the
// latest (and never take more than WAIT_BUDGET_MS), inside vitest's testTimeout of 600 s, so that a hang
// fails with the jobs' states and the daemons' logs rather than a bare timeout.
const CASE_BUDGET_MS = 540_000;

const dir = tempDir("byzopt-slurm-test-");
const at = (...p: string[]): string => join(dir.path, ...p);
let cluster: SlurmCluster | null = null;
let skipped = "";

beforeAll(async () => {
  const c = await startSlurmCluster();
  if ("skipped" in c) {
    skipped = c.skipped;
    console.warn(`slurm.long.ts: ${skipped}`);
    if (REQUIRE) throw new Error(`BYZOPT_REQUIRE_SLURM=1, but ${skipped}`);
    return;
  }
  cluster = c;
}, 180_000);

// Every cluster this file started, even one whose start-up beforeAll gave up waiting for (its start-up
// then stops at its next step): nothing is left running.
afterAll(async () => {
  try {
    await stopSlurmClusters();
  } finally {
    dir.remove();
  }
}, 120_000);

function needCluster(ctx: TestContext): SlurmCluster {
  if (!cluster) ctx.skip(`no Slurm test cluster: ${skipped.split("\n")[0]}`);
  return cluster!;
}

/** Submits with byzopt's `--slurm --submit` (SLURM_CONF pointing at the test cluster); the two job ids. */
function submit(c: SlurmCluster, args: readonly string[], tasks: number): { array: string; merge: string } {
  const r = byzopt([...args, "--slurm", "--slurm-tasks", String(tasks), "--submit"], undefined, c.env);
  expect(r.status, r.stderr).toBe(0);
  const m = new RegExp(`^submitted: array job (\\d+) \\(${tasks} tasks\\), merge job (\\d+) \\(after the array\\)$`, "m").exec(r.stdout);
  expect(m, r.stdout).not.toBeNull();
  return { array: m![1]!, merge: m![2]! };
}

/** The jobs' output files (written by Slurm into the grid's directory), for a failure message. */
function jobOutputs(out: string): string {
  return readdirSync(out)
    .filter((f) => f.endsWith(".out"))
    .sort()
    .map((f) => `--- ${f} ---\n${readFileSync(join(out, f), "utf8").trimEnd().split("\n").slice(-20).join("\n")}`)
    .join("\n");
}

/** Waits for both jobs (until CASE_BUDGET_MS after `began` at the latest); every array task and the merge must have COMPLETED (exit 0). */
async function expectCompleted(c: SlurmCluster, ids: { array: string; merge: string }, tasks: number, out: string, began: number): Promise<void> {
  const budget = Math.max(10_000, Math.min(WAIT_BUDGET_MS, CASE_BUDGET_MS - (Date.now() - began)));
  const states = await c.waitForJobs([ids.array, ids.merge], budget);
  const why = () => `${JSON.stringify(states)}\n${jobOutputs(out)}\n${c.logTail()}`;
  expect(states[ids.array], why()).toEqual(Array(tasks).fill("COMPLETED"));
  expect(states[ids.merge], why()).toEqual(["COMPLETED"]);
}

const withoutSeconds = (r: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "seconds"));

/** Every sweep record of a directory, by file name, without its run time. */
function sweepRecords(out: string): Map<string, Record<string, unknown>> {
  const names = readdirSync(out)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return new Map(names.map((f) => [f, withoutSeconds(JSON.parse(readFileSync(join(out, f), "utf8")) as Record<string, unknown>)]));
}

/** summary.csv without its `seconds` column (the run times). */
function csvWithoutSeconds(out: string): string[][] {
  const rows = readFileSync(join(out, "summary.csv"), "utf8").trimEnd().split("\n").map((l) => l.split(","));
  const col = rows[0]!.indexOf("seconds");
  expect(col).toBeGreaterThan(0);
  return rows.map((r) => r.filter((_, k) => k !== col));
}

/** summary.md with the cells of its `s` (seconds) columns emptied. */
function markdownWithoutSeconds(out: string): string {
  let cols: number[] = [];
  return readFileSync(join(out, "summary.md"), "utf8")
    .split("\n")
    .map((line) => {
      if (!line.startsWith("|")) return line;
      const cells = line.split("|");
      if (cells.some((x) => x.trim() === "s")) cols = cells.flatMap((x, k) => (x.trim() === "s" ? [k] : []));
      else for (const k of cols) if (/^ [\d.]+ $/.test(cells[k] ?? "")) cells[k] = " ";
      return cells.join("|");
    })
    .join("\n");
}

const snapshot = (root: string): Map<string, string> => snapshotDir(root, /\.(sbatch|out)$/);

describe("--slurm --submit on a real single-node Slurm cluster", () => {
  it("byzopt sweep: 3 array tasks and the merge write the records and summaries of a local run (run times aside)", async (ctx) => {
    const began = Date.now();
    const c = needCluster(ctx);
    const sweep = (out: string) => ["sweep", "--instances", "4,3", "--objectives", "P1..P7", "--compare", "--solver", "highs", "--time-limit", "600", "--out", out];
    const ids = submit(c, sweep(at("sweep-slurm")), 3);
    // The local run goes while the cluster works: every run here is proved optimal, whatever the load.
    const local: CliRun = byzopt(sweep(at("sweep-local")));
    expect(local.status, local.stderr).toBe(0);
    await expectCompleted(c, ids, 3, at("sweep-slurm"), began);

    const a = sweepRecords(at("sweep-local"));
    const b = sweepRecords(at("sweep-slurm"));
    const keys = ["reference", "strengthened"].flatMap((v) => [1, 2, 3, 4, 5, 6, 7].map((p) => `dbft-2-4-3-P${p}-${v}-highs.json`)).sort();
    expect([...a.keys()]).toEqual(keys);
    expect([...b.keys()]).toEqual(keys);
    for (const r of a.values()) expect(r).toMatchObject({ status: "optimal", feasible: true });
    expect(b).toEqual(a);
    expect(csvWithoutSeconds(at("sweep-slurm"))).toEqual(csvWithoutSeconds(at("sweep-local")));
    expect(csvWithoutSeconds(at("sweep-slurm"))).toHaveLength(15);
    const md = markdownWithoutSeconds(at("sweep-slurm"));
    expect(md).toContain("- reference: 7 of 7 runs proved");
    expect(md).toContain("- strengthened: 7 of 7 runs proved");
    expect(md).toEqual(markdownWithoutSeconds(at("sweep-local")));
    // The merge job's own output is the summary it wrote.
    expect(jobOutputs(at("sweep-slurm"))).toContain(`wrote ${at("sweep-slurm", "summary.md")}, summary.csv and summary.svg from 14 results`);
  });

  it("byzopt unl grid: 3 array tasks of 2 cores (1 on a 1-core machine) and the merge write byte for byte the local grid", async (ctx) => {
    const began = Date.now();
    const c = needCluster(ctx);
    // The node has availableParallelism() CPUs: a task asking for more would never be scheduled.
    const cpus = Math.min(2, availableParallelism());
    // As test/cli/unl-grid.test.ts: 15 points of 2 runs each, a few seconds.
    const SMALL = ["--nodes", "40", "--runs", "2", "--max-time", "5000", "--malicious-pcts", "0,20,30", "--overlaps", "40,90", "--figure", "F1,F2,F5"];
    const grid = (out: string) => ["unl", "grid", "--out", out, ...SMALL];
    const ids = submit(c, [...grid(at("unl-slurm")), "--cpus-per-task", String(cpus)], 3);
    const local = byzopt([...grid(at("unl-local")), "--jobs", "2"]);
    expect(local.status, local.stderr).toBe(0);
    await expectCompleted(c, ids, 3, at("unl-slurm"), began);

    const a = snapshot(at("unl-local"));
    const b = snapshot(at("unl-slurm"));
    expect([...a.keys()].filter((f) => f.startsWith("records"))).toHaveLength(15);
    for (const f of ["summary.md", "points.csv", "F1.svg", "F2.svg", "F5.svg"]) expect(a.has(f), f).toBe(true);
    expect(a.get("summary.md")).toContain("## Missing points: 0 of 15");
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, text] of a) expect(b.get(f), f).toBe(text);
    // Each array task ran its own shard: 5 of the 15 points, on its cores.
    const tasks = readdirSync(at("unl-slurm")).filter((f) => new RegExp(`^byzopt-unl-grid-${ids.array}_\\d\\.out$`).test(f));
    expect(tasks).toHaveLength(3);
    for (const f of tasks) expect(readFileSync(at("unl-slurm", f), "utf8")).toContain("15 points (5 run, 0 done already)");
  });
});
