import { describe, expect, it } from "vitest";
import { sweepFigureCells } from "../../instances/sweep/summary-figure.js";
import type { SweepRecord } from "../../instances/sweep/run.js";

const rec = (o: Partial<SweepRecord>): SweepRecord => ({ instance: "dbft-2-4-5", objective: "P1", variant: "reference", deliver: [], status: "optimal", gap: 0, ...o }) as SweepRecord;

describe("the sweep's summary figure", () => {
  it("shows a proved run as 0, a limited one by its gap in %, one without incumbent as grey (null)", () => {
    const cells = sweepFigureCells([
      rec({}),
      rec({ variant: "strengthened", status: "time_limit", gap: 0.12345 }),
      rec({ objective: "P2", status: "time_limit", gap: null }),
      rec({ objective: "P2", variant: "strengthened", status: "infeasible", gap: null, deliver: [1, 3] }),
    ]);
    expect(cells).toEqual([
      { x: "P1 paper", y: "dbft-2-4-5", value: 0 },
      { x: "P1 strengthened", y: "dbft-2-4-5", value: 12.3 },
      { x: "P2 paper", y: "dbft-2-4-5", value: null },
      { x: "P2 strengthened", y: "dbft-2-4-5 d13", value: 0 },
    ]);
    // One model only: the columns are the objectives alone.
    expect(sweepFigureCells([rec({})])[0]!.x).toBe("P1");
  });
});
