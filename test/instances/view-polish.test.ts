import { describe, expect, it } from "vitest";
import { buildDbftModel } from "../../formulations/dbft2/build.js";
import { dbftParams, dbftVariableCount } from "../../formulations/dbft2/params.js";
import { viewOfColumns } from "../../formulations/dbft2/variables.js";
import { polishWindows } from "../../instances/view-polish.js";
import { polishFloodIntoBlock } from "../helpers/polish-check.js";

describe("polishing a start over windows of views", () => {
  it("tries the tail first, then every pair of neighbours, each window once", () => {
    expect(polishWindows(4)).toEqual([[4, 4], [3, 4], [2, 4], [1, 2], [2, 3]]);
    expect(polishWindows(16)).toHaveLength(17);
  });

  it("knows the view of every column, and only the scalars have none", () => {
    const p = { n: 4, tmax: 3 };
    const { model } = buildDbftModel(dbftParams({ ...p, objective: "P1" }));
    const view = viewOfColumns(p);
    expect(view).toHaveLength(dbftVariableCount(4, 3));
    const names = model.colNames();
    for (let c = 0; c < model.numCols; c++) {
      const last = /[,(](\d+)\)$/.exec(names[c]!);
      expect(view[c], names[c]).toBe(last ? Number(last[1]) : 0);
    }
  });

  // N = 4 here (dbft-2-7-5, a block after six view changes, in `make test-long`).
  polishFloodIntoBlock(4);
});
