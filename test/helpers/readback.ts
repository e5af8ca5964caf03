import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDbftModel, dbftParams, type DbftParams } from "../../formulations/dbft2/index.js";
import { modelStats } from "../../formulations/model/index.js";
import { writeDbftInstance, type FileFormat } from "../../instances/generate.js";
import { highsSolver } from "../../solvers/highs.js";
import { loadHighs } from "../../solvers/highs-loader.js";
import { tempDir } from "./cli.js";
import { cbcCounts, cbcOptimum, glpsolCounts, glpsolOptimum, type ReadCounts } from "./native.js";

/**
 * Files written by us, read back by three independent parsers, must describe the model we built:
 * same sizes, and (with an objective every reader solves in seconds: the most views) the same optimum.
 */
const dir = tempDir();
afterAll(() => dir.remove());

async function highsRead(path: string, format: FileFormat): Promise<{ counts: ReadCounts; optimum: number }> {
  const highs = await loadHighs();
  const data = format === "lp" ? readFileSync(path, "utf8") : new Uint8Array(readFileSync(path));
  const m = highs.createModel({ format, data });
  try {
    const dims = m.getDimensions();
    const lp = m.getModel();
    let integers = 0;
    let binaries = 0;
    for (let c = 0; c < dims.numCols; c++) {
      if (!lp.integrality[c]) continue;
      integers++;
      if (lp.colLower[c] === 0 && lp.colUpper[c] === 1) binaries++;
    }
    m.options.set({ output_flag: false });
    m.run();
    expect(m.getModelStatus()).toBe(highs.constants.modelStatus.optimal);
    return { counts: { rows: dims.numRows, cols: dims.numCols, nonzeros: dims.numNonzeros, integers, binaries }, optimum: m.getObjectiveValue() };
  } finally {
    m.dispose();
  }
}

/** Registers the read-back tests of dbft-2-n-tmax. */
export function readBack(n: number, tmax: number): void {
  describe(`dbft-2-${n}-${tmax} written and read back`, () => {
    // Maximise the number of views: a max problem (so MPS negation is exercised) that CBC and glpsol prove fast.
    const p: DbftParams = dbftParams({ n, tmax, objective: { direction: "max", w1: 0, w2: 100, w3: 0 } });
    const built = buildDbftModel(p);
    const stats = modelStats(built.model);
    const expected: ReadCounts = { rows: stats.constraints, cols: stats.vars, nonzeros: stats.nonzeros, integers: stats.binaries + stats.integers, binaries: stats.binaries };
    let optimum = NaN;

    it("HiGHS in-process (from the model's arrays) finds the optimum: every view used", async () => {
      const r = await highsSolver.solve(built.model);
      expect(r.status).toBe("optimal");
      optimum = r.objective!;
      expect(optimum).toBe(100 * n);
    });

    for (const format of ["lp", "mps"] as const) {
      const path = join(dir.path, `dbft-2-${n}-${tmax}.${format}`);
      const sign = format === "mps" ? -1 : 1; // MPS holds the negated objective of a max model

      it(`${format}: written file is complete`, () => {
        const w = writeDbftInstance(p, path, format);
        expect(w.stats).toEqual(stats);
        expect(readFileSync(path, "utf8").trimEnd().endsWith(format === "lp" ? "End" : "ENDATA")).toBe(true);
      });

      it(`${format}: HiGHS reads the same counts and optimum`, async () => {
        const r = await highsRead(path, format);
        expect(r.counts).toEqual(expected);
        expect(r.optimum).toBeCloseTo(sign * optimum, 6);
      });

      it(`${format}: glpsol reads the same counts and optimum`, () => {
        expect(glpsolCounts(path)).toEqual(expected);
        expect(glpsolOptimum(path, `${path}.glpsol.sol`)).toBeCloseTo(sign * optimum, 6);
      });

      it(`${format}: CBC reads the same counts and optimum`, () => {
        expect(cbcCounts(path)).toEqual(expected);
        expect(cbcOptimum(path, `${path}.cbc.sol`)).toBeCloseTo(sign * optimum, 6);
      });
    }
  });
}
