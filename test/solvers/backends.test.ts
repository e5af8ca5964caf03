import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams } from "../../formulations/dbft2/index.js";
import { InputError } from "../../formulations/input-error.js";
import { checkSolution, ModelBuilder } from "../../formulations/model/index.js";
import { solverNamed, solveModel } from "../../solvers/registry.js";
import type { SolveProgress } from "../../solvers/types.js";
import { hardKnapsack } from "../helpers/knapsack.js";
import { milpModel } from "../helpers/random-milp.js";

const hard = buildDbftModel(dbftParams({ n: 4, tmax: 10, objective: "P1" })).model;
const small = milpModel({ direction: "max", vars: [{ kind: "integer", lower: 0, upper: 5, cost: 3 }, { kind: "continuous", lower: -1, upper: 2.5, cost: 1 }], rows: [{ coefs: [2, 1], sense: "<=", rhs: 9 }] });

describe("a crashed runtime is an error result, and the next solve works", () => {
  for (const name of ["highs", "glpk"] as const) {
    it(`${name}: a WebAssembly trap`, async () => {
      const solver = solverNamed(name);
      const crashed = await solveModel(solver, small, { fault: "wasm-trap" });
      expect(crashed.status).toBe("error");
      expect(crashed.message).toMatch(new RegExp(`^${name} crashed: .*(RuntimeError|memory access out of bounds|Aborted|unreachable)`, "i"));
      expect(crashed.values).toBeNull();
      const next = await solveModel(solver, small);
      expect(next.status).toBe("optimal");
      expect(next.objective).toBeCloseTo(3 * 5 - 1, 9); // 2a + c <= 9 with c >= -1: a = 5, c = -1
    });
  }
});

/** dbft-2-4-10 P1 (paper's model) is 1400: proved on the strengthened model (bench/results/sweep-paper). */
const HARD_OPTIMUM = 1400;

describe("node limits: incumbent, bound and gap, the same on any machine", () => {
  const knapsack = hardKnapsack();
  // CBC proves it in about 8,000 nodes; HiGHS needs as many: 10 nodes leave a gap with both.
  const proved = solveModel(solverNamed("cbc"), knapsack);
  for (const name of ["highs", "cbc"] as const) {
    it(`${name} stops after 10 nodes of a knapsack that needs thousands, and says so`, async () => {
      const progress: SolveProgress[] = [];
      const r = await solveModel(solverNamed(name), knapsack, { nodeLimit: 10, onProgress: (p) => progress.push(p) });
      const optimum = await proved;
      expect(optimum.status).toBe("optimal");
      expect(r.status).toBe("node_limit");
      expect(r.nodes).toBeLessThanOrEqual(10);
      expect(r.objective).not.toBeNull();
      expect(r.objective!).toBeLessThan(optimum.objective! - 1e-6);
      expect(r.bound!).toBeGreaterThan(optimum.objective! + 1e-6);
      expect(r.gap).toBeCloseTo((r.bound! - r.objective!) / r.objective!, 9);
      expect(checkSolution(knapsack, r.values!)).toMatchObject({ feasible: true });
      expect(checkSolution(knapsack, r.values!).objective).toBeCloseTo(r.objective!, 6);
      expect(progress.some((p) => p.incumbent !== null)).toBe(true);
      // Deterministic: the same limit gives the same answer again.
      const again = await solveModel(solverNamed(name), knapsack, { nodeLimit: 10 });
      expect([again.status, again.objective, again.bound, again.nodes, Array.from(again.values!)]).toEqual([r.status, r.objective, r.bound, r.nodes, Array.from(r.values!)]);
    });
  }

  it("cbc reports the bound CBC proved at the root: the LP relaxation's 4400 on dbft-2-4-5 P1", async () => {
    const r = await solveModel(solverNamed("cbc"), buildDbftModel(dbftParams({ n: 4, tmax: 5, objective: "P1" })).model, { nodeLimit: 0 });
    expect(r.status).toBe("node_limit");
    expect(r.bound).toBe(4400);
    if (r.objective !== null) expect(r.gap).toBeCloseTo((4400 - r.objective) / r.objective, 9);
  });

  it("backends without a node limit refuse it before any work; a limit is a whole number", async () => {
    for (const name of ["glpk", "glpsol", "jslp"] as const) await expect(solveModel(solverNamed(name), small, { nodeLimit: 5 })).rejects.toThrow(new RegExp(`^${name} cannot stop at a node limit; use highs or cbc`));
    await expect(solveModel(solverNamed("highs"), small, { nodeLimit: 2.5 })).rejects.toThrow(InputError);
  });
});

