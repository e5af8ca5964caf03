import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byzopt, tempDir } from "../helpers/cli.js";

/**
 * The acceptance run of the backends: `byzopt solve` on the LP and the MPS file of dbft-2-4-5 P1 gives
 * 1400. HiGHS and CBC prove it (10–90 s each, which is why this is in `make test-long`). GLPK finds 1400
 * within seconds here but cannot close the gap (its bound stays at the LP relaxation's 4400 for many
 * minutes), so it runs under a time limit; what it reports must be consistent with the proved 1400
 * whatever the machine's speed, and it is never called optimal unless at 1400.
 */
const dir = tempDir();
afterAll(() => dir.remove());
const files = { lp: join(dir.path, "dbft-2-4-5.lp"), mps: join(dir.path, "dbft-2-4-5.mps") };

beforeAll(() => {
  for (const path of Object.values(files)) expect(byzopt(["dbft", "generate", "--n", "4", "--tmax", "5", "--objective", "P1", "--out", path]).status).toBe(0);
});

describe("byzopt solve on dbft-2-4-5 P1", () => {
  for (const format of ["lp", "mps"] as const) {
    for (const solver of ["highs", "cbc"] as const) {
      it(`${format} with ${solver}: optimal 1400`, () => {
        const r = byzopt(["solve", files[format], "--solver", solver, "--json"]);
        expect(r.status, r.stderr).toBe(0);
        const j = JSON.parse(r.stdout);
        expect(j).toMatchObject({ solver, status: "optimal", objective: 1400, gap: 0 });
        expect(j.model).toMatchObject({ direction: "max", vars: 1722, constraints: 2838, nonzeros: 11708 });
        expect(j.check.feasible).toBe(true);
        expect(j.values.totalBlockRelayed).toBe(1);
        expect(j.values.numberOfRounds).toBe(4);
      });
    }
    for (const solver of ["glpk", "glpsol"] as const) {
      it(`${format} with ${solver} under a 15 s limit: consistent with 1400`, () => {
        const r = byzopt(["solve", files[format], "--solver", solver, "--time-limit", "15", "--json"]);
        expect(r.status, r.stderr).toBe(0);
        const j = JSON.parse(r.stdout);
        expect(["time_limit", "optimal"]).toContain(j.status);
        if (j.status === "optimal") expect(j.objective).toBe(1400);
        if (j.objective !== null) {
          expect(j.objective).toBeLessThanOrEqual(1400);
          expect(j.check.feasible).toBe(true);
        }
        if (j.bound !== null) expect(j.bound).toBeGreaterThanOrEqual(1400);
      });
    }
  }
});
