import { describe, expect, it } from "vitest";
import { LinearExpr, ModelBuilder, type Model } from "../../formulations/model/index.js";
import { CLOSED_BY_START } from "../../solvers/closing.js";
import { solveModel } from "../../solvers/registry.js";
import type { SolveOptions, SolveResult, Solver } from "../../solvers/types.js";

/** max 3x + 2y + 10 subject to x + y ≤ 1, x and y binary: the optimum is 13, at x = 1. */
function tiny(): Model {
  const b = new ModelBuilder("tiny");
  const x = b.addScalar("x", "binary");
  const y = b.addScalar("y", "binary");
  b.namedRow("one", "<=").add(x).add(y).end(1);
  b.setObjective("max", new LinearExpr().add(x, 3).add(y, 2).addConstant(10));
  return b.build();
}

/**
 * A backend that reports one bound (as backends do: without the objective's constant), then works until
 * it is stopped or its limit passes, and finds nothing: what CBC does while preprocessing a large model.
 * No clock: the "limit" passes on the event loop's next turn after the report, so whether the stop came
 * first depends only on what the report set off, never on the machine's speed.
 */
function slowBackend(bound: number, seen: { stopped: boolean }): Solver {
  const solve = (_m: Model, o: SolveOptions = {}): Promise<SolveResult> =>
    new Promise((resolve) => {
      const base = { solver: "cbc" as const, objective: null, bound, gap: null, nodes: 0, values: null };
      let settled = false;
      const settle = (r: SolveResult) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const stop = () => {
        seen.stopped = true;
        settle({ ...base, status: "interrupted", seconds: 0.1, message: "Stopped on ctrl-c" });
      };
      if (o.signal?.aborted) stop();
      o.signal?.addEventListener("abort", stop);
      queueMicrotask(() => {
        if (settled) return;
        o.onProgress?.({ seconds: 0.05, incumbent: null, bound, gap: null, nodes: 0 });
        setImmediate(() => settle({ ...base, status: "time_limit", seconds: 2 }));
      });
    });
  return { name: "cbc", description: "slow test backend", takesStart: true, takesNodeLimit: false, takesSemi: false, refuse: () => null, solve };
}

// The time limits below are handed to the fake backend, which ignores them: no clock decides anything.
describe("a MIP start whose value the solver's bound reaches", () => {
  const model = tiny();
  const start = new Float64Array([1, 0]);

  it("is optimal: the solver is stopped there and the start is the solution", async () => {
    const seen = { stopped: false };
    const r = await solveModel(slowBackend(3, seen), model, { timeLimit: 2, start });
    expect(seen.stopped).toBe(true);
    expect(r).toMatchObject({ status: "optimal", objective: 13, bound: 13, gap: 0 });
    expect(Array.from(r.values!)).toEqual([1, 0]);
    expect(r.message).toBe(`${CLOSED_BY_START} (13)`);
  });

  it("is not optimal while the bound is above it: the solver runs to its limit", async () => {
    const seen = { stopped: false };
    const r = await solveModel(slowBackend(3.5, seen), model, { timeLimit: 2, start });
    expect(seen.stopped).toBe(false);
    expect(r).toMatchObject({ status: "time_limit", objective: null, bound: 13.5 });
  });

  it("is not trusted when it breaks a row, whatever the bound", async () => {
    const seen = { stopped: false };
    // x = y = 1 is worth 15 and breaks x + y ≤ 1; a bound of 15 must not make it optimal.
    const r = await solveModel(slowBackend(5, seen), model, { timeLimit: 2, start: new Float64Array([1, 1]) });
    expect(seen.stopped).toBe(false);
    expect(r.status).toBe("time_limit");
  });

  it("a stop asked by the user stays an interruption", async () => {
    const seen = { stopped: false };
    const r = await solveModel(slowBackend(3, seen), model, { timeLimit: 2, start, signal: AbortSignal.abort() });
    expect(seen.stopped).toBe(true);
    expect(r.status).toBe("interrupted");
  });
});
