/**
 * Mutated LP and MPS files (truncated, tokens swapped, huge numbers, NaN and Inf, duplicated or deleted
 * lines, binary garbage): `byzopt solve` refuses them in one line (exit 2) or solves them with values it
 * checks; never a stack trace, a hang or exit 1. A longer run: make fuzz.
 */
import { describe, expect, it } from "vitest";
import { fuzzModelFiles } from "../helpers/model-fuzz.js";

describe("byzopt solve on mutated model files", () => {
  it("60 mutated files from a fixed seed: exit 2 in one line, or a checked solve", async () => {
    const counts = await fuzzModelFiles(Number(process.env.FC_SEED ?? 20261130), Number(process.env.FC_RUNS ?? 60));
    // Both outcomes occur, or the property proves little.
    expect(counts.refused).toBeGreaterThan(5);
    expect(counts.solved).toBeGreaterThan(5);
  }, 600_000);
});
