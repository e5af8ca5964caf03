import { describe, it } from "vitest";
import { fileDifferential } from "../helpers/file-differential.js";

// Not in CI yet (make file-differential): CBC 2.10 crashes on some models with semi-continuous columns
// (CoinError "Illegal index" in setColLower, found at the 5th model of this seed), which the cbc backend
// does not yet survive by solving again.
describe("random model files (long): byzopt's reader and five backends agree with CBC and glpsol reading the file", () => {
  it("500 models from another fixed seed", async () => {
    await fileDifferential(20261201, 500, 20);
  }, 3_600_000);
});
