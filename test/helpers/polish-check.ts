import { expect, it } from "vitest";
import { buildDbftModel } from "../../formulations/dbft2/build.js";
import { dbftParams } from "../../formulations/dbft2/params.js";
import { viewOfColumns } from "../../formulations/dbft2/variables.js";
import { checkSolution, type Model } from "../../formulations/model/index.js";
import { polishByViews, polishWindows } from "../../instances/view-polish.js";
import { highsSolver } from "../../solvers/highs.js";
import { solveModel } from "../../solvers/registry.js";

const CUTS = ["quorum", "budget", "symmetry", "views", "relays", "existence", "receipts", "sends"] as const;

/** Registers the polish test at dbft-2-n-5: P7's execution (views, no block) polished into P1's optimum. */
export function polishFloodIntoBlock(n: number): void {
  it(`turns dbft-2-${n}-5 P7's view-change flood into P1's optimum: a block after ${n - 1} view changes`, async () => {
    // No clock decides anything here: the solves have no limit, and the budget (a million seconds) is never
    // reached, so the passes end when one improves nothing, whatever the machine's speed.
    const solve = (m: Model, start?: Float64Array) => solveModel(highsSolver, m, start ? { start } : {});
    const UNREACHED = 1e6;
    const p7 = dbftParams({ n, tmax: 5, objective: "P7", strengthen: [...CUTS] });
    const flood = await solve(buildDbftModel(p7).model);
    expect(flood.status).toBe("optimal");
    const p1 = dbftParams({ n, tmax: 5, objective: "P1", strengthen: [...CUTS] });
    const model = buildDbftModel(p1).model;
    const start = checkSolution(model, flood.values!);
    expect(start.feasible).toBe(true);
    const view = viewOfColumns(p1);
    const windows = polishWindows(n);
    let solved = 0;
    const wrong: string[] = [];
    const { point, report } = await polishByViews(p1, model, { values: flood.values!, value: start.objective, label: "P7" }, UNREACHED, (sub, _limit, s) => {
      // Outside the window every column of a view is fixed at the current point; inside, bounds are the model's.
      const [first, last] = windows[solved++ % windows.length]!;
      for (let c = 0; c < sub.numCols; c++) {
        const inside = view[c] === 0 || (view[c]! >= first && view[c]! <= last);
        const ok = inside ? sub.colLower[c] === model.colLower[c] && sub.colUpper[c] === model.colUpper[c] : sub.colLower[c] === Math.round(s[c]!) && sub.colUpper[c] === sub.colLower[c];
        if (!ok) wrong.push(`${first}-${last}: ${model.colName(c)}`);
      }
      return solve(sub, s);
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    // Whole passes, the last one without improvement; the first one improved, so there are two at least.
    expect(report.windows).toBe(solved);
    expect(solved % windows.length).toBe(0);
    expect(solved).toBeGreaterThanOrEqual(2 * windows.length);
    expect(report.improvements.map((w) => w.pass ?? 0)).toEqual([...report.improvements.map((w) => w.pass ?? 0)].sort((a, b) => a - b));
    expect(report.from).toBe(start.objective);
    // One block and n views: what the sweep proves for dbft-2-n-5 P1 (1400 at N = 4, 1700 at N = 7).
    const optimum = 1000 + 100 * n;
    expect(report.value).toBe(optimum);
    expect(point.value).toBe(optimum);
    expect(point.label).toBe("polished P7");
    expect(checkSolution(model, point.values)).toMatchObject({ feasible: true, objective: optimum });
    expect(report.improvements.length).toBeGreaterThan(0);
    // No time, no windows: the start comes back as it was.
    const none = await polishByViews(p1, model, { values: flood.values!, value: start.objective, label: "P7" }, 0, () => {
      throw new Error("no window may be solved");
    });
    expect(none.report).toMatchObject({ from: start.objective, value: start.objective, windows: 0, improvements: [] });
  });
}
