/**
 * Random models with what model files hold (ranged, free and empty rows, infinite and negative bounds,
 * semi-continuous columns, names LP cannot carry), written as MPS and compared with `compareFile`: byzopt
 * reading the file and all five backends, and CBC and glpsol reading it themselves, must agree.
 */
import { describe, it } from "vitest";
import { fileDifferential } from "../helpers/file-differential.js";

describe("random model files: byzopt's reader and five backends agree with CBC and glpsol reading the file", () => {
  it("8 models from a fixed seed (500 in make test-long)", async () => {
    await fileDifferential(Number(process.env.FC_SEED ?? 20261130), Number(process.env.FC_RUNS ?? 8), 0);
  }, 600_000);
});
