import { describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams } from "../../formulations/dbft2/index.js";
import { InputError } from "../../formulations/input-error.js";
import { checkSolution, ModelBuilder } from "../../formulations/model/index.js";
import { solverNamed, solveModel } from "../../solvers/registry.js";
import type { SolveProgress } from "../../solvers/types.js";
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

describe("time limits: incumbent, bound and gap, never 'optimal'", () => {
  for (const name of ["glpk", "cbc", "glpsol"] as const) {
    it(`${name} on dbft-2-4-10 P1 with 4 s`, async () => {
      const progress: SolveProgress[] = [];
      const r = await solveModel(solverNamed(name), hard, { timeLimit: 4, onProgress: (p) => progress.push(p) });
      expect(r.status).toBe("time_limit");
      expect(r.objective).toBeGreaterThan(0);
      expect(r.values).not.toBeNull();
      const check = checkSolution(hard, r.values!);
      expect(check.feasible).toBe(true);
      expect(check.objective).toBeCloseTo(r.objective!, 6);
      if (r.bound !== null) expect(r.bound).toBeGreaterThanOrEqual(r.objective!);
      expect(r.seconds).toBeLessThan(12);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.some((p) => p.incumbent !== null)).toBe(true);
    });
  }
  it("cbc reports the bound CBC proved", async () => {
    const r = await solveModel(solverNamed("cbc"), hard, { timeLimit: 3 });
    expect(r.bound).toBe(4400);
    expect(r.gap).toBeCloseTo((4400 - r.objective!) / r.objective!, 9);
  });
});

describe("stopping a solve", () => {
  for (const name of ["cbc", "glpsol", "glpk"] as const) {
    it(`${name} stops on abort and says so`, async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1500);
      const started = performance.now();
      const r = await solveModel(solverNamed(name), hard, { signal: controller.signal });
      expect(r.status).toBe("interrupted");
      expect((performance.now() - started) / 1000).toBeLessThan(8);
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
