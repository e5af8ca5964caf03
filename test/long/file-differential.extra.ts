import { describe, it } from "vitest";
import { fileDifferential } from "../helpers/file-differential.js";


// make file-differential (about N min); not in CI.
describe("random model files (long): byzopt's reader and five backends agree with CBC and glpsol reading the file", () => {
  it("500 models from another fixed seed", async () => {
    await fileDifferential(20261201, 500, 20);
  }, 3_600_000);
});
