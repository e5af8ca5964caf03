import { describe, expect, it } from "vitest";
import { fuzzModelFiles } from "../helpers/model-fuzz.js";

describe("byzopt solve on mutated model files (make fuzz)", () => {
  it("3000 mutated files from another fixed seed, every backend", async () => {
    const counts = await fuzzModelFiles(Number(process.env.FC_SEED ?? 20261202), Number(process.env.FC_RUNS ?? 3000), ["highs", "glpk", "jslp", "cbc", "glpsol"]);
    expect(counts.refused).toBeGreaterThan(100);
    expect(counts.solved).toBeGreaterThan(100);
  }, 3_600_000);
});
