import { describe, expect, it } from "vitest";
import { buildDbftModel, CUT_NAMES, type CutName, dbftParams, PRESET_NAMES, PRESETS } from "../../formulations/dbft2/index.js";
import { checkSolution, Model, objectiveValue } from "../../formulations/model/index.js";
import { solveModel, solverNamed } from "../../solvers/registry.js";
import { canonicalPermutation, relabelNodes } from "./dbft-relabel.js";
import { mulberry32 } from "./rng.js";

const VALID: CutName[] = CUT_NAMES.filter((c) => c !== "symmetry");

/**
 * The same rows and columns under another objective (the arrays are shared, never written). Only the
 * arrays are handed over: the Model itself as `arrays` would copy its own objective over the new one
 * (which made every "random" objective P1 until the suite was split).
 */
function withObjective(model: Model, direction: "min" | "max", coefs: Float64Array): Model {
  const cols = Int32Array.from(coefs.keys());
  const { colKind, colLower, colUpper, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey } = model;
  return new Model(model.name, model.variables, model.constraints, { colKind, colLower, colUpper, rowStart, rowCol, rowCoef, rowSense, rowRhs, rowFamily, rowKey }, { direction, cols, coefs, offset: 0 });
}

/** Registers one test per (N, tmax, number of random objectives). */
export function cutValidityOnSolutions(cases: readonly (readonly [number, number, number])[]): void {
  describe("strengthening families: validity on solutions of the paper's model", () => {
    // Any feasible solution of the reference model must meet every valid inequality; renaming nodes
    // within their group must give a solution again, with the same preset objectives; and the canonical
    // renaming must meet the symmetry rows too. The solutions: random objectives over every bounded column
    // (the counters are unbounded), each solved within a 50% gap at the root (any incumbent will do), and
    // the proved optima of the seven presets, taken from the strengthened model (which only adds rows, so
    // they are solutions of the paper's model as well; the test checks it).
    for (const [n, tmax, runs] of cases) {
      it(`N=${n}, tmax=${tmax}: ${runs} random objectives and the seven presets`, async () => {
        const base = buildDbftModel(dbftParams({ n, tmax })).model;
        const valid = buildDbftModel(dbftParams({ n, tmax, strengthen: VALID })).model;
        const all = buildDbftModel(dbftParams({ n, tmax, strengthen: [...CUT_NAMES] })).model;
        const presetModels = PRESET_NAMES.map((preset) => buildDbftModel(dbftParams({ n, tmax, objective: PRESETS[preset] })).model);
        const random = mulberry32(n * 100 + tmax);
        const solutions: [string, Float64Array][] = [];
        for (let k = 0; k < runs; k++) {
          const coefs = Float64Array.from({ length: base.numCols }, (_, c) => {
            const w = random() * 2 - 1;
            return Number.isFinite(base.colUpper[c]!) ? w : 0;
          });
          // One node: HiGHS closes the 50% gap at the root, or stops there with an incumbent; no clock.
          const r = await solveModel(solverNamed("highs"), withObjective(base, "max", coefs), { nodeLimit: 1, relGap: 0.5 });
          expect(r.values, `random objective ${k}: ${r.status}`).not.toBeNull();
          solutions.push([`random objective ${k}`, r.values!]);
        }
        for (const preset of PRESET_NAMES) {
          const r = await solveModel(solverNamed("highs"), buildDbftModel(dbftParams({ n, tmax, objective: preset, strengthen: [...CUT_NAMES] })).model);
          expect(r.status, preset).toBe("optimal");
          solutions.push([`${preset} optimum`, r.values!]);
        }
        const index = base.colIndex();
        const blockCols = Array.from({ length: n }, (_, v) => index.get(`blockRelayed(${v + 1})`)!);
        const m = 2 * Math.floor((n - 1) / 3) + 1;
        // Honest labels reversed, and Byzantine ones reversed: a renaming that is not the canonical one.
        const reverse = [0, ...Array.from({ length: m }, (_, k) => m - k), ...Array.from({ length: n - m }, (_, k) => n - k)];
        let blocks = 0;
        let brokeSymmetry = 0;
        const where = (model: Model, x: Float64Array) => {
          const c = checkSolution(model, x);
          return c.feasible ? "" : (c.worstRow === null ? "bounds or integrality" : model.rowName(c.worstRow));
        };
        for (const [label, x] of solutions) {
          expect(where(base, x), label).toBe("");
          expect(where(valid, x), label).toBe("");
          const reversed = relabelNodes(base, x, reverse);
          expect(where(valid, reversed), `${label}, renamed`).toBe("");
          if (where(all, reversed) !== "") brokeSymmetry++;
          const canonical = relabelNodes(base, reversed, canonicalPermutation({ n, tmax }, reversed));
          expect(where(all, canonical), `${label}, canonical`).toBe("");
          for (const pm of presetModels) {
            expect(objectiveValue(pm, reversed)).toBeCloseTo(objectiveValue(pm, x), 9);
            expect(objectiveValue(pm, canonical)).toBeCloseTo(objectiveValue(pm, x), 9);
          }
          blocks += blockCols.reduce((s, c) => s + x[c]!, 0);
        }
        // Not vacuous: there were blocks, and renamed solutions that the symmetry rows cut off.
        expect(blocks).toBeGreaterThan(0);
        expect(brokeSymmetry).toBeGreaterThan(0);
      });
    }
  });
}
