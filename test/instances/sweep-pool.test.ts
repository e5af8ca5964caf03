import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDbftModel } from "../../formulations/dbft2/build.js";
import { placeByName } from "../../formulations/dbft2/extend.js";
import { PRESETS } from "../../formulations/dbft2/params.js";
import { checkSolution } from "../../formulations/model/index.js";
import { readSolutionFile } from "../../instances/solution-file.js";
import { planSweep, type SweepRun } from "../../instances/sweep/plan.js";
import { pooledStarts, poolKeys, solutionFileName } from "../../instances/sweep/pool.js";
import { executeRun } from "../../instances/sweep/run.js";
import { traceFromMilp } from "../../verify/dbft/milp-trace.js";
import { traceObjective } from "../../verify/dbft/trace.js";
import { tempDir } from "../helpers/cli.js";

// A cap, not a verdict: every run here is proved in seconds, and the tests assert proved results.
const CAP = 600;

const plan = (n: number, tmax: number, objective: "P1" | "P2" | "P4" | "P7", variant: "reference" | "strengthened" = "strengthened", reuse = true): SweepRun =>
  planSweep({ instances: [{ n, tmax }], objectives: [objective], deliver: [], variants: [variant], strengthen: ["quorum", "budget"], solver: "highs", reuseSolutions: reuse })[0]!;

describe("sweep runs reuse each other's solutions (--reuse-solutions)", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("every finished run saves its solution; it reads back to a point of its own model", async () => {
    const run = plan(4, 3, "P7", "strengthened", false);
    const r = await executeRun(run, dir.path, CAP);
    expect(r).toMatchObject({ status: "optimal", feasible: true });
    const { header, entries } = readSolutionFile(join(dir.path, solutionFileName(run.key)));
    expect(header).toMatchObject({ instance: "dbft-2-4-3", objective: "P7", status: "optimal", value: String(r.value) });
    const { model } = buildDbftModel(run.params);
    const check = checkSolution(model, placeByName(entries, run.params, { model, params: run.params }));
    expect(check.feasible).toBe(true);
    expect(check.objective).toBe(r.value);
  });

  it("a P1 solution (messages not counted) becomes a point of the P4 model: the counters are recomputed", async () => {
    const p1 = plan(4, 3, "P1", "strengthened", false);
    await executeRun(p1, dir.path, CAP);
    const p4 = plan(4, 3, "P4");
    const { model } = buildDbftModel(p4.params);
    const { entries } = readSolutionFile(join(dir.path, solutionFileName(p1.key)));
    // As written, P1's counters say nothing (family 32 is not built when w3 = 0) ...
    const raw = new Float64Array(model.numCols);
    const index = model.colIndex();
    for (const [name, v] of entries) raw[index.get(name)!] = v;
    // ... placed, they count the messages, and the P4 value is the execution's P4 value.
    const placed = placeByName(entries, p1.params, { model, params: p4.params });
    const check = checkSolution(model, placed);
    expect(check.feasible).toBe(true);
    expect(check.objective).toBe(traceObjective(traceFromMilp(p4.params, placed), PRESETS.P4));
    expect(checkSolution(model, raw).feasible).toBe(false);
  });

  it("hands the solver the best saved execution under the run's own objective, and says which", async () => {
    const p4 = plan(4, 4, "P4");
    // The pool of dbft-2-4-4 P4: P1 and P7 at tmax 3 (shorter horizons are extended); not the reference's.
    copyFileSync(join(dir.path, solutionFileName(plan(4, 3, "P7").key)), join(dir.path, solutionFileName(plan(4, 3, "P7", "reference").key)));
    expect(poolKeys([dir.path], p4).map((c) => c.key)).toEqual([plan(4, 3, "P1").key, plan(4, 3, "P7").key]);
    const { model } = buildDbftModel(p4.params);
    const pool = pooledStarts([dir.path], p4, model);
    const scored = pool.candidates.map((c) => c.value!);
    // P4 minimises; each candidate's value is its execution scored with P4's weights.
    for (const [k, c] of pool.candidates.entries()) {
      const { entries } = readSolutionFile(join(dir.path, solutionFileName(c.key)));
      expect(c.value).toBe(traceObjective(traceFromMilp(p4.params, placeByName(entries, { n: 4, tmax: 3 }, { model, params: p4.params })), PRESETS.P4));
      expect(scored[k]).toBeGreaterThanOrEqual(Math.min(...scored));
    }
    expect(pool.best!.value).toBe(Math.min(...scored));
    const r = await executeRun(p4, dir.path, CAP);
    expect(r.pool).toMatchObject({ used: pool.best!.key, value: pool.best!.value });
    expect(r.status).toBe("optimal");
    expect(r.value!).toBeLessThanOrEqual(pool.best!.value);
  });

  it("--pool-dir: other directories add candidates, read only; a key found twice is taken from the first", () => {
    const other = tempDir();
    try {
      const p4 = plan(4, 4, "P4");
      copyFileSync(join(dir.path, solutionFileName(plan(4, 3, "P7").key)), join(other.path, solutionFileName(plan(4, 3, "P7").key)));
      copyFileSync(join(dir.path, solutionFileName(plan(4, 3, "P1").key)), join(other.path, solutionFileName(plan(4, 3, "P2").key)));
      const keys = poolKeys([dir.path, other.path], p4);
      // The sweep's own first (P4 at tmax 4 is the previous test's run), then the other directory's.
      expect(keys.map((c) => c.key)).toEqual([plan(4, 3, "P1").key, plan(4, 3, "P7").key, p4.key, plan(4, 3, "P2").key]);
      expect(keys.find((c) => c.key === plan(4, 3, "P7").key)!.path).toBe(join(dir.path, solutionFileName(plan(4, 3, "P7").key)));
      const { model } = buildDbftModel(p4.params);
      expect(pooledStarts([dir.path, other.path], p4, model).candidates.map((c) => c.key)).toEqual(keys.map((c) => c.key));
      expect(poolKeys([join(other.path, "missing")], p4)).toEqual([]);
    } finally {
      other.remove();
    }
  });

  it("a file that cannot be read or placed is noted among the candidates; the run goes on", async () => {
    const p7 = plan(4, 5, "P7");
    writeFileSync(join(dir.path, solutionFileName(plan(4, 4, "P1").key)), "# byzopt.solution/1\nNoSuchColumn 1\n");
    writeFileSync(join(dir.path, solutionFileName(plan(4, 4, "P7").key)), "not a solution");
    const r = await executeRun(p7, dir.path, CAP);
    expect(r).toMatchObject({ status: "optimal", feasible: true });
    const notes = Object.fromEntries(r.pool!.candidates.map((c) => [c.key, c.note ?? c.value]));
    expect(notes[plan(4, 4, "P1").key]).toMatch(/column NoSuchColumn has no counterpart/);
    expect(notes[plan(4, 4, "P7").key]).toMatch(/not a byzopt\.solution\/1 file/);
    expect(typeof notes[plan(4, 3, "P7").key]).toBe("number");
    expect(JSON.parse(readFileSync(join(dir.path, `${p7.key}.json`), "utf8")).pool.candidates).toHaveLength(r.pool!.candidates.length);
  });
});
