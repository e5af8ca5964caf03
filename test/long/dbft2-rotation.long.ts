import { describe, it } from "vitest";
import type { Preset } from "../../formulations/dbft2/index.js";
import { expectRotatedOptimum } from "../formulations/dbft2-rotation-check.js";

/**
 * dbft-2-4-5 with Neo's rotation at height 0 (docs/dbft.md): the paper's model with the rotation rows,
 * every preset, proved by HiGHS (about two minutes in all), and the values the fast suite takes from the
 * strengthened model. They equal the optima without the rotation. Height 3 puts the Byzantine node 4 in
 * view 1, where P6 loses one message's worth.
 */
const AT_HEIGHT_0: Record<Preset, number> = { P1: 1400, P2: 900, P3: 100, P4: 41, P5: 1582, P6: 876, P7: -578 };

describe("dbft-2-4-5, Neo's rotation at height 0, the paper's model", () => {
  for (const [preset, value] of Object.entries(AT_HEIGHT_0) as [Preset, number][]) it(`${preset} = ${value}`, () => expectRotatedOptimum(preset, 0, value, true));
});

describe("dbft-2-4-5, Neo's rotation at height 3 (node 4 leads view 1), the strengthened model", () => {
  for (const [preset, value] of Object.entries({ ...AT_HEIGHT_0, P6: 875 }) as [Preset, number][]) it(`${preset} = ${value}`, () => expectRotatedOptimum(preset, 3, value));
});