describe("time limits: never 'optimal' unless proved", () => {
  // Which incumbent a backend has after 2 s depends on the machine and its load; what must hold whatever
  // the speed: a checked incumbent no better than the optimum, a bound no tighter, 'optimal' only at 1400.
  for (const name of ["glpk", "cbc", "glpsol"] as const) {
    it(`${name} on dbft-2-4-10 P1 with 2 s`, async () => {
      const r = await solveModel(solverNamed(name), hard, { timeLimit: 2 });
      expect(["time_limit", "optimal"]).toContain(r.status);
      if (r.status === "optimal") expect(r.objective).toBe(HARD_OPTIMUM);
      if (r.objective !== null) expect(r.objective).toBeLessThanOrEqual(HARD_OPTIMUM);
      if (r.bound !== null) expect(r.bound).toBeGreaterThanOrEqual(HARD_OPTIMUM);
      if (r.values) expect(checkSolution(hard, r.values)).toMatchObject({ feasible: true });
      if (r.values) expect(checkSolution(hard, r.values).objective).toBeCloseTo(r.objective!, 6);
      expect(r.seconds).toBeGreaterThan(0);
    });
  }
});

describe("stopping a solve", () => {
  for (const name of ["cbc", "glpsol", "glpk"] as const) {
    it(`${name} stops on abort and says so`, async () => {
      // Stopped at its first report, minutes before it could prove dbft-2-4-10 P1: no clock involved.
      const controller = new AbortController();
      const r = await solveModel(solverNamed(name), hard, { signal: controller.signal, onProgress: () => controller.abort() });
      expect(controller.signal.aborted).toBe(true);
      expect(r.status).toBe("interrupted");
    });
  }
});

describe("backends that cannot take the model are refused before any work", () => {
  it("native programs missing from PATH", async () => {
    const saved = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(solverNamed("cbc").refuse(small)).toMatch(/cbc is not on PATH; install it with: apt-get install coinor-cbc/);
      expect(solverNamed("glpsol").refuse(small)).toMatch(/glpsol is not on PATH; install it with: apt-get install glpk-utils/);
      await expect(solveModel(solverNamed("cbc"), small)).rejects.toThrow(InputError);
    } finally {
      process.env.PATH = saved;
    }
  });

  it("javascript-lp-solver above its size limit", async () => {
    expect(solverNamed("jslp").refuse(small)).toBeNull();
    await expect(solveModel(solverNamed("jslp"), hard)).rejects.toThrow(/unfit for this model/);
  });
});

describe("a model without columns is decided the same way for every backend", () => {
  it("0 = 2 is infeasible; 0 <= 2 is optimal with the objective's constant", async () => {
    const build = (sense: "=" | "<=") => {
      const b = new ModelBuilder("empty");
      b.namedRow("r", sense).end(2);
      return b.build();
    };
    for (const name of ["highs", "glpk", "jslp"] as const) {
      const bad = await solveModel(solverNamed(name), build("="));
      expect([name, bad.status, bad.values]).toEqual([name, "infeasible", null]);
      const good = await solveModel(solverNamed(name), build("<="));
      expect([name, good.status, good.objective]).toEqual([name, "optimal", 0]);
    }
  });
});
