import { describe, expect, it } from "vitest";
import { withWarmStart, type WarmStart } from "../../instances/warm-start.js";
import { CLOSED_AT_LIMIT } from "../../solvers/closing.js";
import type { SolveResult } from "../../solvers/types.js";

const warm: WarmStart = {
  report: { from: "dbft-2-10-5", tmax: 5, solver: "highs", status: "optimal", value: 2000, seconds: 77, startValue: 2000, used: true },
  values: new Float64Array([1, 0, 1]),
};

const crashedAfterLimit = (bound: number | null): SolveResult => ({ solver: "cbc", status: "time_limit", objective: null, bound, gap: null, seconds: 450, nodes: null, values: null, message: "cbc crashed after its time limit" });

describe("withWarmStart", () => {
  it("adds the shorter solve's seconds", () => {
    expect(withWarmStart(crashedAfterLimit(2600), warm).seconds).toBe(527);
  });

  it("keeps the start as the solution of a run that lost its incumbent, time-limited while the bound is above it", () => {
    const r = withWarmStart(crashedAfterLimit(2600), warm);
    expect(r).toMatchObject({ status: "time_limit", objective: 2000, bound: 2600, gap: 0.3 });
    expect(r.values).toBe(warm.values);
  });

  it("calls the kept start optimal when the solver's bound equals it", () => {
    const r = withWarmStart(crashedAfterLimit(2000), warm);
    expect(r).toMatchObject({ status: "optimal", objective: 2000, bound: 2000, gap: 0 });
    expect(r.message).toBe(`cbc crashed after its time limit; value and solution are the warm start's; ${CLOSED_AT_LIMIT}`);
  });

  it("never calls a failed run optimal, whatever its bound", () => {
    const r = withWarmStart({ ...crashedAfterLimit(2000), status: "error" }, warm);
    expect(r).toMatchObject({ status: "error", objective: 2000 });
  });
});
