import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planSweep } from "../../instances/sweep/plan.js";
import { executeRun } from "../../instances/sweep/run.js";
import { tempDir } from "../helpers/cli.js";

// A cap, not a verdict: every run here is proved in seconds, and the tests assert proved results.
const CAP = 600;

describe("sweep runs with solver auto", () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("a HiGHS crash hands the run to CBC with the whole time limit, and the record says so", async () => {
    const [run] = planSweep({ instances: [{ n: 4, tmax: 4 }], objectives: ["P2"], deliver: [], variants: ["strengthened"], strengthen: ["budget"], solver: "auto" });
    const healthy = await executeRun(run!, dir.path, CAP);
    expect(healthy).toMatchObject({ solver: "highs", status: "optimal", feasible: true });
    const rescued = await executeRun(run!, dir.path, CAP, { fault: "wasm-trap" });
    expect(rescued).toMatchObject({ solver: "cbc", status: "optimal", value: healthy.value, feasible: true, modelRulesBroken: [] });
    expect(rescued.message).toMatch(/^HiGHS failed after [\d.]+ s \(.+\); run again with CBC/);
    // What was written is what was returned: the saved record names CBC.
    expect(JSON.parse(readFileSync(join(dir.path, `${run!.key}.json`), "utf8"))).toMatchObject({ solver: "cbc", message: rescued.message });
  });

  it("a backend chosen by name gets no second chance: the crash is the record", async () => {
    const [run] = planSweep({ instances: [{ n: 4, tmax: 4 }], objectives: ["P2"], deliver: [], variants: ["reference"], strengthen: [], solver: "highs" });
    const crashed = await executeRun(run!, dir.path, CAP, { fault: "wasm-trap" });
    expect(crashed).toMatchObject({ solver: "highs", status: "error", value: null });
    expect(crashed.message).not.toMatch(/CBC/);
  });

  it("a run whose solver fails keeps the checked warm start as its solution, and keeps its status", async () => {
    const [run] = planSweep({ instances: [{ n: 4, tmax: 8 }], objectives: ["P2"], deliver: [], variants: ["strengthened"], strengthen: ["budget"], solver: "highs", warmStart: 5 });
    expect(run!.warmStart).toBe(5);
    // The fault hits the run's own solve, not the shorter horizon's.
    const r = await executeRun(run!, dir.path, CAP, { fault: "wasm-trap" });
    expect(r).toMatchObject({ solver: "highs", status: "error", value: 900, bound: null, feasible: true, modelRulesBroken: [], blocks: 1 });
    expect(r.warmStart).toMatchObject({ from: "dbft-2-4-5", status: "optimal", value: 900, startValue: 900, used: true });
    expect(r.message).toMatch(/^highs crashed: .*; value and solution are the warm start's$/);
  });
});
