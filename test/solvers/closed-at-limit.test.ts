import { describe, expect, it } from "vitest";
import { CLOSED_AT_LIMIT, closedAtLimit } from "../../solvers/closing.js";
import type { SolveResult } from "../../solvers/types.js";

const limited = (objective: number | null, bound: number | null, values: Float64Array | null = new Float64Array([1])): SolveResult => ({
  solver: "cbc",
  status: "time_limit",
  objective,
  bound,
  gap: null,
  seconds: 600,
  nodes: 0,
  values,
  message: "Cbc0020I Exiting on maximum time",
});

describe("a time-limited run whose incumbent reaches the solver's bound", () => {
  it("is optimal, and the message says how it was proved", () => {
    const r = closedAtLimit(limited(4244, 4244));
    expect(r).toMatchObject({ status: "optimal", objective: 4244, bound: 4244, gap: 0 });
    expect(r.message).toBe(`Cbc0020I Exiting on maximum time; ${CLOSED_AT_LIMIT}`);
  });

  it("is optimal for a minimisation too, and with the printed numbers' rounding", () => {
    expect(closedAtLimit(limited(-3240, -3240.000000001)).status).toBe("optimal");
  });

  it("stays time-limited with any real gap, without a bound, or without the solution", () => {
    expect(closedAtLimit(limited(1000, 2000)).status).toBe("time_limit");
    expect(closedAtLimit(limited(-1240, -1260.875)).status).toBe("time_limit");
    expect(closedAtLimit(limited(2000, 2000.5)).status).toBe("time_limit");
    expect(closedAtLimit(limited(2000, null)).status).toBe("time_limit");
    expect(closedAtLimit(limited(null, 2000)).status).toBe("time_limit");
    expect(closedAtLimit(limited(2000, 2000, null)).status).toBe("time_limit");
  });

  it("follows the caller's gap when one is given", () => {
    expect(closedAtLimit(limited(2000, 2000.5), 1e-3).status).toBe("optimal");
    expect(closedAtLimit(limited(2000, 2001), 1e-4).status).toBe("time_limit");
  });

  it("leaves every other status alone", () => {
    for (const status of ["interrupted", "error", "optimal"] as const) expect(closedAtLimit({ ...limited(5, 5), status }).status).toBe(status);
  });
});
